"""The province's reports cost the same number of SQL statements for 5 or 120 employees."""

from datetime import date, datetime, timedelta

from sqlalchemy import event

from lms.extensions import db
from lms.people.models import User
from tests.conftest import login
from tests.factories import make_module, make_unit, make_user

from .helpers import assign, enrol, evaluate, indicator, survey

PAGES = ["/monev?period=2026", "/monev/level?period=2026&per=unit", "/monev/laporan?period=2026"]


def _setting() -> tuple[list, list]:
    """Three OPDs with a sub-unit each, six months of indicators, three modules."""
    modules = [make_module(f"m{i}", title=f"Modul {i}", jp=2 + i) for i in range(3)]
    units = []
    for i in range(3):
        top = make_unit(f"Dinas {i}")
        units += [top, make_unit(f"Bidang {i}", parent=top)]
        for month in range(1, 7):
            indicator(top, date(2026, month, 1), 30 - month, 70 + month)
    return units, modules


def _add_people(first: int, count: int, units: list, modules: list, boss: User) -> None:
    """Employees with activity at every level: enrolments, surveys, evaluations, assignments."""
    for n in range(first, first + count):
        person = User(nip=f"{199001010000000000 + n}", name=f"P{n}", unit_id=units[n % 6].id)
        person.supervisor_id = boss.id
        db.session.add(person)
        db.session.flush()
        start = datetime(2026, 1, 1) + timedelta(days=n % 150)
        done = enrol(person, modules[n % 3], start, start + timedelta(days=20), 40 + n % 50, 90)
        enrol(person, modules[(n + 1) % 3], start)
        survey(done, (4, 5, 3, 4), start + timedelta(days=21))
        evaluate(done, boss, {"ORH": 4}, n % 4, start + timedelta(days=120))
        assign(person, modules[(n + 2) % 3], date(2026, 3, 1), boss)
    db.session.commit()


def _statements(client, path: str) -> int:
    seen = []

    def count(*_args):
        seen.append(1)

    client.get(path)  # warm up: the signed-in user and roles stay cached in the shared session
    event.listen(db.engine, "before_cursor_execute", count)
    try:
        assert client.get(path).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return len(seen)


def test_statement_counts_do_not_grow_with_the_province(app, client):
    units, modules = _setting()
    boss = make_user("Atasan", unit=units[0])
    login(client, make_user("Admin", roles=("admin",)))
    _add_people(0, 5, units, modules, boss)
    small = {path: _statements(client, path) for path in PAGES}
    _add_people(5, 115, units, modules, boss)
    large = {path: _statements(client, path) for path in PAGES}
    assert small == large
    assert all(count < 60 for count in small.values()), small  # a few per table, never per row
