"""CPU and SQL per learner request, in process: a figure a busy machine blurs less than req/s.

    .venv/bin/python bench/profile_pages.py [--repeat 300] [--cprofile beranda]

Production settings (bench/serve.py's), the province database (bench/province.py, or
DATABASE_URL), the Flask test client signed in as a bench learner. For each page: the
statements one request sends (COMMIT counted as one) and the CPU time of one request, the
minimum and the median of `--repeat` runs after a warm-up: other work on the machine only ever
adds to a run, so the minimum is the cost of the code. `--moving`: before each request the
learner's page is made a minute old, so each view stores an interval (a write and a commit), as
in real use; without it every view is the same page within the same second. "kirim" submits
the post-test of `--submissions` other bench learners, each once, on a copy of the database.
"""

import argparse
import cProfile
import os
import pstats
import sqlite3
import statistics
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
sys.path.insert(0, str(BENCH))

import province  # noqa: E402
import serve  # noqa: E402
from sqlalchemy import event  # noqa: E402

from lms import create_app  # noqa: E402
from lms.backup.sqlite import backup_sqlite  # noqa: E402
from lms.extensions import db  # noqa: E402

SUBMIT_COPY = "/tmp/bina-bench-profile-submit.sqlite3"


def make_app(database_url: str):
    os.environ.update(serve.server_env(database_url))
    app = create_app()
    app.config["SESSION_COOKIE_SECURE"] = False
    return app


def sign_in(app, nip: str, password: str):
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    form = {"csrf_token": serve.csrf_token(page), "nip": nip, "password": password}
    answer = client.post("/login", data=form)
    if answer.status_code != 302:
        sys.exit(f"sign-in of {nip} failed: {answer.status_code}")
    return client


class StatementCounter:
    """Statements sent on the app's engine (COMMIT included) while counting."""

    def __init__(self, engine):
        self.count = 0
        self.sql: list[str] = []
        event.listen(engine, "before_cursor_execute", self._statement)
        event.listen(engine, "commit", self._commit)

    def _statement(self, _conn, _cursor, sql, *_args):
        self.count += 1
        self.sql.append(" ".join(sql.split())[:140])

    def _commit(self, _conn):
        self.count += 1
        self.sql.append("COMMIT")

    def reset(self):
        self.count = 0
        self.sql = []


def measure(request, repeat: int, counter: StatementCounter, before=None) -> dict:
    """Minimum and median CPU ms of `request()`, and the statements of its last run; `before`
    runs untimed before each request."""
    for _ in range(min(30, repeat)):
        request()
    times = []
    for _ in range(repeat):
        if before:
            before()
        counter.reset()
        began = time.process_time()
        request()
        times.append((time.process_time() - began) * 1000)
    return {
        "min": min(times),
        "median": statistics.median(times),
        "statements": counter.count,
        "sql": list(counter.sql),
    }


def page_request(client, path: str):
    def request():
        answer = client.get(path)
        if answer.status_code != 200:
            sys.exit(f"{path} answered {answer.status_code}")

    return request


def page_opened_earlier(enrollment_id: int):
    """Open the learner's page a minute ago (untimed), as if they had read it: the next page
    then has an interval to store, as every real page view does."""
    path = province.url().removeprefix("sqlite:///")

    def before():
        with sqlite3.connect(path) as connection:
            connection.execute(
                "UPDATE enrollments SET page_opened_at = datetime('now', '-60 seconds') "
                "WHERE id = ?",
                (enrollment_id,),
            )

    return before


def learner_pages(
    facts: dict, repeat: int, profile: str | None, show_sql: bool, moving: bool
) -> list[tuple]:
    app = make_app(province.url())
    learner = facts["learners"][0]
    client = sign_in(app, learner["nip"], facts["password"])
    paths = {
        "lantai": "/healthz",
        "beranda": "/beranda",
        "modul": f"/modul/{facts['slug']}",
        "materi": f"/modul/{facts['slug']}/materi/{facts['lesson']}",
        "post-test": f"/tes/{learner['attempt']}",
    }
    rows = []
    with app.app_context():
        counter = StatementCounter(db.engine)
    for name, path in paths.items():
        before = page_opened_earlier(learner["enrollment"]) if moving else None
        result = measure(page_request(client, path), repeat, counter, before)
        rows.append((name, result))
        if show_sql:
            print(f"-- {name}", *result["sql"], sep="\n   ")
        if profile == name:
            run_profile(page_request(client, path), repeat)
    return rows


def submissions(facts: dict, count: int, profile: bool, show_sql: bool) -> tuple:
    """Each of `count` bench learners (after the first) submits their open post-test once."""
    source = Path(province.url().removeprefix("sqlite:///"))
    for suffix in ("", "-wal", "-shm"):
        Path(SUBMIT_COPY + suffix).unlink(missing_ok=True)
    backup_sqlite(source, Path(SUBMIT_COPY))
    app = make_app(f"sqlite:///{SUBMIT_COPY}")
    with app.app_context():
        counter = StatementCounter(db.engine)
    times, statements = [], []
    profiler = cProfile.Profile() if profile else None
    for learner in facts["learners"][1 : count + 1]:
        client = sign_in(app, learner["nip"], facts["password"])
        path = f"/tes/{learner['attempt']}"
        token = serve.csrf_token(client.get(path).get_data(as_text=True))
        counter.reset()
        began = time.process_time()
        if profiler:
            profiler.enable()
        answer = client.post(path, data={"csrf_token": token, "action": "submit"})
        if profiler:
            profiler.disable()
        times.append((time.process_time() - began) * 1000)
        statements.append(counter.count)
        if answer.status_code != 302:
            sys.exit(f"submission answered {answer.status_code}")
    if show_sql:
        print("-- kirim", *counter.sql, sep="\n   ")
    if profiler:
        print_profile(profiler)
    result = {"min": min(times), "median": statistics.median(times)}
    return "kirim", {**result, "statements": max(statements), "sql": counter.sql}


def run_profile(request, repeat: int) -> None:
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(repeat):
        request()
    profiler.disable()
    print_profile(profiler)


def print_profile(profiler: cProfile.Profile) -> None:
    """The top 40 by PROFILE_SORT (default cumulative); also saved to PROFILE_DUMP if set."""
    stats = pstats.Stats(profiler)
    stats.sort_stats(os.environ.get("PROFILE_SORT", "cumulative")).print_stats(40)
    if os.environ.get("PROFILE_DUMP"):
        profiler.dump_stats(os.environ["PROFILE_DUMP"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=300)
    parser.add_argument("--submissions", type=int, default=100)
    parser.add_argument("--cprofile", help="a page name (or kirim) to profile with cProfile")
    parser.add_argument("--sql", action="store_true", help="print each page's statements")
    parser.add_argument(
        "--moving",
        action="store_true",
        help="a page open for a minute before each request (a write per view, as in real use)",
    )
    args = parser.parse_args()
    facts = province.ensure(province.url(), args.submissions + 1)
    rows = learner_pages(facts, args.repeat, args.cprofile, args.sql, args.moving)
    if args.submissions:
        rows.append(submissions(facts, args.submissions, args.cprofile == "kirim", args.sql))
    print(f"{'halaman':<11}{'SQL':>5}{'CPU ms min':>12}{'median':>9}")
    for name, result in rows:
        print(f"{name:<11}{result['statements']:>5}{result['min']:>12.2f}{result['median']:>9.2f}")


if __name__ == "__main__":
    main()
