"""Time on task beside the module's duration, for the supervisor and for the agency, with
completions far faster than the duration flagged ("terlalu cepat": under a third)."""

import csv
import io
from datetime import datetime

import pytest

from lms.extensions import db
from tests.conftest import login
from tests.factories import make_module, make_user

from .builders import enrol

# In 2026-Q2 (monev periods are local dates; 03:00 UTC is 10:00 WIB the same day).
DONE = datetime(2026, 5, 12, 3, 0)


@pytest.fixture
def data(app):
    boss = make_user("Agus Atasan")
    fast = make_user("Budi Kilat", supervisor=boss)
    careful = make_user("Citra Cermat", supervisor=boss)
    older = make_user("Dedi Lama", supervisor=boss)
    module = make_module("waktu", title="Manajemen Waktu", lessons=3)
    # 3 lessons (1 + 1 + 11 minutes) and 3 + 3 test items: a 19-minute module, whose third is
    # 380 seconds.
    assert module.current_version.minutes == 19
    done = {"completed_at": DONE, "jp_credited": 2, "lessons_done": 3, "pretest_score": 40.0}
    enrol(fast, module, study_seconds=5 * 60, **done)
    enrol(careful, module, study_seconds=21 * 60, **done)
    enrol(older, module, study_seconds=None, **done)  # before time on task was recorded
    return locals()


def test_supervisor_sees_time_and_the_flag(client, data):
    login(client, data["boss"])
    fast = client.get(f"/tim/pegawai/{data['fast'].id}").get_data(as_text=True)
    assert "Waktu belajar" in fast and "5 menit" in fast and "durasi ± 19 menit" in fast
    assert "terlalu cepat" in fast
    careful = client.get(f"/tim/pegawai/{data['careful'].id}").get_data(as_text=True)
    assert "21 menit" in careful and "durasi ± 19 menit" in careful
    assert 'badge danger">terlalu cepat' not in careful
    older = client.get(f"/tim/pegawai/{data['older'].id}").get_data(as_text=True)
    assert "tidak tercatat" in older and 'badge danger">terlalu cepat' not in older


def test_supervisor_download_has_the_study_columns(client, data):
    login(client, data["boss"])
    response = client.get(f"/tim/pegawai/{data['fast'].id}?format=csv&tabel=modul")
    rows = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    assert rows[0][-3:] == [
        "Waktu belajar (menit)",
        "Durasi modul (menit)",
        "Selesai terlalu cepat",
    ]
    assert rows[1][-3:] == ["5", "19", "Ya"]


def test_agency_report_counts_fast_completions_per_module(client, data):
    admin = make_user("Admin BKD", roles=("admin",))
    db.session.commit()
    login(client, admin)
    html = client.get("/monev/level?period=2026-Q2").get_data(as_text=True)
    assert "Waktu belajar modul yang diselesaikan (terlalu cepat: kurang dari 33% durasi" in html
    start = html.index("Waktu belajar modul yang diselesaikan")
    table = html[start : html.index("</table>", start)]
    # Selesai 3, recorded 2, duration 19, mean (5 + 21) / 2 = 13.0, 1 too fast = 50%.
    cells = ["3", "2", "19", "13,0", "1", "50,0%"]
    row = table[table.index("Manajemen Waktu") :]
    assert [c.split("<")[0] for c in row.split('class="num">')[1:7]] == cells
    response = client.get("/monev/level?period=2026-Q2&tabel=waktu-belajar&format=csv")
    rows = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    assert rows[0][0] == "Modul"
    assert rows[1] == ["Manajemen Waktu", "3", "2", "19", "13", "1", "50"]  # raw numbers
