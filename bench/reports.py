"""Time the reports on a province-sized scratch database, beside the bare SQL behind them.

    .venv/bin/python bench/reports.py                  # SQLite file /tmp/bina-bench.sqlite3
    DATABASE_URL=postgresql+psycopg://.../scratch .venv/bin/python bench/reports.py --reset

Generates 10,000 employees (50 OPDs of 200), 30 modules, 100,000 enrolments and about 300,000
attempts with bulk inserts, then times the supervisor's team overview (a subtree of 199) and the
province reports, each against a hand-written SQL aggregate computing the same figures. The
report should cost at most twice its bare query. Run by hand; not part of `make test`.
"""

import argparse
import os
import random
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import event, func, insert, select, text  # noqa: E402

from lms import create_app  # noqa: E402
from lms import models as _schema  # noqa: E402, F401
from lms.assignments.models import Assignment  # noqa: E402
from lms.evaluation.models import BehaviourEvaluation  # noqa: E402
from lms.extensions import db  # noqa: E402
from lms.learning.models import Enrollment, Module, ModuleVersion, ReactionSurvey  # noqa: E402
from lms.monev import models as _monev  # noqa: E402, F401
from lms.monev import periods, reports  # noqa: E402
from lms.people.models import Unit, User  # noqa: E402
from lms.people.services import unit_paths  # noqa: E402
from lms.quizzes.models import Attempt  # noqa: E402
from lms.reminders import models as _reminders  # noqa: E402, F401
from lms.team import services as team  # noqa: E402
from lms.team import tables as team_tables  # noqa: E402

OPDS, BIDANG, PER_OPD, MODULES = 50, 4, 200, 30
TODAY = date(2026, 11, 28)
NOW = datetime(2026, 11, 28, 12, 0)
BATCH = 5000
RUNS = 15


def bulk(model, rows: list[dict]) -> None:
    for start in range(0, len(rows), BATCH):
        db.session.execute(insert(model), rows[start : start + BATCH])


def build(rng: random.Random) -> int:
    """Fill the scratch database; return the id of the supervisor with 199 people below."""
    units, users, next_unit, next_user = [], [], 1, 1
    for opd in range(OPDS):
        top = next_unit
        units.append({"id": top, "name": f"Dinas {opd:02d}", "parent_id": None})
        next_unit += 1
        head = next_user
        users.append(_user(head, top, None))
        next_user += 1
        for b in range(BIDANG):
            units.append({"id": next_unit, "name": f"Bidang {b}", "parent_id": top})
            kabid = next_user
            users.append(_user(kabid, next_unit, head))
            next_user += 1
            for _ in range(
                (PER_OPD - 1 - BIDANG) // BIDANG + (b < (PER_OPD - 1 - BIDANG) % BIDANG)
            ):
                users.append(_user(next_user, next_unit, kabid))
                next_user += 1
            next_unit += 1
    bulk(Unit, units)
    bulk(User, users)
    modules = [{"id": m, "slug": f"modul-{m}", "archived": False} for m in range(1, MODULES + 1)]
    bulk(Module, modules)
    versions = [
        {
            "id": m,
            "module_id": m,
            "number": 1,
            "title": f"Modul {m:02d}",
            "jp": 2 + m % 3,
            "pretest_questions": 10,
            "posttest_questions": 10,
            "pass_mark": 70,
            "competency_codes": ["ORH", "KJS"],
            "published_at": datetime(2025, 1, 1),
        }
        for m in range(1, MODULES + 1)
    ]
    bulk(ModuleVersion, versions)
    db.session.execute(Module.__table__.update().values(current_version_id=Module.id))
    _activity(rng, [u["id"] for u in users])
    db.session.commit()
    return 1  # the first OPD's head


def _user(uid: int, unit_id: int, boss: int | None) -> dict:
    return {
        "id": uid,
        "nip": f"{198001010000000000 + uid}",
        "name": f"Pegawai {uid:05d}",
        "unit_id": unit_id,
        "supervisor_id": boss,
        "active": True,
        "position": "",
        "grade": "III/a",
        "must_change_password": False,
        "session_version": 1,
        "created_at": NOW,
    }


def _activity(rng: random.Random, user_ids: list[int]) -> None:
    enrollments, attempts, surveys, evaluations, assignments = [], [], [], [], []
    eid = aid = 0
    for uid in user_ids:
        for module in rng.sample(range(1, MODULES + 1), 10):
            eid += 1
            start = NOW - timedelta(days=rng.uniform(1, 700))
            pre = round(rng.uniform(10, 100), 1)
            posts = [
                round(min(100, pre + rng.uniform(-5, 60)), 1) for _ in range(rng.randint(1, 3))
            ]
            done = max(posts) >= 70 and rng.random() < 0.8
            completed = min(NOW, start + timedelta(days=rng.uniform(2, 40))) if done else None
            enrollments.append(
                {
                    "id": eid,
                    "user_id": uid,
                    "module_id": module,
                    "version_id": module,
                    "started_at": start,
                    "last_activity_at": completed or start,
                    "lessons_done": 5,
                    "pretest_score": pre,
                    "best_posttest_score": max(posts),
                    "posttest_attempts": len(posts),
                    "completed_at": completed,
                    "posttest_passed_at": completed,
                    "jp_credited": 2 + module % 3 if done else 0,
                }
            )
            for test, number, score in [("pre", 1, pre)] + [
                ("post", n, s) for n, s in enumerate(posts, start=1)
            ]:
                aid += 1
                attempts.append(
                    {
                        "id": aid,
                        "enrollment_id": eid,
                        "user_id": uid,
                        "version_id": module,
                        "test": test,
                        "number": number,
                        "state": "submitted",
                        "started_at": start,
                        "submitted_at": start,
                        "score": score,
                        "passed": score >= 70 if test == "post" else None,
                    }
                )
            if completed and rng.random() < 0.7:
                surveys.append(_survey(rng, eid, completed))
            if completed and completed < NOW - timedelta(days=90) and rng.random() < 0.5:
                evaluations.append(_evaluation(rng, eid, completed))
        if rng.random() < 0.3:
            due = TODAY + timedelta(days=rng.randint(-30, 30))
            assignments.append(
                {
                    "module_id": rng.randint(1, MODULES),
                    "user_id": uid,
                    "assigned_by_id": 1,
                    "due_date": due,
                    "note": "",
                    "created_at": NOW,
                }  # fmt: skip
            )
    bulk(Enrollment, enrollments)
    bulk(Attempt, attempts)
    bulk(ReactionSurvey, surveys)
    bulk(BehaviourEvaluation, evaluations)
    bulk(Assignment, assignments)
    print(
        f"{len(user_ids)} employees, {len(enrollments)} enrolments, {len(attempts)} attempts, "
        f"{len(surveys)} surveys, {len(evaluations)} evaluations, {len(assignments)} assignments"
    )


def _survey(rng, eid: int, when: datetime) -> dict:
    scores = {
        k: rng.randint(3, 5) for k in ("relevance", "clarity", "interactivity", "ease_of_use")
    }
    return {"enrollment_id": eid, "comment": "", "submitted_at": when, **scores}


def _evaluation(rng, eid: int, completed: datetime) -> dict:
    return {
        "enrollment_id": eid,
        "supervisor_id": 1,
        "ratings": {"ORH": rng.randint(2, 5), "KJS": rng.randint(2, 5)},
        "action_plan_rating": rng.randint(0, 3),
        "note": "",
        "created_at": completed + timedelta(days=95),
    }


TEAM_SQL = """
WITH RECURSIVE tree(id) AS (
  SELECT id FROM users WHERE supervisor_id = :boss
  UNION SELECT u.id FROM users u JOIN tree ON u.supervisor_id = tree.id
), e AS (
  SELECT user_id,
         SUM(CASE WHEN completed_at IS NULL THEN 1 ELSE 0 END) AS in_progress,
         SUM(CASE WHEN completed_at IS NOT NULL THEN 1 ELSE 0 END) AS completed,
         SUM(CASE WHEN completed_at >= :year_start AND completed_at < :year_end
                  THEN jp_credited ELSE 0 END) AS jp,
         MAX(last_activity_at) AS last_activity
  FROM enrollments WHERE user_id IN (SELECT id FROM tree) GROUP BY user_id
), a AS (
  SELECT a.user_id, COUNT(a.id) AS assigned,
         SUM(CASE WHEN a.due_date < :today AND e.completed_at IS NULL THEN 1 ELSE 0 END) AS overdue
  FROM assignments a LEFT JOIN enrollments e
    ON e.user_id = a.user_id AND e.module_id = a.module_id
  WHERE a.cancelled_at IS NULL AND a.user_id IN (SELECT id FROM tree) GROUP BY a.user_id
)
SELECT u.id, u.name, u.nip, units.name, COALESCE(a.assigned, 0), COALESCE(e.in_progress, 0),
       COALESCE(e.completed, 0), COALESCE(a.overdue, 0), COALESCE(e.jp, 0), e.last_activity
FROM users u LEFT JOIN units ON units.id = u.unit_id
LEFT JOIN e ON e.user_id = u.id LEFT JOIN a ON a.user_id = u.id
WHERE u.id IN (SELECT id FROM tree) AND u.active ORDER BY u.name, u.id
"""

PROVINCE_SQL = """
WITH RECURSIVE roots(unit_id, root_id) AS (
  SELECT id, id FROM units WHERE parent_id IS NULL
  UNION SELECT u.id, r.root_id FROM units u JOIN roots r ON u.parent_id = r.unit_id
), p AS (
  SELECT user_id,
         MAX(CASE WHEN started_at >= :start AND started_at < :end THEN 1 ELSE 0 END) AS started,
         MAX(CASE WHEN completed_at >= :start AND completed_at < :end THEN 1 ELSE 0 END) AS done,
         SUM(CASE WHEN completed_at >= :start AND completed_at < :end
                  THEN jp_credited ELSE 0 END) AS jp
  FROM enrollments GROUP BY user_id
), o AS (
  SELECT a.user_id, COUNT(*) AS overdue FROM assignments a LEFT JOIN enrollments e
    ON e.user_id = a.user_id AND e.module_id = a.module_id
  WHERE a.cancelled_at IS NULL AND a.due_date < :today
    AND (e.completed_at IS NULL OR e.completed_at >= :today)
  GROUP BY a.user_id
)
SELECT roots.root_id, COUNT(u.id), SUM(p.started), SUM(p.done), SUM(p.jp),
       SUM(CASE WHEN p.jp >= :target THEN 1 ELSE 0 END), SUM(o.overdue)
FROM users u LEFT JOIN roots ON roots.unit_id = u.unit_id
LEFT JOIN p ON p.user_id = u.id LEFT JOIN o ON o.user_id = u.id
WHERE u.active GROUP BY roots.root_id
"""

LEARNING_SQL = """
SELECT m.id, COUNT(*),
       AVG(CASE WHEN e.pretest_score < 100 THEN e.pretest_score END),
       AVG(CASE WHEN e.pretest_score < 100 THEN e.best_posttest_score END),
       AVG(CASE WHEN e.pretest_score < 100
                THEN (e.best_posttest_score - e.pretest_score) / (100.0 - e.pretest_score) END)
FROM enrollments e JOIN modules m ON m.id = e.module_id
WHERE e.completed_at >= :start AND e.completed_at < :end GROUP BY m.id
"""


def timed(work) -> float:
    """Fastest of RUNS runs, after one to warm the caches: the cost without interference from
    whatever else the machine is doing (as timeit advises)."""
    work()
    samples = []
    for _ in range(RUNS):
        began = time.perf_counter()
        work()
        samples.append(time.perf_counter() - began)
        db.session.rollback()
    return min(samples)


def hand_written(sql: str, **params):
    """A hand-written aggregate computing the report's main figures, for comparison."""
    statement = text(sql)
    return lambda: db.session.execute(statement, params).fetchall()


def replay_of(work):
    """The report's own SQL statements, captured once and replayed on the DBAPI cursor: the
    database's share of the report, without SQLAlchemy, Python shaping or rendering."""
    statements = []

    def capture(_conn, _cursor, statement, parameters, _context, _many):
        if not statement.startswith("BEGIN"):  # SQLite's explicit BEGIN (lms/web/database.py)
            statements.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", capture)
    try:
        work()
    finally:
        event.remove(db.engine, "before_cursor_execute", capture)

    def replay():
        cursor = db.session.connection().connection.cursor()
        for statement, parameters in statements:
            cursor.execute(statement, parameters)
            cursor.fetchall()
        cursor.close()

    return replay, len(statements)


def measure(boss: int) -> list[tuple]:
    year = periods.Period("2026", "year", date(2026, 1, 1), date(2027, 1, 1))
    quarter = periods.Period("2026-Q3", "quarter", date(2026, 7, 1), date(2026, 10, 1))

    def team_report():
        query, params = team.team_overview(boss, today=TODAY, jp_target=20)
        rows = db.session.execute(query, params).all()
        team_tables.overview_table(rows, unit_paths(), 20, 24)
        assert len(rows) == PER_OPD - 1

    def province_report():
        reports.overview(year, TODAY, 20)

    def levels_report():
        reports.four_levels(quarter, "modul", 20.0)

    year_bounds = {"year_start": datetime(2026, 1, 1), "year_end": datetime(2027, 1, 1)}
    span = {"start": year.start_at, "end": year.end_at}
    cases = [
        ("Tim (atasan, 199 pegawai)", team_report,
         hand_written(TEAM_SQL, boss=boss, today=TODAY, **year_bounds)),
        ("Partisipasi provinsi 2026", province_report,
         hand_written(PROVINCE_SQL, today=TODAY, target=20, **span)),
        ("Empat level 2026-Q3", levels_report,
         hand_written(LEARNING_SQL, start=quarter.start_at, end=quarter.end_at)),
    ]  # fmt: skip
    results = []
    for name, report, manual in cases:
        replay, count = replay_of(report)
        results.append((name, count, timed(report), timed(replay), timed(manual)))
    return results


RESULT_HEADER = (
    f"\n{'laporan':<28}{'SQL':>6}{'laporan ms':>12}{'SQL-nya ms':>12}{'rasio':>8}"
    f"{'tulis tangan':>13}"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reset", action="store_true", help="empty a non-empty database first")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "sqlite:////tmp/bina-bench.sqlite3")
    if url.startswith("sqlite:///") and Path(url.removeprefix("sqlite:///")).exists():
        Path(url.removeprefix("sqlite:///")).unlink()
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "ENV_NAME": "testing", "TESTING": True})
    with app.app_context(), app.test_request_context():
        if db.inspect(db.engine).has_table("users"):
            if db.session.scalar(select(func.count(User.id))) and not args.reset:
                sys.exit(f"{url} is not empty; pass --reset to empty it (everything is lost).")
            db.session.execute(Module.__table__.update().values(current_version_id=None))
            db.session.commit()
            db.drop_all()
        db.create_all()
        began = time.perf_counter()
        boss = build(random.Random(2026))
        if db.engine.dialect.name == "postgresql":
            db.session.execute(text("ANALYZE"))  # fresh statistics, as autovacuum would give
            db.session.commit()
        print(f"generated in {time.perf_counter() - began:.0f} s on {db.engine.dialect.name}")
        results = measure(boss)
    print(RESULT_HEADER)
    for name, count, report, replay, manual in results:
        print(
            f"{name:<28}{count:>6}{report * 1000:>12.1f}{replay * 1000:>12.1f}"
            f"{report / replay:>8.2f}{manual * 1000:>13.1f}"
        )


if __name__ == "__main__":
    main()
