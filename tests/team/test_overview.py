import csv
import io
import re
from datetime import datetime, timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import event

from lms.extensions import db
from lms.people.models import User

from ..conftest import login
from ..factories import local_today, make_module, make_unit, make_user
from .builders import add_assignment, enrol, make_team

TODAY = local_today()
THIS_YEAR = datetime(TODAY.year, 1, 1, 8)
LAST_YEAR = datetime(TODAY.year - 1, 6, 1, 8)
HEADERS = [
    "Nama",
    "NIP",
    "Unit Kerja",
    "Modul ditugaskan",
    "Sedang berlangsung",
    "Selesai",
    "Terlambat",
    "JP tahun ini",
    "Target JP (PNS) / hak JP (PPPK)",
    "Aktivitas terakhir (WIB)",  # local times, the zone named
]


@pytest.fixture
def team(app):
    """Supervisor Sari: Andi and Bima report to her, Cici to Bima; others are out of scope."""
    bidang_a = make_unit("Bidang Layanan")
    bidang_b = make_unit("Bidang Data")
    sari = make_user("Sari Atasan")
    andi = make_user("Andi Saputra", supervisor=sari, unit=bidang_a)
    bima = make_user("Bima Prakoso", supervisor=sari, unit=bidang_b)
    cici = make_user("Cici Lestari", supervisor=bima, unit=bidang_b)
    make_user("Dodi Nonaktif", supervisor=sari, unit=bidang_a, active=False)
    other_boss = make_user("Atasan Lain")
    outsider = make_user("Eko Luar Tim", supervisor=other_boss, unit=bidang_a)
    m1 = make_module("waktu", title="Manajemen Waktu", jp=2)
    m2 = make_module("proyek", title="Manajemen Proyek", jp=3)
    m3 = make_module("digital", title="Literasi Digital", jp=4)
    # Andi: waktu completed this year (2 JP), digital completed last year, proyek overdue.
    enrol(andi, m1, completed_at=THIS_YEAR, jp_credited=2, last_activity_at=datetime(2026, 2, 3))
    enrol(andi, m3, completed_at=LAST_YEAR, jp_credited=4, last_activity_at=LAST_YEAR)
    add_assignment(andi, m1, TODAY - timedelta(days=30), by=sari)  # done: not overdue
    add_assignment(andi, m2, TODAY - timedelta(days=1), by=sari)  # not started: overdue
    # Bima: proyek in progress, assigned with time left; a cancelled assignment does not count.
    enrol(bima, m2, lessons_done=1, last_activity_at=datetime(2026, 3, 1))
    add_assignment(bima, m2, TODAY + timedelta(days=10), by=sari)
    add_assignment(bima, m3, TODAY - timedelta(days=5), by=sari, cancelled=True)
    enrol(outsider, m1, completed_at=THIS_YEAR, jp_credited=2)
    return {"sari": sari, "andi": andi, "bima": bima, "cici": cici, "outsider": outsider}


def rows_of(html: str) -> list[list[str]]:
    """The body rows of the page's table as lists of cell texts (tags removed)."""
    body = html.split("<tbody>")[1].split("</tbody>")[0]
    return [
        [
            re.sub(r"<[^>]+>", " ", cell.split("</td>")[0].split(">", 1)[1]).split()
            for cell in row.split("<td")[1:]
        ]
        for row in body.split("<tr>")[1:]
    ]


def test_overview_shows_one_row_per_team_member_with_their_figures(client, team):
    login(client, team["sari"])
    response = client.get("/tim")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Eko Luar Tim" not in html and "Dodi Nonaktif" not in html
    assert "Sari Atasan</a>" not in html
    assert "3 pegawai dalam tim Anda" in html
    assert 'badge danger">1<' in html  # Andi's overdue assignment stands out
    andi, bima, cici = ([" ".join(words) for words in row] for row in rows_of(html))
    # name + NIP, unit, assigned, in progress, completed, overdue, JP this year, latest activity
    assert andi == [
        f"Andi Saputra {team['andi'].nip}",
        "Bidang Layanan",
        "2",
        "0",
        "2",
        "1",
        "2 / 20",
        "3 Februari 2026",
    ]
    assert bima[1:] == ["Bidang Data", "1", "1", "0", "0", "0 / 20", "1 Maret 2026"]
    assert cici == [
        f"Cici Lestari {team['cici'].nip}",
        "Bidang Data",
        "0",
        "0",
        "0",
        "0",
        "0 / 20",
        "–",
    ]


def download(client, query: str) -> list[list]:
    response = client.get(f"/tim?{query}")
    assert response.status_code == 200
    if "xlsx" in query:
        sheet = load_workbook(io.BytesIO(response.get_data())).active
        return [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]
    assert response.get_data().startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))


def test_overview_csv_has_the_same_columns_and_figures(client, team):
    login(client, team["sari"])
    rows = download(client, "format=csv")
    assert rows[0] == HEADERS
    assert [r[0] for r in rows[1:]] == ["Andi Saputra", "Bima Prakoso", "Cici Lestari"]
    andi = rows[1]
    assert andi[1] == team["andi"].nip
    assert andi[2:9] == ["Bidang Layanan", "2", "0", "2", "1", "2", "20"]
    assert andi[9] == "2026-02-03 07:00"  # stored 00:00 UTC
    assert rows[2][2:9] == ["Bidang Data", "1", "1", "0", "0", "0", "20"]
    assert rows[3][2:10] == ["Bidang Data", "0", "0", "0", "0", "0", "20", ""]


def test_overview_xlsx_matches_the_csv(client, team):
    login(client, team["sari"])
    sheet = download(client, "format=xlsx")
    assert list(sheet[0]) == HEADERS
    assert list(sheet[1][:9]) == [
        "Andi Saputra",
        team["andi"].nip,
        "Bidang Layanan",
        2,
        0,
        2,
        1,
        2,
        20,
    ]
    assert sheet[1][9] == datetime(2026, 2, 3, 7)  # local wall time; the header names WIB


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("status=terlambat", ["Andi Saputra"]),
        ("status=berlangsung", ["Bima Prakoso"]),
        ("status=belum-mulai", ["Cici Lestari"]),
        ("status=target-tercapai", []),
        ("status=di-bawah-target", ["Andi Saputra", "Bima Prakoso", "Cici Lestari"]),
        ("sort=-terlambat", ["Andi Saputra", "Bima Prakoso", "Cici Lestari"]),
        ("sort=-berlangsung", ["Bima Prakoso", "Andi Saputra", "Cici Lestari"]),
        ("sort=-nama", ["Cici Lestari", "Bima Prakoso", "Andi Saputra"]),
        ("sort=-aktivitas", ["Bima Prakoso", "Andi Saputra", "Cici Lestari"]),
        ("sort=aktivitas", ["Andi Saputra", "Bima Prakoso", "Cici Lestari"]),
        ("sort=unit", ["Bima Prakoso", "Cici Lestari", "Andi Saputra"]),
    ],
)
def test_overview_filters_and_sorts(client, team, query, names):
    login(client, team["sari"])
    rows = download(client, f"{query}&format=csv")
    assert [r[0] for r in rows[1:]] == names


def test_overview_filters_by_unit(client, team):
    login(client, team["sari"])
    unit_id = team["bima"].unit_id
    rows = download(client, f"unit={unit_id}&format=csv")
    assert [r[0] for r in rows[1:]] == ["Bima Prakoso", "Cici Lestari"]


def test_each_request_binds_its_own_values_to_the_reused_select(client, team, app):
    """The overview's select is built once per filter and sort: supervisor, unit and target
    are parameters of each request."""
    login(client, team["sari"])
    everyone = ["Andi Saputra", "Bima Prakoso", "Cici Lestari"]
    assert [r[0] for r in download(client, "format=csv")[1:]] == everyone
    app.config["JP_TARGET_PER_YEAR"] = 2
    assert [r[0] for r in download(client, "status=target-tercapai&format=csv")[1:]] == everyone[:1]
    app.config["JP_TARGET_PER_YEAR"] = 20
    assert download(client, "status=target-tercapai&format=csv")[1:] == []
    client.post("/logout")
    login(client, team["bima"])
    assert [r[0] for r in download(client, "format=csv")[1:]] == ["Cici Lestari"]
    rows = download(client, f"unit={team['cici'].unit_id}&format=csv")
    assert [r[0] for r in rows[1:]] == ["Cici Lestari"]


def test_target_is_a_setting(client, team, app):
    app.config["JP_TARGET_PER_YEAR"] = 2
    login(client, team["sari"])
    rows = download(client, "status=target-tercapai&format=csv")
    assert [r[0] for r in rows[1:]] == ["Andi Saputra"]
    assert rows[1][8] == "2"


@pytest.mark.parametrize(
    "query",
    ["sort=password", "sort=-", "status=semua", "unit=abc", "format=pdf", "unit=999999"],
)
def test_invalid_filters_are_refused(client, team, query):
    login(client, team["sari"])
    assert client.get(f"/tim?{query}").status_code == 400


def test_unit_outside_the_team_is_not_a_valid_filter(client, team):
    other_unit = make_unit("Biro Organisasi")
    login(client, team["sari"])
    assert client.get(f"/tim?unit={other_unit.id}").status_code == 400


def test_overview_paginates_past_50_rows(client, app):
    boss = make_user("Kepala Dinas")
    make_team(boss, 53)
    login(client, boss)
    first = client.get("/tim").get_data(as_text=True)
    assert "53 pegawai dalam tim Anda" in first
    assert "Anggota 049" in first and "Anggota 050" not in first
    assert "Halaman 1 dari 2" in first
    second = client.get("/tim?page=2").get_data(as_text=True)
    assert "Anggota 050" in second and "Anggota 052" in second and "Anggota 049" not in second
    assert len(download(client, "format=csv")) == 54  # the export has every row


def statements_for(app, client, url: str) -> int:
    count = 0

    def _count(*_args):
        nonlocal count
        count += 1

    # A fresh app context gives the request its own session and `g`, as in production.
    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", _count)
        try:
            assert client.get(url).status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", _count)
    return count


def build_team(size: int, modules) -> User:
    boss = make_user(f"Kepala {size}")
    for index, person in enumerate(make_team(boss, size, prefix=f"T{size}")):
        enrol(person, modules[0], pretest_score=40, best_posttest_score=80, completed_at=THIS_YEAR)
        if index % 2:
            enrol(person, modules[1], pretest_score=20)
            add_assignment(person, modules[1], TODAY - timedelta(days=1), by=boss)
    return boss


URLS = [
    "/tim",
    "/tim?sort=-jp&status=di-bawah-target",
    "/tim?format=csv",
    "/tim?format=xlsx",
    "/tim/peningkatan",
    "/tim/peningkatan?format=csv&tabel=pegawai",
    "/tim/peningkatan?format=xlsx&tabel=kompetensi",
    "/tim/tugas",
    "/tim/tugas?format=csv",
    "/tim/evaluasi",
    "/tim/evaluasi?format=xlsx",
]


def test_statement_count_does_not_grow_with_the_team(client, app):
    modules = [make_module("m1", title="Modul Satu"), make_module("m2", title="Modul Dua")]
    bosses = [build_team(5, modules), build_team(200, modules)]
    counts = []
    for boss in bosses:
        client.post("/logout")
        login(client, boss)
        counts.append([statements_for(app, client, url) for url in URLS])
    assert counts[0] == counts[1]
    assert max(counts[0]) <= 12
