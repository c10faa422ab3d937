"""Connection set-up: SQLite pragmas and write transactions that start with BEGIN IMMEDIATE.

SQLite's default deferred transactions take the write lock only at the first write; when two
requests read and then write at once, the second cannot upgrade its lock and fails at once with
"database is locked". BEGIN IMMEDIATE takes the lock up front, so writers queue on busy_timeout.
Read-only requests (GET/HEAD) keep deferred transactions so they never wait for writers.
"""

from contextvars import ContextVar

from flask import Flask, request
from sqlalchemy import event
from sqlalchemy.engine import Engine

write_intent: ContextVar[bool] = ContextVar("write_intent", default=True)


def init_app(app: Flask, engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        return
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
        write_intent.set(request.method not in {"GET", "HEAD", "OPTIONS"})

    @app.teardown_request
    def _reset(_exc):
        write_intent.set(True)
