"""A request that cannot get the write lock in time answers "busy, try again", never a 500."""

import sqlite3
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, func, select, text

from lms.extensions import db
from lms.learning.models import LessonProgress, Reflection
from lms.web import database
from tests.conftest import BACKEND, _empty_all_tables, login, make_app
from tests.factories import answer_checks, make_user
from tests.learning.helpers import learning_module, start

BASE = "/modul/modul-uji/materi/1"


@pytest.fixture
def app(database_url):
    """The usual test app, with lock waits cut short so the test does not wait 15 s."""
    app = make_app(database_url, SQLITE_BUSY_TIMEOUT_MS=200, LOCK_TIMEOUT_MS=200)
    token = database.write_intent.set(False)
    with app.app_context():
        yield app
        db.session.rollback()
        _empty_all_tables()
        db.session.remove()
        db.engine.dispose()
    database.write_intent.reset(token)


@contextmanager
def another_writer_holds_the_lock(url: str):
    """A second connection, as another worker's long import would, holds the write lock."""
    db.session.rollback()  # the tests share the app's session: end what the last request left
    if BACKEND == "sqlite":
        other = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            other.execute("ROLLBACK")
            other.close()
        return
    engine = create_engine(url)
    with engine.connect() as other:
        other.execute(text("LOCK TABLE lesson_progress, reflections IN EXCLUSIVE MODE"))
        try:
            yield
        finally:
            other.rollback()
    engine.dispose()


@pytest.fixture
def learner(client):
    user = make_user()
    enrollment = start(user, learning_module(lessons=2))
    answer_checks(enrollment, enrollment.version.lessons[0])  # lesson 1 may then be finished
    db.session.commit()
    login(client, user)
    return user


@pytest.mark.parametrize(
    ("path", "form"),
    [("selesai", {}), ("refleksi/ref1", {"ref1-text": "Saya akan menyusun format isian baku."})],
)
def test_a_learner_write_that_waits_too_long_answers_busy_and_stores_nothing(
    app, client, learner, database_url, path, form
):
    with another_writer_holds_the_lock(database_url):
        response = client.post(f"{BASE}/{path}", data=form)
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    assert "coba lagi" in response.text
    assert "Isian Anda belum disimpan" in response.text
    assert "tombol Kembali" in response.text
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(LessonProgress)) == 0
    assert db.session.scalar(select(func.count()).select_from(Reflection)) == 0
    assert client.post(f"{BASE}/{path}", data=form).status_code == 302  # once free, it saves
