"""Memory: resident size (RSS) of one gunicorn worker after 1,000 mixed requests.

    .venv/bin/python bench/memory.py [--requests 1000]

One worker (production settings otherwise) on the bench database; four clients (signed-in
learners) cycle through learner home, a module page, a lesson, their open post-test page, the
sign-in page and the front page. RSS is read from /proc before and after.
"""

import argparse
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import province  # noqa: E402
from serve import Client, gunicorn, sign_in  # noqa: E402

PORT = 8305
CLIENTS = 4


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for {pid}")


def worker_of(master: int) -> int:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    if len(children) != 1:
        raise RuntimeError(f"expected one worker under {master}, found {children}")
    return int(children[0])


def run(total: int) -> dict:
    facts = province.ensure(province.url(), CLIENTS)
    paths = ["/beranda", f"/modul/{facts['slug']}", f"/modul/{facts['slug']}/materi/1"]
    with gunicorn("wsgi:app", PORT, province.url(), workers=1) as master:
        worker = worker_of(master)
        Client(PORT).get("/login")
        before = rss_kb(worker)
        clients = [
            sign_in(PORT, learner["nip"], facts["password"])
            for learner in facts["learners"][:CLIENTS]
        ]
        statuses: list[int] = []

        def browse(index: int) -> None:
            client = clients[index]
            mine = [*paths, f"/tes/{facts['learners'][index]['attempt']}", "/login", "/"]
            for n in range(index, total, CLIENTS):
                statuses.append(client.get(mine[n % len(mine)])[0])

        threads = [threading.Thread(target=browse, args=(i,)) for i in range(CLIENTS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=600)
        after = rss_kb(worker)
    return {
        "requests": len(statuses),
        "before_mb": before / 1024,
        "after_mb": after / 1024,
        "errors": sum(status >= 400 for status in statuses),
    }


def print_result(result: dict) -> None:
    print(
        f"RSS satu worker: {result['before_mb']:.0f} MB setelah start, {result['after_mb']:.0f} MB "
        f"setelah {result['requests']} permintaan campuran ({result['errors']} galat)"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1000)
    print_result(run(parser.parse_args().requests))
