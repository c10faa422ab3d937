"""At 20:30 UTC on New Year's Eve it is already 03:30 on 1 January 2027 in Jambi (WIB).

Every page and download must agree on that day: the learner's home, the audit log, the team
page and its CSV and XLSX. Before the one clock they mixed UTC dates, local dates and raw UTC
times."""

import csv
import io
from datetime import UTC, date, datetime

import pytest
import time_machine
from openpyxl import load_workbook

from lms.extensions import db

from ..conftest import login
from ..factories import make_user
from ..learning.helpers import complete, learning_module
from ..team.builders import add_assignment
from ..team.test_overview import rows_of

EVE = datetime(2026, 12, 31, 20, 30, tzinfo=UTC)
NEW_YEAR = "1 Januari 2027"
OLD_DAY = "31 Desember 2026"


@pytest.fixture
def day(app):
    """Siti completes a module just now; one assignment fell due yesterday (local time)."""
    with time_machine.travel(EVE, tick=False):
        boss = make_user("Wati Atasan")
        siti = make_user("Siti Aminah", supervisor=boss)
        admin = make_user("Admin Bina", roles=("admin",))
        complete(siti, learning_module("waktu", title="Manajemen Waktu", jp=2))
        late = learning_module("proyek", title="Manajemen Proyek", jp=3)
        add_assignment(siti, late, date(2026, 12, 31), by=boss)  # yesterday in Jambi
        db.session.commit()
        yield {"boss": boss, "siti": siti, "admin": admin}


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))


def test_learner_home_counts_the_completion_in_the_new_local_year(client, day):
    login(client, day["siti"])
    html = client.get("/beranda").get_data(as_text=True)
    assert "Capaian JP tahun 2027" in html and "2 dari 20 JP" in html
    assert NEW_YEAR in html and OLD_DAY in html  # completed today; the assignment was due
    assert 'badge danger">Terlambat<' in html


def test_audit_log_shows_the_local_date_and_time_with_the_zone(client, day):
    login(client, day["admin"])  # recorded now: 20:30 UTC
    html = client.get("/admin/audit/?action=login_success").get_data(as_text=True)
    assert '<time datetime="2027-01-01T03:30:00+07:00">' in html
    assert NEW_YEAR in html and "03:30:00 WIB" in html
    assert OLD_DAY not in html and "20:30" not in html
    rows = _csv(client.get("/admin/audit/audit.csv?action=login_success"))
    assert rows[0][0] == "Waktu (WIB)"
    assert rows[1][0] == "2027-01-01 03:30"


def test_team_page_and_downloads_agree_on_the_day(client, day):
    login(client, day["boss"])
    html = client.get("/tim").get_data(as_text=True)
    (siti,) = ([" ".join(words) for words in row] for row in rows_of(html))
    # assigned, in progress, completed, overdue, JP this year, latest activity
    assert siti[2:] == ["1", "0", "1", "1", "2 / 20", NEW_YEAR]
    header, row = _csv(client.get("/tim?format=csv"))
    assert header[-1] == "Aktivitas terakhir (WIB)"
    assert row[3:] == ["1", "0", "1", "1", "2", "20", "2027-01-01 03:30"]
    response = client.get("/tim?format=xlsx")
    sheet = load_workbook(io.BytesIO(response.get_data())).active
    assert sheet.cell(1, 10).value == "Aktivitas terakhir (WIB)"
    assert sheet.cell(2, 10).value == datetime(2027, 1, 1, 3, 30)
    assert [sheet.cell(2, i).value for i in range(6, 9)] == [1, 1, 2]
