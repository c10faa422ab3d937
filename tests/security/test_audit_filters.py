"""The audit log's filters: dates as day, month and year boxes, refused with the error summary
when they name no real day or run backwards, and kept in the query string for paging and CSV."""

import csv
import html
import io
import re
from datetime import datetime

import pytest

from lms.audit import services as audit
from lms.extensions import db

from ..conftest import login
from ..factories import make_user

SOMEONE = "199001012015011001"
SOMEONE_ELSE = "199202022016022002"
MARCH_2_TO_5 = "start-day=2&start-month=3&start-year=2026&end-day=5&end-month=3&end-year=2026"


@pytest.fixture
def admin_client(app):
    client = app.test_client()
    login(client, make_user("Admin", roles=("admin",)))
    return client


def _seed(n: int, action: str = "logout", nip: str = SOMEONE, at: datetime | None = None):
    for _ in range(n):
        event = audit.record(action, None, "sasaran", "", "10.0.0.1", actor_nip=nip)
        if at:
            event.at = at
    db.session.commit()


def _csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))


def _summary(page: str) -> list[tuple[str, str]]:
    """(href, message) of each link in the error summary."""
    box = page.split('id="error-summary"')[1].split("</div>")[0]
    return [
        (href, html.unescape(text)) for href, text in re.findall(r'<a href="([^"]+)">([^<]*)', box)
    ]


def _links(page: str, text: str) -> list[str]:
    """The href of each link whose text starts with `text`, unescaped."""
    found = re.findall(r'<a[^>]*href="([^"]+)"[^>]*>\s*([^<]*)', page)
    return [html.unescape(href) for href, label in found if label.strip().startswith(text)]


def test_the_dates_are_typed_in_day_month_and_year_boxes(admin_client):
    page = admin_client.get("/admin/audit/").get_data(as_text=True)
    assert 'type="date"' not in page
    for name in ("start", "end"):
        for part in ("day", "month", "year"):
            assert f'id="{name}-{part}" name="{name}-{part}"' in page
    assert "<legend>Dari tanggal</legend>" in page and "<legend>Sampai tanggal</legend>" in page
    assert 'action="#error-summary"' in page  # no JavaScript needed to land on the summary


def test_filters_and_csv(admin_client):
    _seed(2, "logout", SOMEONE, at=datetime(2026, 3, 1, 9))
    _seed(3, "login_failure", SOMEONE_ELSE, at=datetime(2026, 3, 5, 9))
    page = admin_client.get("/admin/audit/?action=login_failure").get_data(as_text=True)
    assert "3 catatan" in page
    page = admin_client.get(f"/admin/audit/?nip={SOMEONE}").get_data(as_text=True)
    assert "2 catatan" in page
    page = admin_client.get("/admin/audit/?nip=19900101+201501+1+001").get_data(as_text=True)
    assert "2 catatan" in page  # spaced as people type it, read as sign-in reads it
    response = admin_client.get(f"/admin/audit/?{MARCH_2_TO_5}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "3 catatan" in page
    assert 'id="start-day" name="start-day" value="2"' in page  # the boxes keep the filter
    only_the_first = "end-day=1&end-month=3&end-year=2026"
    assert "2 catatan" in admin_client.get(f"/admin/audit/?{only_the_first}").get_data(True)
    # A script may still send one ISO date per filter.
    page = admin_client.get("/admin/audit/?start=2026-03-02&end=2026-03-05").get_data(True)
    assert "3 catatan" in page
    response = admin_client.get("/admin/audit/audit.csv?action=login_failure")
    assert response.headers["Content-Disposition"].endswith('.csv"')
    rows = _csv_rows(response)
    assert rows[0][0] == "Waktu (WIB)" and len(rows) == 4
    assert {r[3] for r in rows[1:]} == {"Masuk gagal"}


def test_paging_and_the_csv_keep_the_filter(admin_client):
    _seed(55, "logout", SOMEONE, at=datetime(2026, 3, 3, 9))
    _seed(4, "logout", SOMEONE, at=datetime(2026, 3, 9, 9))
    first = admin_client.get(f"/admin/audit/?{MARCH_2_TO_5}").get_data(as_text=True)
    assert "55 catatan" in first and "Halaman 1 dari 2" in first
    (following,) = _links(first, "Berikutnya")
    assert following.endswith(f"?{MARCH_2_TO_5}&page=2")
    second = admin_client.get(following).get_data(as_text=True)
    assert "55 catatan" in second and "Halaman 2 dari 2" in second
    assert second.count("<tr>") == 1 + 5  # the header row and the last 5 of the 55
    (download,) = _links(second, "Unduh CSV")
    assert "page=" not in download and "start-day=2" in download and "end-day=5" in download
    assert len(_csv_rows(admin_client.get(download))) == 1 + 55


@pytest.mark.parametrize(
    ("query", "href", "message"),
    [
        (
            "start-day=31&start-month=2&start-year=2026",
            "#start-day",
            "“Dari tanggal” harus tanggal yang ada, misalnya 27 2 2026.",
        ),
        (
            "end-day=31&end-month=4&end-year=2026",
            "#end-day",
            "“Sampai tanggal” harus tanggal yang ada, misalnya 28 2 2026.",
        ),
        (
            "start-day=5&start-month=3&start-year=2026&end-day=1&end-month=3&end-year=2026",
            "#end-day",
            "“Sampai tanggal” harus sama dengan atau sesudah “Dari tanggal”.",
        ),
        (
            "start-day=5&start-month=&start-year=2026",
            "#start-day",
            "“Dari tanggal” harus berisi bulan.",
        ),
        ("end-day=5&end-month=3&end-year=", "#end-day", "“Sampai tanggal” harus berisi tahun."),
        ("start-day=5&start-month=3&start-year=26", "#start-day", "“Dari tanggal” harus tanggal"),
        (
            "start-day=lima&start-month=3&start-year=2026",
            "#start-day",
            "“Dari tanggal” harus tanggal",
        ),
        ("start=kemarin", "#start-day", "“Dari tanggal” harus tanggal yang ada"),
        ("action=hapus_semua", "#action", "Pilih aksi dari daftar."),
        ("nip=1990%27+OR+1%3D1", "#nip", "NIP berupa angka, paling banyak 18 digit."),
    ],
)
def test_bad_filters_show_the_error_summary_and_no_list(admin_client, query, href, message):
    _seed(3, "logout", SOMEONE, at=datetime(2026, 3, 3, 9))
    response = admin_client.get(f"/admin/audit/?{query}")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "<title>Kesalahan: Log Audit" in page
    assert page.index('id="error-summary"') < page.index("<h1>")
    ((link, said),) = _summary(page)
    assert link == href and said.startswith(message)
    assert f'id="{href[1:]}"' in page  # the link leads to a field on the page
    assert "<table" not in page and "catatan" not in page.split("<h1>")[1].split("</form>")[1]
    assert "Daftar belum ditampilkan" in page
    csv_response = admin_client.get(f"/admin/audit/audit.csv?{query}")
    assert csv_response.status_code == 400 and "Content-Disposition" not in csv_response.headers


def test_what_was_typed_stays_in_the_boxes(admin_client):
    query = "start-day=31&start-month=2&start-year=2026&end-day=3&end-month=3&end-year=2026"
    page = admin_client.get(f"/admin/audit/?{query}").get_data(as_text=True)
    assert 'id="start-day" name="start-day" value="31" aria-invalid="true"' in page
    assert 'id="start-month" name="start-month" value="2" aria-invalid="true"' in page
    assert 'id="end-day" name="end-day" value="3">' in page  # valid, so not marked
    assert 'aria-describedby="start-hint start-err"' in page
    assert 'aria-describedby="end-hint"' in page
