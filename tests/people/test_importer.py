import pytest
from sqlalchemy import func, select

from lms.extensions import db
from lms.people.importer import _nips_in_cycles, import_employees
from lms.people.models import Unit, User

from ..factories import make_unit, make_user
from .csv_data import BIDANG, HEAD, HEADER, KABID, PPPK, ROWS, STAFF, csv_bytes, with_row


def _counts() -> tuple[int, int]:
    return (
        db.session.scalar(select(func.count()).select_from(User)),
        db.session.scalar(select(func.count()).select_from(Unit)),
    )


def _by_nip(nip: str) -> User:
    return db.session.scalar(select(User).where(User.nip == nip))


def _import(data: bytes):
    result = import_employees(data)
    if result.errors:
        db.session.rollback()
    else:
        db.session.commit()
    return result


def _assert_good_import(result) -> None:
    assert result.errors == []
    assert (result.created, result.updated, result.unchanged) == (4, 0, 0)
    head, kabid, staff, pppk = (_by_nip(n) for n in (HEAD, KABID, STAFF, PPPK))
    assert head.supervisor is None
    assert kabid.supervisor is head
    assert staff.supervisor is kabid and pppk.supervisor is kabid
    assert kabid.name == "Hendra Gunawan, S.E."
    assert staff.unit.path == BIDANG and head.unit.path == "Dinas Kesehatan"
    assert staff.unit.parent is head.unit
    assert pppk.grade == "IX" and staff.email == "rahmat@jambiprov.go.id" and head.email is None
    assert all(
        u.must_change_password and u.password_hash is None and u.active for u in (head, staff)
    )
    assert _counts() == (4, 2)


@pytest.mark.parametrize(
    "options",
    [
        pytest.param({}, id="comma"),
        pytest.param({"bom": True}, id="bom"),
        pytest.param({"delimiter": ";"}, id="semicolon"),
        pytest.param({"delimiter": ";", "bom": True, "newline": "\r\n"}, id="excel-id"),
        pytest.param({"newline": "\r\n"}, id="crlf"),
    ],
)
def test_good_file(app, options):
    _assert_good_import(_import(csv_bytes(**options)))


def test_header_in_other_order_and_case(app):
    order = [6, 5, 4, 3, 2, 1, 0]
    header = [HEADER[i].upper() for i in order]
    rows = [[row[i] for i in order] for row in ROWS]
    _assert_good_import(_import(csv_bytes(rows, header=header)))


def test_reimport_is_idempotent(app):
    _import(csv_bytes())
    before = _counts()
    result = _import(csv_bytes(bom=True, delimiter=";"))
    assert result.errors == []
    assert (result.created, result.updated, result.unchanged) == (0, 0, 4)
    assert _counts() == before


@pytest.mark.parametrize(
    ("changes", "check"),
    [
        pytest.param({"nama": "Rahmat Hidayat, S.Kom."}, lambda u: u.name, id="name"),
        pytest.param({"golongan": "III/b"}, lambda u: u.grade, id="grade"),
        pytest.param(
            {"jabatan": "Pranata Komputer Ahli Muda"}, lambda u: u.position, id="position"
        ),
        pytest.param({"email": ""}, lambda u: u.email, id="email-cleared"),
        pytest.param({"nip_atasan": HEAD}, lambda u: u.supervisor.nip, id="supervisor"),
        pytest.param({"unit": "Dinas Kesehatan > Sekretariat"}, lambda u: u.unit.path, id="unit"),
    ],
)
def test_changed_row_updates_that_person(app, changes, check):
    _import(csv_bytes())
    result = _import(csv_bytes(with_row(0, **changes)))
    assert result.errors == []
    assert (result.created, result.updated, result.unchanged) == (0, 1, 3)
    staff = _by_nip(STAFF)
    expected = next(iter(changes.values())) or None
    assert check(staff) == expected
    assert _by_nip(HEAD).name == "Dr. Siti Nurhaliza"


def test_import_updates_existing_people_and_links_to_existing_supervisors(app):
    boss = make_user("Kepala Badan", nip="196901011990031001")
    existing = make_user("Nama Lama", nip=STAFF)
    rows = [[STAFF, "Rahmat Hidayat", "", "Analis", "III/a", "Badan Baru > Bidang A", boss.nip]]
    result = _import(csv_bytes(rows))
    assert (result.created, result.updated, result.unchanged) == (0, 1, 0)
    db.session.refresh(existing)
    assert existing.name == "Rahmat Hidayat"
    assert existing.supervisor_id == boss.id
    assert existing.unit.path == "Badan Baru > Bidang A"
    assert existing.password_hash is not None  # an update never touches the password


def test_new_units_are_created_and_nested_under_existing_ones(app):
    dinkes = make_unit("Dinas Kesehatan")
    _import(csv_bytes())
    bidang = _by_nip(STAFF).unit
    assert bidang.parent_id == dinkes.id
    assert _by_nip(HEAD).unit_id == dinkes.id
    assert _counts()[1] == 2


BAD_ROWS = [
    pytest.param(
        with_row(0, nip="12345"),
        [(2, "NIP '12345': NIP harus terdiri dari 18 angka.")],
        id="nip-short",
    ),
    pytest.param(
        with_row(0, nip="198502302010011003"),
        [(2, "NIP '198502302010011003': Digit 1–8 NIP bukan tanggal lahir")],
        id="nip-bad-birth-date",
    ),
    pytest.param(
        [*ROWS, ROWS[0]], [(6, f"NIP {STAFF} ganda (sudah ada di baris 2).")], id="duplicate-nip"
    ),
    pytest.param(
        with_row(3, nip_atasan="196001011985031009"),
        [(5, "NIP atasan 196001011985031009 tidak ditemukan.")],
        id="unknown-supervisor",
    ),
    pytest.param(
        with_row(1, nip_atasan=STAFF),
        [
            (2, "Atasan membentuk siklus."),
            (3, "Atasan membentuk siklus."),
            (4, "Atasan membentuk siklus."),
        ],
        id="supervisor-cycle",
    ),
    pytest.param(
        with_row(0, nip_atasan=STAFF), [(2, "atasan dirinya sendiri")], id="self-supervisor"
    ),
    pytest.param(with_row(1, unit=""), [(3, "Unit kerja wajib diisi.")], id="missing-unit"),
    pytest.param(with_row(1, unit=" > "), [(3, "Unit kerja wajib diisi.")], id="blank-unit-path"),
    pytest.param(
        with_row(3, golongan="V/a"), [(5, "Golongan 'V/a' tidak dikenal.")], id="unknown-golongan"
    ),
    pytest.param(with_row(3, golongan=""), [(5, "Golongan wajib diisi.")], id="missing-golongan"),
    pytest.param(
        with_row(3, golongan="III/a"),
        [(5, "Digit 13–14 NIP (bulan pengangkatan CPNS)")],
        id="pppk-nip-as-pns",
    ),
    pytest.param(
        with_row(0, email="rahmat@"), [(2, "Email 'rahmat@' tidak valid.")], id="bad-email"
    ),
    pytest.param(with_row(0, nama=""), [(2, "Nama wajib diisi.")], id="missing-name"),
    pytest.param(
        with_row(0, nama="x" * 201), [(2, "Kolom nama lebih dari 200 karakter.")], id="long-name"
    ),
    pytest.param([*ROWS, f"{STAFF},Pendek"], [(6, "Jumlah kolom kurang")], id="short-row"),
    pytest.param(
        with_row(0, nip="1", email="x") + [ROWS[2]],
        [(2, "NIP '1'"), (2, "Email 'x'"), (6, f"NIP {KABID} ganda (sudah ada di baris 4).")],
        id="several-bad-rows",
    ),
]


@pytest.mark.parametrize(("rows", "expected"), BAD_ROWS)
def test_bad_rows_are_reported_and_nothing_is_written(app, rows, expected):
    make_unit("Dinas Kesehatan")
    make_user("Sudah Ada")
    before = _counts()
    result = _import(csv_bytes(rows))
    found = [(e.row, e.message) for e in result.errors]
    assert len(found) == len(expected), found
    for (row, message), (want_row, want_text) in zip(found, expected, strict=True):
        assert row == want_row and want_text in message, found
    assert result.created == result.updated == 0
    assert _counts() == before


@pytest.mark.parametrize("column", HEADER)
def test_missing_header_column(app, column):
    header = [c for c in HEADER if c != column]
    rows = [[cell for c, cell in zip(HEADER, row, strict=True) if c != column] for row in ROWS]
    result = _import(csv_bytes(rows, header=header))
    assert [(e.row, e.message) for e in result.errors] == [(1, f"Kolom wajib tidak ada: {column}")]
    assert _counts() == (0, 0)


def test_cycle_through_people_already_in_the_database(app):
    _import(csv_bytes())
    rows = [[HEAD, "Dr. Siti Nurhaliza", "", "Kepala Dinas", "IV/c", "Dinas Kesehatan", STAFF]]
    result = _import(csv_bytes(rows))
    assert [(e.row, e.message) for e in result.errors] == [(2, "Atasan membentuk siklus.")]
    assert _by_nip(HEAD).supervisor_id is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(b"", "Kolom wajib tidak ada", id="empty-file"),
        pytest.param(csv_bytes([]), "tidak berisi data pegawai", id="header-only"),
        pytest.param("nip;nama\n".encode("utf-16"), "bukan teks UTF-8", id="utf-16"),
        pytest.param(
            csv_bytes(ROWS[:1]).replace(b"Rahmat", b"R\xe9hmat"), "bukan teks UTF-8", id="latin-1"
        ),
    ],
)
def test_unusable_files(app, data, message):
    result = _import(data)
    assert len(result.errors) == 1 and result.errors[0].row == 1
    assert message in result.errors[0].message
    assert _counts() == (0, 0)


def test_blank_lines_are_skipped_and_rows_keep_their_line_numbers(app):
    rows = [ROWS[0], "", ",,,,,,", *ROWS[1:3], with_row(3, golongan="X/x")[3]]
    result = _import(csv_bytes(rows))
    assert [(e.row, e.message) for e in result.errors] == [(7, "Golongan 'X/x' tidak dikenal.")]


class _CountingDict(dict):
    lookups = 0

    def get(self, key, default=None):
        type(self).lookups += 1
        return super().get(key, default)


def test_the_cycle_check_walks_each_person_once():
    """20,000 people in one chain ending in a loop of three: linear, not one walk per person
    (quadratic: 12,000 rows took 8 s and held the write lock)."""
    count = 20_000
    chain = {f"p{i}": f"p{i + 1}" for i in range(count)}
    chain |= {f"p{count}": "q0", "q0": "q1", "q1": "q2", "q2": "q0", "alone": None}
    _CountingDict.lookups = 0
    found = _nips_in_cycles(_CountingDict(chain))
    assert found == {"q0", "q1", "q2"}
    assert _CountingDict.lookups <= 2 * len(chain)


@pytest.mark.parametrize("bad_nip", ["19750202200003200", "1.97502E+17", ""])
def test_a_supervisors_bad_nip_is_one_error_not_one_per_staff_row(app, bad_nip):
    # The Kabid's row (line 4) is the supervisor of the staff rows on lines 2 and 5.
    result = _import(csv_bytes(with_row(2, nip=bad_nip)))
    assert [(e.row, e.message) for e in result.errors] == [
        (4, f"NIP '{bad_nip}': NIP harus terdiri dari 18 angka.")
    ]
    assert _counts() == (0, 0)
