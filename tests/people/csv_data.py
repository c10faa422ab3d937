"""A small personnel-system export shared by the import tests."""

import csv
import io

HEADER = ["nip", "nama", "email", "jabatan", "golongan", "unit", "nip_atasan"]
HEAD = "197001011995031001"
KABID = "197502022000032002"
STAFF = "198503032010011003"
PPPK = "199004042022212004"
BIDANG = "Dinas Kesehatan > Bidang P2P"
# The staff row comes before its supervisor's: order in the file must not matter.
ROWS = [
    [STAFF, "Rahmat Hidayat", "rahmat@jambiprov.go.id", "Pranata Komputer", "III/a", BIDANG, KABID],
    [HEAD, "Dr. Siti Nurhaliza", "", "Kepala Dinas Kesehatan", "IV/c", "Dinas Kesehatan", ""],
    [
        KABID,
        "Hendra Gunawan, S.E.",
        "hendra@jambiprov.go.id",
        "Kepala Bidang",
        "IV/a",
        BIDANG,
        HEAD,
    ],
    [PPPK, "Nadia Putri", "", "Penata Layanan Operasional", "IX", BIDANG, KABID],
]


def csv_bytes(rows=None, header=None, delimiter=",", newline="\n", bom=False) -> bytes:
    """The export as bytes; each row is a list of cells or an already-joined line."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=newline)
    writer.writerow(HEADER if header is None else header)
    for row in ROWS if rows is None else rows:
        if isinstance(row, str):
            buffer.write(row + newline)
        else:
            writer.writerow(row)
    return (b"\xef\xbb\xbf" if bom else b"") + buffer.getvalue().encode("utf-8")


def with_row(index: int, **changes) -> list[list[str]]:
    """ROWS with one row's cells changed, e.g. with_row(0, golongan="V/a")."""
    rows = [list(row) for row in ROWS]
    for column, value in changes.items():
        rows[index][HEADER.index(column)] = value
    return rows
