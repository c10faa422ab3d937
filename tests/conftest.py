"""Fixtures: the app on a real SQLite file, or on PostgreSQL when LMS_TEST_BACKEND=postgresql."""

import os

import pytest
from flask import g
from sqlalchemy import create_engine, text

from lms import create_app
from lms.extensions import db
from lms.web import database

BACKEND = os.environ.get("LMS_TEST_BACKEND", "sqlite")
TEST_PASSWORD = "Rahasia-Kuat-77"
# A cheap scrypt cost keeps the suite fast; test_auth checks the production default separately.
FAST_HASH = "scrypt:1024:8:1"


def backend_url(tmp_path_factory, name: str) -> str:
    """A fresh, empty database of the backend under test."""
    if BACKEND == "postgresql":
        base = os.environ["TEST_DATABASE_URL"]
        schema = f"t_{name}_{os.getpid()}"  # concurrent runs must not share tables
        engine = create_engine(base)
        with engine.begin() as conn:
            conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
            conn.execute(text(f"CREATE SCHEMA {schema}"))
        engine.dispose()
        _SCHEMAS.append(schema)
        sep = "&" if "?" in base else "?"
        return f"{base}{sep}options=-csearch_path%3D{schema}"
    return f"sqlite:///{tmp_path_factory.mktemp(name) / 'test.sqlite3'}"


_SCHEMAS: list[str] = []  # PostgreSQL schemas made by this run, dropped when it ends


def drop_schema(url: str) -> None:
    """Remove a PostgreSQL test schema made by backend_url (SQLite files go with tmp_path)."""
    if BACKEND != "postgresql":
        return
    schema = url.rsplit("%3D", 1)[1]
    engine = create_engine(os.environ["TEST_DATABASE_URL"])
    with engine.begin() as conn:
        conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
    engine.dispose()
    if schema in _SCHEMAS:
        _SCHEMAS.remove(schema)


def pytest_sessionfinish(session, exitstatus):
    """Drop the schemas the run made (servers and fixtures have stopped by now)."""
    if BACKEND != "postgresql" or not _SCHEMAS:
        return
    engine = create_engine(os.environ["TEST_DATABASE_URL"])
    with engine.begin() as conn:
        for schema in _SCHEMAS:
            conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
    engine.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    url = backend_url(tmp_path_factory, "main")
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        db.create_all()
        db.engine.dispose()
    yield url
    drop_schema(url)


def isolate_requests(app) -> None:
    """Give every request its own `g`, as production does.

    The app fixture keeps one app context open and requests reuse it, so without this `g`
    (flask-login's user, flask-babel's locale) would leak from one request into the next.
    """

    @app.teardown_request
    def _forget_request_globals(_exc):
        for name in list(g):
            g.pop(name)


def make_app(url: str, **overrides):
    settings = {
        "TESTING": True,
        "ENV_NAME": "testing",
        "SQLALCHEMY_DATABASE_URI": url,
        "PASSWORD_HASH_METHOD": FAST_HASH,
        "WTF_CSRF_ENABLED": False,
        "SERVER_NAME": None,
    }
    settings.update(overrides)
    app = create_app(settings)
    isolate_requests(app)
    return app


def _empty_all_tables() -> None:
    tables = list(reversed(db.metadata.sorted_tables))
    if db.engine.dialect.name == "postgresql":
        # Truncating every table per test is slow; find the few that hold rows in one query.
        probe = " UNION ALL ".join(
            f"SELECT '{t.name}' WHERE EXISTS (SELECT 1 FROM {t.name})" for t in tables
        )
        used = db.session.scalars(text(probe)).all()
        if used:
            db.session.execute(text(f"TRUNCATE {', '.join(used)} RESTART IDENTITY CASCADE"))
    else:
        # modules.current_version_id and module_versions.module_id point at each other.
        db.session.execute(text("PRAGMA defer_foreign_keys = ON"))
        for table in tables:
            db.session.execute(table.delete())
    db.session.commit()


@pytest.fixture
def app(database_url):
    app = make_app(database_url)
    # Test code reads between requests; an IMMEDIATE transaction would hold the write lock.
    token = database.write_intent.set(False)
    with app.app_context():
        yield app
        db.session.rollback()
        _empty_all_tables()
        db.session.remove()
        db.engine.dispose()
    database.write_intent.reset(token)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def login(client, user, password: str = TEST_PASSWORD):
    response = client.post("/login", data={"nip": user.nip, "password": password})
    assert response.status_code == 302, response.data[:500]
    return response
