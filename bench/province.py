"""The province-sized scratch database every benchmark runs on, plus real modules and learners.

reports.build() makes 10,000 employees, 30 generated modules and ~300,000 attempts. Those
modules have no lessons or questions, so the real modules of content/ are imported beside
them, the demo people are loaded (the demo learner and supervisor can sign in), and N "bench
learners" get an open post-test on a real module: pre-test done, every lesson done, post-test
started, as the services would do it.

    .venv/bin/python bench/province.py [--learners 200]  # DATABASE_URL or the default file
"""

import argparse
import hashlib
import json
import os
import random
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
sys.path.insert(0, str(BENCH))

import reports  # noqa: E402
from flask_babel import force_locale  # noqa: E402
from sqlalchemy import func, insert, select, text  # noqa: E402
from werkzeug.security import generate_password_hash  # noqa: E402

from lms import clock, create_app  # noqa: E402
from lms.content.importer import import_content  # noqa: E402
from lms.content.loader import load_content  # noqa: E402
from lms.demo import people as people_demo  # noqa: E402
from lms.extensions import db  # noqa: E402
from lms.learning.models import Lesson, Module  # noqa: E402
from lms.people.models import RoleGrant, User  # noqa: E402
from lms.quizzes import services as quizzes  # noqa: E402
from tests.factories import finish_lesson  # noqa: E402

DEFAULT_URL = "sqlite:////tmp/bina-bench-pages.sqlite3"  # reports.py has its own file
PASSWORD = "bina-bench"
# Bench learners sign in hundreds of times: a cheap hash keeps sign-in out of the figures.
# werkzeug reads the method from the stored hash, so the app checks it as it is.
CHEAP_HASH = "pbkdf2:sha256:1000"
DEMO_LEARNER, DEMO_SUPERVISOR, DEMO_PASSWORD = (
    "199004042015032004",
    "197503032000031003",
    "bina-demo",
)
FIRST_BENCH_USER = 2  # employees 2.. are staff of the first OPD (reports.build numbering)


def url() -> str:
    return os.environ.get("DATABASE_URL", DEFAULT_URL)


def app_for(database_url: str):
    return create_app({"SQLALCHEMY_DATABASE_URI": database_url, "ENV_NAME": "testing"})


def info_path(database_url: str) -> Path:
    """Where the generated database's facts (learners, attempt ids, slugs) are kept."""
    name = "bina-bench-" + hashlib.sha1(database_url.encode()).hexdigest()[:10] + ".json"
    return Path("/tmp") / name


def generate(database_url: str, learners: int) -> dict:
    """Make the database from scratch and return its facts (also written to info_path)."""
    if database_url.startswith("sqlite:///"):
        for suffix in ("", "-wal", "-shm"):
            Path(database_url.removeprefix("sqlite:///") + suffix).unlink(missing_ok=True)
    app = app_for(database_url)
    began = time.perf_counter()
    with app.app_context(), app.test_request_context(), force_locale("id"):
        if db.inspect(db.engine).has_table("users"):
            db.session.execute(Module.__table__.update().values(current_version_id=None))
            db.session.commit()
            db.drop_all()
        db.create_all()
        reports.build(random.Random(2026))
        _restart_sequences()
        import_content(load_content(str(BENCH.parent / "content")), clock.utcnow())
        people_demo.load(CHEAP_HASH)  # the demo accounts; their activity generator would
        db.session.commit()  # also enrol the generated staff, who have theirs already
        facts = _bench_learners(learners)
        if db.engine.dialect.name == "postgresql":
            db.session.execute(text("ANALYZE"))
            db.session.commit()
        facts["employees"] = db.session.scalar(select(func.count(User.id)))
    facts["seconds"] = round(time.perf_counter() - began)
    info_path(database_url).write_text(json.dumps(facts))
    return facts


def _restart_sequences() -> None:
    """reports.build() inserts explicit ids; PostgreSQL's sequences must move past them."""
    if db.engine.dialect.name != "postgresql":
        return
    for table in db.metadata.sorted_tables:
        if "id" in table.c and table.c.id.autoincrement is not False:
            db.session.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                    f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
                )
            )


def _real_module() -> Module:
    """The imported module with the most lessons: the heaviest real lesson and post-test."""
    counts = (
        select(Module, func.count(Lesson.id).label("n"))
        .join(Lesson, Lesson.version_id == Module.current_version_id)
        .group_by(Module.id)
        .order_by(text("n DESC"), Module.id)
    )
    return db.session.execute(counts).first()[0]


def _bench_learners(count: int) -> dict:
    """Give `count` staff of the generated province a password and an open post-test."""
    module = _real_module()
    password_hash = generate_password_hash(PASSWORD, CHEAP_HASH)
    ids = list(range(FIRST_BENCH_USER, FIRST_BENCH_USER + count))
    db.session.execute(
        User.__table__.update().where(User.id.in_(ids)).values(password_hash=password_hash)
    )
    db.session.execute(insert(RoleGrant), [{"user_id": uid, "role": "learner"} for uid in ids])
    users = db.session.scalars(select(User).where(User.id.in_(ids)).order_by(User.id)).all()
    lessons = db.session.scalars(
        select(Lesson).where(Lesson.version_id == module.current_version_id)
    ).all()
    learners = []
    for user in users:
        enrollment = quizzes.enrollment_for_test(user, module, "pre")
        pre = quizzes.start_attempt(enrollment, "pre", random.Random(user.id))
        quizzes.submit_attempt(pre, {})
        for lesson in lessons:
            finish_lesson(enrollment, lesson)  # its practice checks answered, as the app requires
        post = quizzes.start_attempt(enrollment, "post", random.Random(user.id))
        db.session.flush()
        learners.append({"nip": user.nip, "attempt": post.id, "enrollment": enrollment.id})
    db.session.commit()
    return {"slug": module.slug, "lesson": 1, "password": PASSWORD, "learners": learners}


def ensure(database_url: str, learners: int) -> dict:
    """The facts of an already generated database, or generate it now."""
    path = info_path(database_url)
    if path.exists():
        facts = json.loads(path.read_text())
        if len(facts["learners"]) >= learners and _still_there(database_url):
            return facts
    return generate(database_url, learners)


def _still_there(database_url: str) -> bool:
    if database_url.startswith("sqlite:///"):
        return Path(database_url.removeprefix("sqlite:///")).exists()
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=200)
    args = parser.parse_args()
    facts = generate(url(), args.learners)
    print(
        f"{facts['employees']} employees, {len(facts['learners'])} bench learners on "
        f"{facts['slug']}, generated in {facts['seconds']} s"
    )


if __name__ == "__main__":
    main()
