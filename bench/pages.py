"""Page throughput: three learner pages against a bare Flask route, same gunicorn, same load.

    .venv/bin/python bench/pages.py [--seconds 10] [--connections 16]

Both apps run under gunicorn with deploy/gunicorn.conf.py as in production (2 x CPU + 1
workers, one thread each); `wrk` (Debian: apt-get install wrk) loads each page from a second
process on 127.0.0.1 for a fixed time with a fixed number of connections, carrying the
signed-in learner's session cookie.
The database is the province generator's (bench/province.py). Targets: learner home and
lesson at least 0.3 of the bare route, the open post-test page at least 0.2.
"""

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import province  # noqa: E402
from serve import gunicorn, sign_in, workers_cpu  # noqa: E402

BARE_PORT, APP_PORT = 8301, 8302
# "lantai": /healthz with the learner's cookie, the fixed cost of any signed-in request (session,
# user, headers) with no page behind it; shown to explain the pages' ratios, no target.
TARGETS = {"bare": None, "lantai": None, "beranda": 0.3, "materi": 0.3, "post-test": 0.2}


def wrk(port: int, path: str, cookie: str, seconds: int, connections: int, master: int = 0) -> dict:
    """Requests/s and p50/p99 latency (ms) of `wrk --latency` on one URL; with the gunicorn
    `master`'s pid, also the CPU its workers spent per request ("cpu": ms), a figure that other
    work on the machine changes far less than req/s."""
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install -y wrk")
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    cpu_before = workers_cpu(master) if master else 0.0
    output = subprocess.run(
        [*command, f"http://127.0.0.1:{port}{path}"],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 30,
    ).stdout
    cpu = workers_cpu(master) - cpu_before if master else 0.0
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(r"Socket errors: (.*)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": _ms(re.search(r"50%\s+([\d.]+\w+)", output).group(1)),
        "p99": _ms(re.search(r"99%\s+([\d.]+\w+)", output).group(1)),
        "cpu": cpu * 1000 / requests if master and requests else None,
        "bad": int(bad.group(1)) if bad else 0,
        "errors": errors.group(1) if errors else "",
    }


def _ms(value: str) -> float:
    number, unit = re.match(r"([\d.]+)(\w+)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def run(seconds: int, connections: int) -> list[dict]:
    facts = province.ensure(province.url(), 1)
    learner = facts["learners"][0]
    paths = {
        "lantai": "/healthz",
        "beranda": "/beranda",
        "materi": f"/modul/{facts['slug']}/materi/{facts['lesson']}",
        "post-test": f"/tes/{learner['attempt']}",
    }
    rows = []
    with gunicorn("bare_wsgi:app", BARE_PORT) as master:
        wrk(BARE_PORT, "/", "", 2, connections)  # warm-up
        bare = wrk(BARE_PORT, "/", "", seconds, connections, master)
    rows.append({"page": "bare", "path": "/", **bare})
    with gunicorn("wsgi:app", APP_PORT, province.url()) as master:
        client = sign_in(APP_PORT, learner["nip"], facts["password"])
        for name, path in paths.items():
            status, _, _ = client.get(path)
            if status != 200:
                sys.exit(f"{path} answered {status} for the bench learner")
            wrk(APP_PORT, path, client.cookie_header(), 2, connections)  # warm-up
            rows.append(
                {
                    "page": name,
                    "path": path,
                    **wrk(APP_PORT, path, client.cookie_header(), seconds, connections, master),
                }
            )
    for row in rows:
        row["ratio"] = row["rps"] / bare["rps"]
        target = TARGETS[row["page"]]
        row["target"] = target
        row["met"] = target is None or (row["ratio"] >= target and not row["bad"])
    return rows


def print_rows(rows: list[dict]) -> None:
    print(
        f"{'halaman':<11}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'CPU ms':>8}"
        f"{'rasio':>8}{'target':>8}  ok"
    )
    for row in rows:
        target = f"{row['target']:.1f}" if row["target"] else "-"
        flag = "ya" if row["met"] else "TIDAK"
        bad = f"  ({row['bad']} non-2xx/3xx)" if row["bad"] else ""
        print(
            f"{row['page']:<11}{row['rps']:>9.0f}{row['p50']:>9.1f}{row['p99']:>9.1f}"
            f"{row['cpu']:>8.2f}"
            f"{row['ratio']:>8.2f}{target:>8}  {flag}{bad}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    print_rows(run(args.seconds, args.connections))


if __name__ == "__main__":
    main()
