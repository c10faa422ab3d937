"""lms/web/database.py: a request lost to a conflict runs again; a fork gets its own pool."""

import os

import pytest
from flask import request
from sqlalchemy import func, select, text
from sqlalchemy.exc import OperationalError

from lms.extensions import db
from lms.people.models import Unit
from lms.web import database
from tests.conftest import BACKEND


class _DriverError(Exception):
    """Stands in for a psycopg error on SQLite, which has no SQLSTATE codes."""

    def __init__(self, sqlstate: str):
        super().__init__(f"SQLSTATE {sqlstate}")
        self.sqlstate = sqlstate


def fail_with(sqlstate: str) -> None:
    """Make the database report SQLSTATE `sqlstate` (for real on PostgreSQL)."""
    if BACKEND == "postgresql":
        db.session.execute(
            text(f"DO $$ BEGIN RAISE EXCEPTION 'conflict' USING ERRCODE = '{sqlstate}'; END $$")
        )
    raise OperationalError("DO ...", {}, _DriverError(sqlstate))


@pytest.fixture
def conflicting(app):
    """POST /konflik stores a unit named after the form and the run, after failing `fails` times
    with the SQLSTATE in the form; returns the forms each run saw."""
    runs: list[dict] = []

    def view():
        runs.append(request.form.to_dict())
        db.session.add(Unit(name=f"{request.form['name']} run {len(runs)}"))
        db.session.flush()  # written inside the transaction that the failure throws away
        if len(runs) <= int(request.form["fails"]):
            fail_with(request.form["sqlstate"])
        db.session.commit()
        return "ok"

    view.allowed_roles = ("anonymous",)
    app.add_url_rule("/konflik", "konflik", view, methods=["POST"])
    app.config["PROPAGATE_EXCEPTIONS"] = False  # answer a 500 page, as in production
    return runs


def units() -> list[str]:
    db.session.rollback()
    return list(db.session.scalars(select(Unit.name)))


@pytest.mark.parametrize("sqlstate", ["40001", "40P01", "23505"])
def test_a_request_lost_to_a_transient_conflict_runs_again_with_the_same_form(
    client, conflicting, sqlstate
):
    form = {"name": "Bagian Umum ✓", "fails": "1", "sqlstate": sqlstate}
    response = client.post("/konflik", data=form)
    assert (response.status_code, response.text) == (200, "ok")
    assert conflicting == [form, form]
    assert units() == ["Bagian Umum ✓ run 2"]  # the lost run left nothing behind


def test_a_conflict_that_persists_answers_busy_after_a_bounded_number_of_runs(client, conflicting):
    form = {"name": "Bagian Umum", "fails": "99", "sqlstate": "40001"}
    response = client.post("/konflik", data=form)
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "1"
    assert "coba lagi" in response.text
    assert len(conflicting) == database.MAX_RUNS
    assert units() == []


def test_a_unique_violation_that_persists_is_an_error(client, conflicting):
    form = {"name": "Bagian Umum", "fails": "99", "sqlstate": "23505"}
    assert client.post("/konflik", data=form).status_code == 500
    assert len(conflicting) == database.MAX_RUNS
    assert units() == []


def test_other_database_errors_are_not_run_again(client, conflicting):
    form = {"name": "Bagian Umum", "fails": "1", "sqlstate": "22012"}  # division_by_zero
    assert client.post("/konflik", data=form).status_code == 500
    assert len(conflicting) == 1
    assert units() == []


def test_a_forked_process_does_not_reuse_the_parents_connections(app):
    db.session.execute(select(func.count(Unit.id)))
    db.session.commit()  # the connection goes back to the pool, open
    assert db.engine.pool.checkedin() == 1
    child = os.fork()
    if child == 0:  # pragma: no cover - the child reports through its exit status only
        status = 3
        try:
            status = 0 if db.engine.pool.checkedin() == 0 else 1
            db.session.execute(select(func.count(Unit.id)))  # a connection of its own works
        except BaseException:
            status = 2
        finally:
            os._exit(status)
    _, wait_status = os.waitpid(child, 0)
    assert os.waitstatus_to_exitcode(wait_status) == 0
    assert db.session.scalar(select(func.count(Unit.id))) == 0  # the parent's still works
