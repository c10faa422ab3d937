"""`flask lms backup DEST`: a consistent copy of the SQLite database while the app writes."""

import sqlite3
import threading

import pytest
from sqlalchemy import select

from lms.backup.cli import backup_command
from lms.backup.sqlite import BackupRefused, sqlite_path
from lms.extensions import db
from lms.people.models import User
from lms.quizzes import services as quizzes
from lms.quizzes.models import Attempt
from tests.conftest import BACKEND, make_app
from tests.factories import choice_answers, make_module, make_user, ready_for_posttest

sqlite_only = pytest.mark.skipif(
    BACKEND != "sqlite", reason="PostgreSQL is backed up with pg_dump (deploy/BACKUP.md)"
)


def _learners_with_attempts(count: int) -> set[int]:
    module = make_module()
    ids = set()
    for n in range(count):
        enrollment = ready_for_posttest(make_user(f"Peserta {n}", roles=("learner",)), module)
        attempt = quizzes.start_attempt(enrollment, "post")
        quizzes.submit_attempt(attempt, choice_answers(attempt))
        db.session.commit()
        ids |= {a.id for a in db.session.scalars(select(Attempt)).all()}
    return ids


def _keep_writing(url: str, stop: threading.Event, written: list[int]) -> None:
    """Another process's worth of writes: new employees, one commit each, until told to stop."""
    app = make_app(url)
    with app.app_context():
        while not stop.is_set() and len(written) < 500:
            written.append(make_user(f"Pegawai Baru {len(written)}").id)
        db.session.remove()
        db.engine.dispose()


@sqlite_only
def test_backup_while_writing_restores_every_attempt(app, runner, database_url, tmp_path):
    attempts = _learners_with_attempts(5)
    assert len(attempts) == 10  # a pre-test and a post-test each
    stop, written = threading.Event(), []
    writer = threading.Thread(target=_keep_writing, args=(database_url, stop, written))
    writer.start()
    while len(written) < 3 and writer.is_alive():  # the writes are under way
        threading.Event().wait(0.01)
    try:
        dest = tmp_path / "cadangan.sqlite3"
        result = runner.invoke(backup_command, [str(dest)])
    finally:
        stop.set()
        writer.join(timeout=60)
    assert result.exit_code == 0, result.output

    with sqlite3.connect(dest) as raw:  # a self-contained, sound file
        assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    restored = make_app(f"sqlite:///{dest}")
    with restored.app_context():
        found = set(db.session.scalars(select(Attempt.id)).all())
        submitted = db.session.scalars(select(Attempt.state)).all()
        newcomers = db.session.scalars(select(User.id).where(User.name.like("Pegawai Baru%")))
        newcomers = sorted(newcomers.all())
        db.session.remove()
        db.engine.dispose()
    assert found == attempts
    assert set(submitted) == {"submitted"}
    # One moment's snapshot: the writer's first k employees, none missing in between.
    assert len(newcomers) >= 3
    assert newcomers == written[: len(newcomers)]


@sqlite_only
def test_backup_refuses_to_overwrite_the_database(app, runner, database_url):
    live = database_url.removeprefix("sqlite:///")
    result = runner.invoke(backup_command, [live])
    assert result.exit_code == 1
    assert "must not overwrite" in result.output


def test_postgresql_is_pointed_to_pg_dump():
    with pytest.raises(BackupRefused, match="pg_dump"):
        sqlite_path("postgresql+psycopg://bina@db/bina")


def test_backup_is_a_flask_lms_command(app):
    assert "backup" in app.cli.get_command(None, "lms").commands  # cli.py registers it
