"""Time the employee CSV import at province scale, on a scratch database.

    .venv/bin/python bench/importer.py [--employees 20000]        # a scratch SQLite file
    BENCH_PG_URL=postgresql+psycopg://... .venv/bin/python bench/importer.py --backend postgresql

Two files of the same size: a province (OPDs of 400: a head, four bidang heads, staff) imported
into an empty database and committed, then the same file again (every row unchanged); and one
chain of supervisors as long as the file (each person the previous one's supervisor), checked
only (its last row is refused, so nothing is written), the worst case for the cycle check,
which used to walk every chain from every person (12,000 rows: 8 s). PostgreSQL runs in a
schema of its own (`bench_import_<pid>`), dropped afterwards. Part of `make bench` (SQLite).
"""

import argparse
import os
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lms import create_app  # noqa: E402
from lms.extensions import db  # noqa: E402
from lms.people.importer import COLUMNS, import_employees  # noqa: E402

OPD_SIZE = 400


def nip(i: int) -> str:
    """A unique, well-formed NIP for employee i (birth date, TMT 25 years on, serial)."""
    year, month, day = 1965 + i % 30, 1 + (i // 30) % 12, 1 + (i // 360) % 28
    return f"{year}{month:02d}{day:02d}{year + 25}011{i // 10080 + 1:03d}"


def province_csv(count: int) -> bytes:
    lines = [",".join(COLUMNS)]
    for i in range(count):
        opd, place = divmod(i, OPD_SIZE)
        head = opd * OPD_SIZE
        bidang = 1 + place % 4
        if place == 0:
            unit, boss = f"Dinas {opd}", ""
        elif place <= 4:
            unit, boss = f"Dinas {opd} > Bidang {place}", nip(head)
        else:
            unit, boss = f"Dinas {opd} > Bidang {bidang}", nip(head + bidang)
        lines.append(f"{nip(i)},Pegawai {i},,Staf,III/a,{unit},{boss}")
    return "\n".join(lines).encode()


def chain_csv(count: int) -> bytes:
    lines = [",".join(COLUMNS)]
    for i in range(count):
        boss = nip(i - 1) if i else ""
        grade = "III/a" if i < count - 1 else "X/z"  # refused: nothing is written
        lines.append(f"{nip(i)},Pegawai {i},,Staf,{grade},Dinas Rantai,{boss}")
    return "\n".join(lines).encode()


def timed(data: bytes, commit: bool) -> tuple[float, object]:
    began = time.perf_counter()
    result = import_employees(data)
    db.session.commit() if commit else db.session.rollback()
    return time.perf_counter() - began, result


@contextmanager
def scratch_url(backend: str):
    """A database URL nobody else uses, removed afterwards."""
    if backend == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            yield f"sqlite:///{folder}/import.sqlite3"
        return
    base = os.environ.get("BENCH_PG_URL") or os.environ.get("TEST_DATABASE_URL")
    if not base:
        sys.exit("PostgreSQL: set BENCH_PG_URL (or TEST_DATABASE_URL)")
    schema = f"bench_import_{os.getpid()}"
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    try:
        yield f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        admin.dispose()


def run(count: int, backend: str = "sqlite") -> list[str]:
    with scratch_url(backend) as url:
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "ENV_NAME": "testing", "TESTING": True})
        with app.app_context():
            db.create_all()
            first, created = timed(province_csv(count), commit=True)
            again, unchanged = timed(province_csv(count), commit=True)
            chain, refused = timed(chain_csv(count), commit=False)
            db.session.remove()
            db.engine.dispose()
    assert created.errors == [] and created.created == count, created.errors[:3]
    assert unchanged.unchanged == count
    assert [e.message for e in refused.errors][-1:] != []
    return [
        f"| {count:,} pegawai, basis data kosong | {first:.1f} s |",
        f"| {count:,} pegawai, sama lagi (tak berubah) | {again:.1f} s |",
        f"| rantai atasan {count:,} orang, hanya diperiksa | {chain:.1f} s |",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=20_000)
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    args = parser.parse_args()
    name = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}[args.backend]
    print(f"| impor pegawai ({name}) | waktu |\n|---|---|")
    print("\n".join(run(args.employees, args.backend)))


if __name__ == "__main__":
    main()
