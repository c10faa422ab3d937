"""Connection set-up and the database's part in reliability.

- SQLite: pragmas on every connection and write transactions that start with BEGIN IMMEDIATE.
  SQLite's default deferred transactions take the write lock only at the first write; when two
  requests read and then write at once, the second cannot upgrade its lock and fails at once
  with "database is locked". BEGIN IMMEDIATE takes the lock up front, so writers queue on
  busy_timeout. Read-only requests (GET/HEAD) keep deferred transactions and never wait.
- After a fork (gunicorn's preload_app) the child forgets the parent's pooled connections: two
  processes talking over one socket corrupt each other's conversations.
- PostgreSQL: a request that fails on a transient conflict (serialization failure, deadlock,
  or a unique violation from a read-then-insert race) is run again from the start, a bounded
  number of times. This is done for the whole request rather than around chosen write paths
  because every view commits once, at its end (STYLE.md): until then nothing is stored, so a
  failed run leaves nothing behind and the rerun reads the state the winner committed. Hence
  the rule for every view: no side effect outside the database (Redis, e-mail, files) before
  its commit; queue it and do it after (lms.ratelimit holds its Redis writes until the commit).
- A request that waited its limit for a lock (SQLite busy_timeout, PostgreSQL lock_timeout or
  statement_timeout) is not run again, which would only wait again: it answers the "busy,
  try again" page (503 with Retry-After). Nothing of it was stored, and the browser's back
  button brings back the form as the user filled it.
"""

import io
import os
import random
import sqlite3
import time
import weakref
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from flask import Flask, current_app, render_template, request
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from werkzeug.exceptions import ServiceUnavailable

from lms.extensions import db

write_intent: ContextVar[bool] = ContextVar("write_intent", default=True)

# serialization_failure and deadlock_detected: PostgreSQL says "try again".
RETRY_THEN_BUSY = frozenset({"40001", "40P01"})
# unique_violation: two requests both found no row and both inserted one; the rerun finds the
# winner's row. Should it persist, it is a bug and must show up as an error with its trace.
RETRY_THEN_FAIL = frozenset({"23505"})
# lock_not_available (lock_timeout) and query_canceled (statement_timeout): waited long enough.
BUSY_NOW = frozenset({"55P03", "57014"})
# SQLITE_BUSY and SQLITE_LOCKED, under their extended codes too (the low byte).
SQLITE_BUSY_CODES = frozenset({sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED})
MAX_RUNS = 3
CONFLICT = "lms.database.conflict"
LAST_RUN = "lms.database.last_run"

_engines: "weakref.WeakSet[Engine]" = weakref.WeakSet()


def _forget_parent_connections() -> None:
    for engine in list(_engines):
        engine.dispose(close=False)  # close=False: the parent still uses those sockets


os.register_at_fork(after_in_child=_forget_parent_connections)


def init_app(app: Flask, engine: Engine) -> None:
    _engines.add(engine)
    app.wsgi_app = RerunOnConflict(app.wsgi_app, app.config["MAX_CONTENT_LENGTH"])
    app.register_error_handler(DBAPIError, _conflict)
    if engine.dialect.name == "postgresql":
        _init_postgresql(app, engine)
    if engine.dialect.name == "sqlite":
        _init_sqlite(app, engine)


def _init_postgresql(app: Flask, engine: Engine) -> None:
    timeout_ms = int(app.config["STATEMENT_TIMEOUT_MS"])
    lock_timeout_ms = int(app.config["LOCK_TIMEOUT_MS"])

    # Timestamps are stored as naive UTC everywhere; server defaults must agree. A runaway
    # report query is cut off rather than holding a worker and a connection indefinitely; a
    # write queued behind a long lock gives up and says "busy" rather than hang the worker.
    @event.listens_for(engine, "connect")
    def _session_settings(dbapi_connection, _record):
        with dbapi_connection.cursor() as cursor:
            cursor.execute("SET TIME ZONE 'UTC'")
            cursor.execute(f"SET statement_timeout = {timeout_ms}")
            cursor.execute(f"SET lock_timeout = {lock_timeout_ms}")
        dbapi_connection.commit()


def _init_sqlite(app: Flask, engine: Engine) -> None:
    busy_timeout = app.config["SQLITE_BUSY_TIMEOUT_MS"]

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves, below
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout)}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection):
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write_intent.get() else "BEGIN")

    @app.before_request
    def _mark_read_only():
        token = write_intent.set(request.method not in {"GET", "HEAD", "OPTIONS"})
        request._write_intent_token = token  # on request, not g: g may be cleared first

    @app.teardown_request
    def _reset(_exc):
        token = getattr(request, "_write_intent_token", None)
        if token is not None:
            write_intent.reset(token)


@contextmanager
def before_writing() -> Iterator[None]:
    """Do slow work (hashing, parsing, rendering) in a read transaction, before any write.

    A write request's SQLite transaction takes the write lock at its first statement (BEGIN
    IMMEDIATE), so slow work inside it would hold up every other writer. The block runs in a
    deferred transaction instead, which blocks no one under WAL, and ends it on leaving: the
    objects it read reload in the write transaction that follows. Enter it before the request's
    first write, which the rollback would drop. Harmless on PostgreSQL, whose reads lock nothing.
    """
    db.session.rollback()
    token = write_intent.set(False)
    try:
        yield
    finally:
        db.session.rollback()
        write_intent.reset(token)


def commit_keeping_loaded() -> None:
    """Commit, leaving what the request loaded as it is instead of expiring it.

    For a page view's small write (time on task) made before the page renders: the usual expiry
    would make the page load its user, enrolment, lesson or attempt again, in a second
    transaction, after the commit. The objects keep what this transaction read and wrote, which
    is what the page would have shown (tests/learning/test_study_statements.py).
    """
    session = db.session()
    expire = session.expire_on_commit
    session.expire_on_commit = False
    try:
        session.commit()
    finally:
        session.expire_on_commit = expire


def sqlstate(error: DBAPIError) -> str | None:
    """The SQLSTATE code PostgreSQL gave (psycopg); None for SQLite and other errors."""
    return getattr(error.orig, "sqlstate", None)


def waited_for_lock(error: DBAPIError) -> bool:
    """The database gave up waiting for a lock (or for a statement) within its time limit."""
    if sqlstate(error) in BUSY_NOW:
        return True
    code = getattr(error.orig, "sqlite_errorcode", None)
    return code is not None and code & 0xFF in SQLITE_BUSY_CODES


def _conflict(error: DBAPIError):
    """Ask RerunOnConflict for another run; when none is left, say "busy" or fail loudly."""
    code = sqlstate(error)
    if waited_for_lock(error):
        current_app.logger.warning("Lock wait timed out on %s %s", request.method, request.path)
        return _busy(retry_after=5)
    last_run = request.environ.get(LAST_RUN, True)
    if code not in RETRY_THEN_BUSY | RETRY_THEN_FAIL or (last_run and code in RETRY_THEN_FAIL):
        raise error  # Flask's usual path: logged with its trace, answered with the 500 page
    db.session.rollback()
    log = current_app.logger
    if not last_run:
        log.info("SQLSTATE %s on %s %s: running it again", code, request.method, request.path)
        request.environ[CONFLICT] = code
        return "", 503  # never sent: RerunOnConflict drops it
    log.warning("SQLSTATE %s on %s %s after %d runs", code, request.method, request.path, MAX_RUNS)
    return _busy(retry_after=1)


def _busy(retry_after: int):
    """The "busy, nothing saved, try again" page, rendered without waiting for the lock again."""
    db.session.rollback()
    write_intent.set(False)  # the page only reads; teardown restores the request's token
    page = render_template("errors/busy.html", error=ServiceUnavailable())
    return page, 503, {"Retry-After": str(retry_after)}


StartResponse = Callable[..., Callable[[bytes], object]]


class RerunOnConflict:
    """WSGI middleware: run the request again when the app marks it as lost to a conflict.

    The body is kept so that every run reads the same form; Flask calls start_response before
    returning, so a lost run's answer is dropped before anything reaches the client.
    """

    def __init__(self, wsgi_app: Callable, max_body: int | None, runs: int = MAX_RUNS):
        self.wsgi_app = wsgi_app
        self.max_body = max_body
        self.runs = runs

    def __call__(self, environ: dict, start_response: StartResponse) -> Iterable[bytes]:
        body = self._body(environ)
        if body is None:  # not replayable (chunked or refused length): a single run
            return self.wsgi_app(environ, start_response)
        for run in range(1, self.runs + 1):
            last = run == self.runs
            attempt = dict(environ, **{"wsgi.input": io.BytesIO(body), LAST_RUN: last})
            answer: list[tuple] = []
            result = self.wsgi_app(attempt, _capture(answer))
            if last or not attempt.get(CONFLICT):
                start_response(*answer[0])
                return result
            if hasattr(result, "close"):
                result.close()
            time.sleep(random.uniform(0.01, 0.05) * run)  # let the winner finish
        raise AssertionError("unreachable: the last run always answers")

    def _body(self, environ: dict) -> bytes | None:
        if "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower():
            return None  # length unknown until read
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return None
        if self.max_body is not None and length > self.max_body:
            return None  # Flask answers 413 without reading it
        return environ["wsgi.input"].read(length) if length > 0 else b""


def _capture(answer: list[tuple]) -> StartResponse:
    """A start_response that keeps the status and headers for the caller to send or drop."""

    def start_response(*args):
        answer.append(args)
        return _no_write

    return start_response


def _no_write(_data: bytes) -> None:
    # PEP 3333's legacy write() callable; Flask never calls it, so reaching it is a bug.
    raise RuntimeError("write() is not supported: Flask answers through the returned iterable")
