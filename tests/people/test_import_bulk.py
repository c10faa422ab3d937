"""The import at a size where per-row writes would show: 2,000 rows, set-based, still all or
nothing (#13 item 10; the 20,000-row timing is bench/importer.py)."""

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from lms.extensions import db
from lms.people.importer import COLUMNS, import_employees
from lms.people.models import Unit, User

from ..factories import make_user

COUNT = 2_000
OPD = 200  # a head, four bidang heads, staff


def _nip(i: int) -> str:
    year, month, day = 1965 + i % 30, 1 + (i // 30) % 12, 1 + (i // 360) % 28
    return f"{year}{month:02d}{day:02d}{year + 25}011{i // 10080 + 1:03d}"


def _line(i: int, name: str = "") -> str:
    opd, place = divmod(i, OPD)
    bidang = 1 + place % 4
    if place == 0:
        unit, boss = f"Dinas {opd}", ""
    elif place <= 4:
        unit, boss = f"Dinas {opd} > Bidang {place}", _nip(opd * OPD)
    else:
        unit, boss = f"Dinas {opd} > Bidang {bidang}", _nip(opd * OPD + bidang)
    return f"{_nip(i)},{name or f'Pegawai {i}'},,Staf,III/a,{unit},{boss}"


def _file(lines: list[str]) -> bytes:
    return "\n".join([",".join(COLUMNS), *lines]).encode()


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _run(data: bytes):
    result = import_employees(data)
    db.session.rollback() if result.errors else db.session.commit()
    return result


def test_two_thousand_rows_are_written_with_their_supervisors(app):
    result = _run(_file([_line(i) for i in range(COUNT)]))
    assert (result.errors, result.created, result.updated, result.unchanged) == ([], COUNT, 0, 0)
    assert _count(User) == COUNT and _count(Unit) == COUNT // OPD * 5
    boss = aliased(User)
    pairs = dict(
        db.session.execute(
            select(User.nip, boss.nip).outerjoin(boss, boss.id == User.supervisor_id)
        ).all()
    )
    assert pairs[_nip(7)] == _nip(4) and pairs[_nip(3)] == _nip(0) and pairs[_nip(0)] is None
    new = db.session.scalar(select(User).where(User.nip == _nip(1234)))
    assert new.must_change_password and new.password_hash is None and new.active
    assert new.unit.path == "Dinas 6 > Bidang 3"


def test_a_bad_row_deep_in_the_file_writes_nothing(app):
    make_user("Sudah Ada")
    lines = [_line(i) for i in range(COUNT)]
    lines[1_500] = lines[1_500].replace("III/a", "III/z")
    result = _run(_file(lines))
    assert [(e.row, e.message) for e in result.errors] == [
        (1_502, "Golongan 'III/z' tidak dikenal.")
    ]
    assert _count(User) == 1 and _count(Unit) == 0


def test_a_second_import_updates_only_the_changed_rows(app):
    _run(_file([_line(i) for i in range(COUNT)]))
    lines = [_line(i) for i in range(COUNT)]
    lines[10] = _line(10, name="Nama Baru")
    # Line 11's person moves to the other bidang's head: only the supervisor changes.
    lines[11] = lines[11].rsplit(",", 1)[0] + "," + _nip(1)
    result = _run(_file(lines))
    assert (result.errors, result.created, result.updated) == ([], 0, 2)
    assert result.unchanged == COUNT - 2
    moved = db.session.scalar(select(User).where(User.nip == _nip(11)))
    assert moved.supervisor.nip == _nip(1)
    assert db.session.scalar(select(User.name).where(User.nip == _nip(10))) == "Nama Baru"
