"""Bulk import of employees from a personnel-system CSV: all rows good, or nothing written."""

import csv
import io
import re
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, insert, select, update

from lms.extensions import db
from lms.nip import normalise_nip

from .identity import EMAIL_RE, is_pppk, nip_problem, normalise_grade
from .models import User
from .services import split_unit_path, unit_by_path

COLUMNS = ("nip", "nama", "email", "jabatan", "golongan", "unit", "nip_atasan")
# The downloadable template: the header and one example row, as in README "Employees: CSV import".
TEMPLATE_ROW = (
    "197503032000031003",
    "Hendra Gunawan, S.E., M.M.",
    "hendra@jambiprov.go.id",
    "Kepala Bidang",
    "IV/a",
    "Dinas Kesehatan > Bidang P2P",
    "",
)
MAX_LENGTH = {"name": ("nama", 200), "position": ("jabatan", 200), "email": ("email", 254)}


@dataclass
class RowError:
    row: int
    message: str


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)


@dataclass
class _Row:
    line: int
    nip: str
    name: str
    email: str | None
    position: str
    grade: str
    unit: str
    supervisor_nip: str | None


def _decode(data: bytes) -> str:
    return data.decode("utf-8-sig")


def _read_rows(text: str, errors: list[RowError]) -> list[_Row]:
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows = []
    try:
        header = [re.sub(r"\s+", "_", h.strip().lower()) for h in next(reader, [])]
        missing = [c for c in COLUMNS if c not in header]
        if missing:
            msg = _l("Kolom wajib tidak ada: %(cols)s", cols=", ".join(missing))
            errors.append(RowError(1, str(msg)))
            return []
        index = {name: header.index(name) for name in COLUMNS}
        for values in reader:
            row = _parse_row(values, index, reader.line_num, errors)
            if row is not None:
                rows.append(row)
    except csv.Error as error:
        errors.append(RowError(reader.line_num, str(_l("Baris CSV rusak: %(e)s", e=error))))
    return rows


def _parse_row(values: list[str], index: dict, line: int, errors: list[RowError]) -> _Row | None:
    if not any(v.strip() for v in values):
        return None
    if len(values) <= max(index.values()):
        errors.append(RowError(line, str(_l("Jumlah kolom kurang dari judul kolom."))))
        return None
    get = {name: values[i].strip() for name, i in index.items()}
    return _Row(
        line=line,
        nip=normalise_nip(get["nip"]),
        name=get["nama"],
        email=get["email"] or None,
        position=get["jabatan"],
        grade=get["golongan"],
        unit=get["unit"],
        supervisor_nip=normalise_nip(get["nip_atasan"]) or None,
    )


def _check_row(row: _Row, errors: list[RowError]) -> bool:
    """Report the row's own problems; True when its NIP is one of them."""

    def fail(message) -> None:
        errors.append(RowError(row.line, str(message)))

    grade = normalise_grade(row.grade)
    if not row.grade:
        fail(_l("Golongan wajib diisi."))
    elif grade is None:
        fail(_l("Golongan '%(value)s' tidak dikenal.", value=row.grade))
    else:
        row.grade = grade
    # With no known golongan the NIP is checked leniently: the golongan error is the one to fix.
    problem = nip_problem(row.nip, pppk=grade is None or is_pppk(grade))
    if problem:
        fail(_l("NIP '%(nip)s': %(problem)s", nip=row.nip, problem=problem))
    if not row.name:
        fail(_l("Nama wajib diisi."))
    if row.email and not EMAIL_RE.match(row.email):
        fail(_l("Email '%(value)s' tidak valid.", value=row.email))
    for attribute, (column, limit) in MAX_LENGTH.items():
        if len(getattr(row, attribute) or "") > limit:
            fail(_l("Kolom %(column)s lebih dari %(n)s karakter.", column=column, n=limit))
    unit_parts = split_unit_path(row.unit)
    if not unit_parts:
        fail(_l("Unit kerja wajib diisi."))
    elif any(len(part) > 200 for part in unit_parts):
        fail(_l("Nama unit kerja lebih dari 200 karakter."))
    if row.supervisor_nip and row.supervisor_nip == row.nip:
        fail(_l("Pegawai tidak dapat menjadi atasan dirinya sendiri."))
    return bool(problem)


def _check_supervisors(rows: list[_Row], errors: list[RowError]) -> None:
    existing = dict(db.session.execute(select(User.nip, User.supervisor_id)).all())
    nip_of_id = dict(db.session.execute(select(User.id, User.nip)).all())
    supervisor_of = {nip: nip_of_id.get(sid) for nip, sid in existing.items()}
    supervisor_of.update({row.nip: row.supervisor_nip for row in rows})
    in_cycles = _nips_in_cycles(supervisor_of)
    for row in rows:
        if not row.supervisor_nip or row.supervisor_nip == row.nip:
            continue
        if row.supervisor_nip not in supervisor_of:
            msg = _l("NIP atasan %(nip)s tidak ditemukan.", nip=row.supervisor_nip)
            errors.append(RowError(row.line, str(msg)))
            continue
        if row.nip in in_cycles:
            errors.append(RowError(row.line, str(_l("Atasan membentuk siklus."))))


def _nips_in_cycles(supervisor_of: dict[str, str | None]) -> set[str]:
    """Everyone whose chain of supervisors comes back to them.

    Linear: each person is walked once. Walking every chain from every person was quadratic
    (20,000 people in one long chain: 200 million steps, holding the write lock).
    """
    done: set[str] = set()
    in_cycles: set[str] = set()
    for start in supervisor_of:
        walk: dict[str, int] = {}  # this walk's people, in order
        current = start
        while current is not None and current not in done and current not in walk:
            walk[current] = len(walk)
            current = supervisor_of.get(current)
        if current in walk:  # came back onto this walk: the tail from there is a cycle
            in_cycles.update(list(walk)[walk[current] :])
        done.update(walk)
    return in_cycles


# What a row sets on an account, beside the NIP and the supervisor.
_FIELDS = ("name", "email", "position", "grade", "unit_id")
# Core statements, run with many parameter sets at once: the ORM's bulk mode sorts and groups
# the rows in Python first, which cost more than the database's work (bench/importer.py).
_USERS = User.__table__


def _update_by_id(*columns: str):
    """UPDATE users SET <columns> WHERE id = :row_id, for executemany."""
    values = {name: bindparam(name) for name in columns}
    return update(_USERS).where(_USERS.c.id == bindparam("row_id")).values(values)


def _apply(rows: list[_Row], result: ImportResult) -> None:
    """Write the checked rows with a few set-based statements, however long the file.

    One select of every account, one INSERT run for all new rows, one UPDATE by primary key run
    for the changed ones, then the supervisors (ids known only after the insert). Adding 20,000
    ORM objects one by one took 88 s (bench/importer.py); this takes seconds.
    """
    # A few paths for thousands of rows: each looked up (or created) once.
    units = {path: unit_by_path(path, create=True) for path in dict.fromkeys(r.unit for r in rows)}
    columns = (User.id, User.nip, User.supervisor_id, *(getattr(User, f) for f in _FIELDS))
    existing = {row.nip: row for row in db.session.execute(select(*columns))}
    nip_of_id = {row.id: nip for nip, row in existing.items()}
    new, changed = [], []
    for row in rows:
        values = {
            "name": row.name,
            "email": row.email,
            "position": row.position,
            "grade": row.grade,
            "unit_id": units[row.unit].id,
        }
        old = existing.get(row.nip)
        if old is None:
            new.append({"nip": row.nip, "must_change_password": True, "active": True, **values})
        elif nip_of_id.get(old.supervisor_id) != row.supervisor_nip or any(
            getattr(old, key) != value for key, value in values.items()
        ):
            changed.append({"row_id": old.id, **values})
    if new:
        db.session.execute(insert(_USERS), new)
    if changed:
        db.session.execute(_update_by_id(*_FIELDS), changed)
    result.created, result.updated = len(new), len(changed)
    result.unchanged = len(rows) - len(new) - len(changed)
    _link_supervisors(rows)


def _link_supervisors(rows: list[_Row]) -> None:
    """Point every row at its supervisor's id, in one UPDATE of the rows where it differs."""
    accounts = db.session.execute(select(User.nip, User.id, User.supervisor_id)).all()
    id_of_nip = {nip: user_id for nip, user_id, _supervisor in accounts}
    current = {nip: supervisor for nip, _id, supervisor in accounts}
    links = [
        {"row_id": id_of_nip[row.nip], "supervisor_id": id_of_nip.get(row.supervisor_nip)}
        for row in rows
        if current[row.nip] != id_of_nip.get(row.supervisor_nip)
    ]
    if links:
        db.session.execute(_update_by_id("supervisor_id"), links)
    # The bulk statements bypass the identity map: objects loaded before must read afresh.
    db.session.expire_all()


def import_employees(data: bytes) -> ImportResult:
    """Validate every row, then write them all; on any error write nothing."""
    result = ImportResult()
    try:
        text = _decode(data)
    except UnicodeDecodeError:
        result.errors.append(RowError(1, str(_l("Berkas bukan teks UTF-8."))))
        return result
    if "\x00" in text:
        message = _l("Berkas bukan teks CSV (berisi karakter NUL). Simpan ulang sebagai CSV UTF-8.")
        result.errors.append(RowError(1, str(message)))
        return result
    rows = _read_rows(text, result.errors)
    seen: dict[str, int] = {}
    bad_nips = False
    for row in rows:
        bad_nips |= _check_row(row, result.errors)
        if row.nip in seen:
            msg = _l(
                "NIP %(nip)s ganda (sudah ada di baris %(row)s).", nip=row.nip, row=seen[row.nip]
            )
            result.errors.append(RowError(row.line, str(msg)))
        seen.setdefault(row.nip, row.line)
    # A mistyped NIP on a supervisor's own row would make every staff row under them report
    # "atasan tidak ditemukan" too: while a row's NIP is bad, only that row's error is shown.
    if not bad_nips:
        _check_supervisors(rows, result.errors)
    if not rows and not result.errors:
        result.errors.append(RowError(1, str(_l("Berkas tidak berisi data pegawai."))))
    if result.errors:
        result.errors.sort(key=lambda e: e.row)  # stable: a row's reasons keep their order
        return result
    _apply(rows, result)
    return result
