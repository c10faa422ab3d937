"""Quiz submission: 200 learners submit their post-tests at once, then every one is checked.

    .venv/bin/python bench/submissions.py                       # SQLite (a copy of the bench DB)
    BENCH_PG_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test .venv/bin/python \
        bench/submissions.py --backend postgresql               # its own schema, dropped after

Each learner (bench/province.py: pre-test and lessons done, post-test open) signs in and opens
the post-test page first; that set-up is not timed. Then all of them, one thread each, wait
at a barrier and POST "submit" with an answer to each single-choice question; every tenth
learner double-clicks (two POSTs at once). Afterwards the database must show each attempt
submitted exactly once: state submitted, one post-test attempt per enrolment, the enrolment's
attempt count 1, and no answer was a 5xx. Besides submissions/s and latency it reports the
CPU the gunicorn workers spent per submission during the storm: a figure that other work on
the machine blurs less than the wall-clock ones (`--runs 5` repeats the whole run).
"""

import argparse
import os
import re
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import province  # noqa: E402
from serve import Client, csrf_token, gunicorn, sign_in, workers_cpu  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402

PORT = 8303
DOUBLE_EVERY = 10
SQLITE_COPY = "/tmp/bina-bench-submit.sqlite3"
MEDIANS = ("per_s", "p50", "p99", "cpu_ms")


def database(backend: str, learners: int) -> tuple[str, dict, object]:
    """A fresh database with `learners` open post-tests, and a function that removes it."""
    if backend == "sqlite":
        source = province.DEFAULT_URL
        facts = province.ensure(source, learners)
        from lms.backup.sqlite import backup_sqlite  # the same online copy `flask lms backup` makes

        remove_copy()  # a -wal left by an interrupted run would be replayed into the new copy
        backup_sqlite(Path(source.removeprefix("sqlite:///")), Path(SQLITE_COPY))
        return f"sqlite:///{SQLITE_COPY}", facts, remove_copy
    base = os.environ.get("BENCH_PG_URL") or os.environ.get("TEST_DATABASE_URL")
    if not base:
        sys.exit("PostgreSQL: set BENCH_PG_URL (or TEST_DATABASE_URL)")
    schema = f"bench_{os.getpid()}"
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    url = f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{schema}"

    def drop() -> None:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        admin.dispose()

    return url, province.generate(url, learners), drop


def remove_copy() -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(SQLITE_COPY + suffix).unlink(missing_ok=True)


def answers(html: str) -> dict[str, str]:
    """The first option of every radio group on the page: a plausible, complete answer."""
    chosen: dict[str, str] = {}
    for tag in re.findall(r"<input[^>]*type=\"radio\"[^>]*>", html):
        name, value = re.search(r'name="([^"]+)"', tag), re.search(r'value="([^"]*)"', tag)
        if name and value:
            chosen.setdefault(name.group(1), value.group(1))
    return chosen


def prepare(port: int, facts: dict, count: int) -> list[tuple[Client, str, dict]]:
    """Sign every learner in and read its post-test form (not timed)."""
    prepared = []
    for learner in facts["learners"][:count]:
        client = sign_in(port, learner["nip"], facts["password"])
        path = f"/tes/{learner['attempt']}"
        status, _, page = client.get(path)
        if status != 200:
            sys.exit(f"{path}: {status}")
        html = page.decode()
        form = {"csrf_token": csrf_token(html), "action": "submit", **answers(html)}
        prepared.append((client, path, form))
    return prepared


def storm(port: int, prepared: list) -> tuple[list[float], list[int], float]:
    """Everyone submits at once; return latencies (s), statuses and the wall time."""
    latencies, statuses, lock = [], [], threading.Lock()
    barrier = threading.Barrier(len(prepared) + len(prepared) // DOUBLE_EVERY + 1)

    def submit(client: Client, path: str, form: dict) -> None:
        barrier.wait()
        began = time.perf_counter()
        try:
            status = client.post(path, form)[0]
        except OSError:
            status = 599
        finally:
            client.close()
        with lock:
            latencies.append(time.perf_counter() - began)
            statuses.append(status)

    threads = []
    for index, (client, path, form) in enumerate(prepared):
        threads.append(threading.Thread(target=submit, args=(client, path, form)))
        if index % DOUBLE_EVERY == 0:  # the double click: a second connection, same cookie
            twin = Client(port)
            twin.cookies = dict(client.cookies)
            threads.append(threading.Thread(target=submit, args=(twin, path, form)))
    for thread in threads:
        thread.start()
    barrier.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join(timeout=300)
    return latencies, statuses, time.perf_counter() - began


def verify(url: str, facts: dict, count: int) -> list[str]:
    """Problems found in the database: each learner's post-test stored exactly once."""
    learners = facts["learners"][:count]
    ids = ",".join(str(learner["enrollment"]) for learner in learners)
    engine = create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT e.id, e.posttest_attempts, "
                "SUM(CASE WHEN a.test = 'post' THEN 1 ELSE 0 END), "
                "SUM(CASE WHEN a.test = 'post' AND a.state = 'submitted' "
                "AND a.submitted_at IS NOT NULL THEN 1 ELSE 0 END) "
                f"FROM enrollments e JOIN attempts a ON a.enrollment_id = e.id "
                f"WHERE e.id IN ({ids}) GROUP BY e.id, e.posttest_attempts"
            )
        ).all()
    engine.dispose()
    problems = [
        f"enrolment {r[0]}: {r[1]} counted, {r[2]} post, {r[3]} submitted"
        for r in rows
        if (r[1], r[2], r[3]) != (1, 1, 1)
    ]
    if len(rows) != len(learners):
        problems.append(f"{len(learners) - len(rows)} enrolments missing")
    return problems


def run(backend: str, count: int) -> dict:
    url, facts, drop = database(backend, count)
    try:
        with gunicorn("wsgi:app", PORT, url) as master:
            prepared = prepare(PORT, facts, count)
            cpu_before = workers_cpu(master)
            latencies, statuses, wall = storm(PORT, prepared)
            cpu = workers_cpu(master) - cpu_before
        problems = verify(url, facts, count)
    finally:
        drop()
    latencies.sort()
    server_errors = sum(status >= 500 for status in statuses)
    return {
        "backend": backend,
        "learners": count,
        "requests": len(statuses),
        "per_s": count / wall,
        "p50": latencies[len(latencies) // 2] * 1000,
        "p99": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000,
        "cpu_ms": cpu * 1000 / count,
        "5xx": server_errors,
        "statuses": sorted(set(statuses)),
        "problems": problems,
        "ok": not problems and not server_errors,
    }


def print_result(result: dict) -> None:
    print(
        f"{result['backend']:<11}{result['learners']:>5} pengiriman ({result['requests']} POST), "
        f"{result['per_s']:.0f}/s, p50 {result['p50']:.0f} ms, p99 {result['p99']:.0f} ms, "
        f"CPU server {result['cpu_ms']:.1f} ms/pengiriman, "
        f"status {result['statuses']}, 5xx {result['5xx']}, "
        f"tepat sekali: {'ya' if not result['problems'] else 'TIDAK'}"
    )
    for problem in result["problems"][:10]:
        print("   ", problem)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--learners", type=int, default=200)
    parser.add_argument("--runs", type=int, default=1, help="repeat, then print the medians")
    args = parser.parse_args()
    results = []
    for _ in range(args.runs):
        results.append(run(args.backend, args.learners))
        print_result(results[-1])
    if args.runs > 1:
        middle = {key: statistics.median(r[key] for r in results) for key in MEDIANS}
        print(
            f"median dari {args.runs}: {middle['per_s']:.0f}/s, p50 {middle['p50']:.0f} ms, "
            f"p99 {middle['p99']:.0f} ms, CPU server {middle['cpu_ms']:.1f} ms/pengiriman, "
            f"semua tepat sekali tanpa 5xx: {'ya' if all(r['ok'] for r in results) else 'TIDAK'}"
        )


if __name__ == "__main__":
    main()
