"""The admin's employee list: JP this year per person, the JP filter and its export."""

import csv
import io
from datetime import datetime

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from lms.audit.models import AuditEvent
from lms.extensions import db
from tests.conftest import login
from tests.factories import local_today, make_module, make_unit, make_user
from tests.team.builders import enrol

YEAR = local_today().year


@pytest.fixture
def staff(app):
    """Ani 22 JP this year, Budi 6 (and 30 last year), Citra 0, Eko (PPPK) 4; Dedi elsewhere."""
    agency = make_unit("Dinas Kesehatan")
    bidang = make_unit("Bidang P2P", parent=agency)
    people = {
        "ani": make_user("Ani Rahma", unit=bidang),
        "budi": make_user("Budi Santoso", unit=agency),
        "citra": make_user("Citra Dewi", unit=bidang),
        "eko": make_user("Eko Kontrak", unit=bidang, grade="IX"),
        "dedi": make_user("Dedi Lain", unit=make_unit("Bappeda")),
    }
    big, mid, small = (make_module(s, jp=j) for s, j in (("besar", 22), ("sedang", 6), ("k", 4)))
    this_year, last_year = datetime(YEAR, 3, 2, 3), datetime(YEAR - 1, 3, 2, 3)
    enrol(people["ani"], big, completed_at=this_year, jp_credited=22)
    enrol(people["budi"], mid, completed_at=this_year, jp_credited=6)
    enrol(people["budi"], big, completed_at=last_year, jp_credited=30)
    enrol(people["eko"], small, completed_at=this_year, jp_credited=4)
    enrol(people["citra"], mid)  # started, not completed: no JP
    return people


@pytest.fixture
def admin_client(client, app):
    login(client, make_user("Admin BKD", roles=("admin",)))
    return client


def _names(page: str) -> list[str]:
    return [n for n in ("Ani", "Budi", "Citra", "Eko", "Dedi") if f">{n} " in page]


def test_the_list_shows_jp_this_year(admin_client, staff):
    page = admin_client.get("/admin/pegawai").get_data(as_text=True)
    assert f"JP {YEAR}" in page
    assert "22 / 20" in page and "6 / 20" in page and "0 / 20" in page
    assert "PPPK · hak maksimal 24 JP" in page
    assert "Dinas Kesehatan &gt; Bidang P2P" in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("jp=di-bawah-target", ["Budi", "Citra", "Dedi"]),  # PNS only: Eko is PPPK
        ("jp=target-tercapai", ["Ani"]),
        ("jp=tanpa-jp", ["Citra", "Dedi"]),
        ("jp=pppk", ["Eko"]),
        ("unit={agency}&jp=di-bawah-target", ["Budi", "Citra"]),  # with the bidang below
        ("q=budi", ["Budi"]),
    ],
)
def test_filters(admin_client, staff, query, expected):
    agency = staff["budi"].unit_id
    page = admin_client.get("/admin/pegawai?" + query.format(agency=agency))
    assert page.status_code == 200
    assert _names(page.get_data(as_text=True)) == expected


def test_the_below_target_label_names_the_target(admin_client, staff):
    assert "PNS di bawah 20 JP" in admin_client.get("/admin/pegawai").get_data(as_text=True)


@pytest.mark.parametrize("query", ["jp=semua", "unit=abc", "unit=99999999999999", "format=pdf"])
def test_bad_filters_are_refused(admin_client, staff, query):
    assert admin_client.get("/admin/pegawai?" + query).status_code == 400


def test_csv_export_of_the_filtered_list(admin_client, staff):
    response = admin_client.get("/admin/pegawai?jp=di-bawah-target&format=csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][:2] == ["Nama", "NIP"] and rows[0][6] == f"JP {YEAR}"
    assert [(r[0], r[1], r[6], r[7]) for r in rows[1:]] == [
        ("Admin BKD", rows[1][1], "0", "20"),  # the admin is an employee too
        ("Budi Santoso", staff["budi"].nip, "6", "20"),
        ("Citra Dewi", staff["citra"].nip, "0", "20"),
        ("Dedi Lain", staff["dedi"].nip, "0", "20"),
    ]
    [event] = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "employee_export"))
    assert "di-bawah-target" in event.target and event.detail == "4 baris"


def test_xlsx_export_keeps_nips_as_text_and_pppk_as_entitlement(admin_client, staff):
    response = admin_client.get("/admin/pegawai?jp=pppk&format=xlsx")
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == "Eko Kontrak" and rows[1][1] == staff["eko"].nip
    assert rows[1][4] == "Dinas Kesehatan > Bidang P2P"
    assert rows[1][6] == 4 and rows[1][7] == "hak maksimal 24 JP"
    assert len(rows) == 2


@pytest.mark.parametrize("role", ["learner", "supervisor", "trainer"])
def test_only_admins_see_the_list(client, app, role):
    boss = make_user("Kepala", roles=("trainer",) if role == "trainer" else ())
    if role == "supervisor":
        make_user("Staf", supervisor=boss)
    login(client, boss)
    assert client.get("/admin/pegawai").status_code == 403
    assert client.get("/admin/pegawai?format=csv").status_code == 403
