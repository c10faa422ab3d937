"""Upgrading keeps data: the previous release's schema filled by its own demo, then our migrations.

Schema changes are added migrations only (never a regenerated initial one). This test builds a
database with the previous release's code at its migration head, fills it with that release's
demo, upgrades it with this release's migrations and checks every row is still there and
readable by the new code, on the backend under test (SQLite or PostgreSQL).
"""

import io
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, inspect, select, text

from lms.certificates.models import Certificate
from lms.extensions import db
from lms.learning.models import Enrollment
from lms.people.models import User
from tests.conftest import backend_url, drop_schema, make_app

ROOT = Path(__file__).parents[2]
PREVIOUS_RELEASE = "c6773f8"  # the release whose migration head is bf15056c57ee
PREVIOUS_HEAD = "bf15056c57ee"
DEMO_LEARNER = "199004042015032004"


def _flask(cwd: Path, database_url: str, *args: str) -> None:
    env = os.environ | {
        "DATABASE_URL": database_url,
        "LMS_ENV": "testing",
        "SECRET_KEY": "upgrade-test-" + "x" * 32,
        "PASSWORD_HASH_METHOD": "scrypt:1024:8:1",
    }
    done = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, f"flask {' '.join(args)} in {cwd}:\n{done.stderr[-3000:]}"


def _previous_release(target: Path) -> Path:
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", PREVIOUS_RELEASE], capture_output=True, check=True
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")
    return target


def _snapshot(url: str) -> dict[str, object]:
    """Row counts of every table, and the values people would notice changing."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            tables = [t for t in inspect(conn).get_table_names() if t != "alembic_version"]
            counts = {t: conn.scalar(text(f"SELECT COUNT(*) FROM {t}")) for t in tables}
            return {
                "counts": counts,
                "users": conn.execute(
                    text("SELECT nip, name, password_hash FROM users ORDER BY id")
                ).all(),
                "certificates": conn.execute(
                    text("SELECT number, code, jp, score FROM certificates ORDER BY id")
                ).all(),
                "attempts": conn.execute(text("SELECT id, score FROM attempts ORDER BY id")).all(),
                "head": conn.scalar(text("SELECT version_num FROM alembic_version")),
            }
    finally:
        engine.dispose()


@pytest.fixture(scope="module")  # one upgrade (about 40 s) serves both tests
def upgraded(tmp_path_factory):
    url = backend_url(tmp_path_factory, "upgrade")
    previous = _previous_release(tmp_path_factory.mktemp("previous"))
    _flask(previous, url, "db", "upgrade")
    _flask(previous, url, "lms", "content", "import", "content")
    _flask(previous, url, "lms", "demo")
    before = _snapshot(url)
    _flask(ROOT, url, "db", "upgrade")
    yield url, before, _snapshot(url)
    drop_schema(url)


def test_upgrade_from_the_previous_release_keeps_every_row(upgraded) -> None:
    _url, before, after = upgraded
    assert before["head"] == PREVIOUS_HEAD
    assert after["head"] != PREVIOUS_HEAD
    assert before["counts"]["users"] >= 50 and before["counts"]["certificates"] > 0
    kept = {table: after["counts"].get(table) for table in before["counts"]}
    assert kept == before["counts"]
    for values in ("users", "certificates", "attempts"):
        assert after[values] == before[values]


def test_the_new_code_reads_the_upgraded_data(upgraded) -> None:
    url, before, _after = upgraded
    app = make_app(url)
    with app.app_context():
        learner = db.session.scalar(select(User).where(User.nip == DEMO_LEARNER))
        completed = db.session.scalar(
            select(func.count()).where(
                Enrollment.user_id == learner.id, Enrollment.completed_at.is_not(None)
            )
        )
        certificate = db.session.scalars(select(Certificate).order_by(Certificate.id)).first()
        client = app.test_client()
        page = client.get(f"/verify/{certificate.code}").get_data(as_text=True)
        db.session.remove()
        db.engine.dispose()
    assert completed > 0
    assert certificate.module_title in page
