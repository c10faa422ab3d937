"""SQLite under concurrent writers: BEGIN IMMEDIATE, WAL, busy_timeout (lms/web/database.py)."""

import sqlite3
import threading
import time

import pytest
from sqlalchemy import select

from lms.extensions import db
from lms.people.models import Unit, User

from .conftest import BACKEND, make_app

pytestmark = pytest.mark.skipif(BACKEND != "sqlite", reason="SQLite-specific locking")

ROUNDS = 15


@pytest.fixture
def sqlite_app(tmp_path):
    path = tmp_path / "concurrency.sqlite3"
    app = make_app(f"sqlite:///{path}")
    with app.app_context():
        db.create_all()
        db.session.add(
            User(nip="198609262015051001", name="Penghitung", position="", grade="III/a")
        )
        db.session.commit()
        db.session.remove()
    yield app, path
    with app.app_context():
        db.engine.dispose()


def test_connections_use_wal_foreign_keys_and_busy_timeout(sqlite_app):
    app, _ = sqlite_app
    with app.app_context(), db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() > 0


def test_foreign_keys_are_enforced(sqlite_app):
    app, _ = sqlite_app
    with app.app_context():
        db.session.add(Unit(name="Yatim", parent_id=999))
        with pytest.raises(Exception, match="FOREIGN KEY constraint failed"):
            db.session.commit()
        db.session.rollback()


def test_concurrent_read_then_write_both_succeed(sqlite_app):
    """Two workers read a counter, pause, write it back: no lock errors, no lost update."""
    app, _ = sqlite_app
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def worker():
        try:
            with app.app_context():
                start.wait(timeout=10)
                for _ in range(ROUNDS):
                    user = db.session.scalar(select(User).where(User.name == "Penghitung"))
                    seen = user.session_version
                    time.sleep(0.002)  # widen the read-to-write window
                    user.session_version = seen + 1
                    db.session.commit()
                db.session.remove()
        except BaseException as error:  # reported by the main thread below
            errors.append(error)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    with app.app_context():
        counter = db.session.scalar(select(User.session_version).where(User.name == "Penghitung"))
        assert counter == 1 + 2 * ROUNDS


def test_write_transactions_take_the_lock_up_front(sqlite_app):
    """After its first read the app's transaction already holds the write lock (BEGIN IMMEDIATE)."""
    app, path = sqlite_app
    with app.app_context():
        db.session.scalar(select(User.id))
        other = sqlite3.connect(path, timeout=0, isolation_level=None)
        try:
            with pytest.raises(sqlite3.OperationalError, match="database is locked"):
                other.execute("BEGIN IMMEDIATE")
        finally:
            other.close()
        db.session.rollback()


def test_read_only_requests_do_not_take_the_write_lock(sqlite_app):
    app, path = sqlite_app
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        response = app.test_client().get("/healthz")
        assert response.status_code == 200  # a GET is not blocked by a writer
    finally:
        other.execute("ROLLBACK")
        other.close()
