"""Time the employee CSV import at province scale, on a scratch SQLite file.

    .venv/bin/python bench/importer.py [--employees 20000]

Two files of the same size: a province (OPDs of 400: a head, four bidang heads, staff) imported
into an empty database and committed, then the same file again (every row unchanged); and one
chain of supervisors as long as the file (each person the previous one's supervisor), checked
only (its last row is refused, so nothing is written), the worst case for the cycle check,
which used to walk every chain from every person (12,000 rows: 8 s). Run by hand.
"""

import argparse
import sys
import tempfile
import time
from pathlib import Path

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


def run(count: int) -> list[str]:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/import.sqlite3"
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
    args = parser.parse_args()
    print("| impor pegawai (SQLite) | waktu |\n|---|---|")
    print("\n".join(run(args.employees)))


if __name__ == "__main__":
    main()
