import csv
import io
from datetime import datetime, timedelta

import pytest
from openpyxl import load_workbook

from lms import clock
from lms.certificates import services as certificates

from ..conftest import login
from ..factories import make_module, make_user
from .builders import add_assignment, add_attempt, add_reflection, enrol

# Completed well past the 90-day delay before a level-3 evaluation is due.
COMPLETED = clock.utcnow().replace(second=0) - timedelta(days=120)


@pytest.fixture
def data(app):
    boss = make_user("Agus Atasan")
    budi = make_user("Budi Staf", supervisor=boss)
    learner = make_user("Citra Pelajar")
    outsider = make_user("Dani Luar", supervisor=learner)  # Citra supervises Dani only
    module = make_module("waktu", title="Manajemen Waktu", questions=6)
    done = enrol(
        budi,
        module,
        pretest_score=33.3,
        first_posttest_score=66.7,
        best_posttest_score=83.3,
        posttest_attempts=2,
        lessons_done=2,
        completed_at=COMPLETED,
        jp_credited=2,
    )
    add_attempt(done, "pre", 1, {"ORH": [1, 0, 0]}, submitted_at=COMPLETED - timedelta(days=10))
    add_attempt(done, "post", 1, {"ORH": [1, 1, 0]}, submitted_at=COMPLETED - timedelta(days=5))
    add_attempt(done, "post", 2, {"ORH": [1, 1, 1]}, submitted_at=COMPLETED)
    add_reflection(done, "Saya akan memblok waktu setiap pagi.", kind="rtl")
    add_reflection(done, "Refleksi yang saya bagikan.", shared=True)
    add_reflection(done, "Catatan pribadi yang rahasia.", shared=False)
    certificates.issue(
        user=budi,
        enrollment_id=done.id,
        module_title="Manajemen Waktu",
        module_version=1,
        competencies=["Orientasi pada Hasil"],
        jp=2,
        score=83.3,
        completed_on=done.completed_at,
        issuer="BPSDM Provinsi Jambi",
    )
    add_assignment(budi, module, clock.today() + timedelta(days=5), by=boss, note="Wajib Q1")
    theirs = enrol(outsider, module, completed_at=datetime(2025, 1, 1), jp_credited=2)
    add_reflection(theirs, "RTL orang lain.", kind="rtl")
    their_assignment = add_assignment(outsider, module, clock.today(), by=learner)
    return locals()


def test_employee_page_shows_modules_attempts_certificates_rtl_and_shared_reflections(client, data):
    login(client, data["boss"])
    html = client.get(f"/tim/pegawai/{data['budi'].id}").get_data(as_text=True)
    assert "Budi Staf" in html and data["budi"].nip in html
    assert "Manajemen Waktu" in html and "Selesai" in html and "2 dari 2" in html
    assert "33,3" in html and "83,3" in html and "2 percobaan" in html
    assert "Pre-test percobaan 1" in html and "Post-test percobaan 1" in html
    assert "Post-test percobaan 2" in html and "Tidak Lulus" in html
    assert f"BINA/{clock.local_date(COMPLETED).year}/" in html
    assert "Saya akan memblok waktu setiap pagi." in html
    assert "Refleksi yang saya bagikan." in html
    assert "Catatan pribadi yang rahasia." not in html
    assert "Wajib Q1" in html
    assert "Isi evaluasi" in html  # completed more than 90 days ago, not evaluated yet
    assert "RTL orang lain." not in html


def test_a_learner_without_a_team_gets_403(client, app):
    lone = make_user("Tanpa Bawahan")
    login(client, lone)
    for url in ("/tim", "/tim/peningkatan", "/tim/tugas", "/tim/evaluasi", "/tim/pegawai/1"):
        assert client.get(url).status_code == 403, url
    assert client.post("/tim/tugas", data={}).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client, app):
    response = client.get("/tim")
    assert response.status_code == 302 and "/login" in response.location


def test_nobody_sees_anything_outside_their_subtree(client, data):
    login(client, data["learner"])  # supervises Dani only
    budi, boss = data["budi"], data["boss"]
    for url in (
        f"/tim/pegawai/{budi.id}",
        f"/tim/pegawai/{boss.id}",
        f"/tim/pegawai/{data['learner'].id}",  # oneself is not in one's team
        "/tim/pegawai/999999",
        f"/tim/evaluasi/{data['done'].id}",
    ):
        assert client.get(url).status_code == 404, url
    for path in ("/tim?format=csv", "/tim/peningkatan?format=csv", "/tim/tugas?format=csv"):
        body = client.get(path).get_data().decode("utf-8-sig")
        assert "Budi Staf" not in body
    assert "Dani Luar" in client.get("/tim?format=csv").get_data().decode("utf-8-sig")
    assert client.get(f"/tim/pegawai/{data['outsider'].id}").status_code == 200


def test_upper_levels_of_the_tree_see_indirect_reports(client, app):
    head = make_user("Kepala Dinas")
    middle = make_user("Kabid", supervisor=head)
    deep = make_user("Staf Jauh", supervisor=make_user("Kasi", supervisor=middle))
    login(client, head)
    assert client.get(f"/tim/pegawai/{deep.id}").status_code == 200


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))


def _stamp() -> str:
    """COMPLETED as the exports write it: local time (the header names the zone)."""
    return clock.to_local(COMPLETED).strftime("%Y-%m-%d %H:%M")


def test_employee_tables_download(client, data):
    login(client, data["boss"])
    stamp = _stamp()
    base = f"/tim/pegawai/{data['budi'].id}?format=csv&tabel="
    modules = csv_rows(client.get(base + "modul"))
    assert modules[0][:3] == ["Modul", "Status", "Materi selesai"]
    # N-Gain from the first post-test: (66.7 - 33.3) / (100 - 33.3) = 0.50.
    assert modules[1][:12] == [
        "Manajemen Waktu",
        "Selesai",
        "2",
        "2",
        "33.3",
        "66.7",
        "83.3",
        "2",
        "0.5",
        "sedang",
        stamp,
        "2",
    ]  # fmt: skip; the study-time columns: tests/learning/test_study.py
    tests = csv_rows(client.get(base + "tes"))
    assert tests[0] == ["Tanggal (WIB)", "Modul", "Tes", "Percobaan", "Nilai", "Hasil"]
    assert tests[1] == [stamp, "Manajemen Waktu", "Post-test", "2", "100", "Lulus"]
    assert tests[3][2:] == ["Pre-test", "1", "33.3", ""]
    assigned = csv_rows(client.get(base + "tugas"))
    assert assigned[1][0] == "Manajemen Waktu" and assigned[1][3] == "Wajib Q1"
    response = client.get(f"/tim/pegawai/{data['budi'].id}?format=xlsx&tabel=tes")
    sheet = load_workbook(io.BytesIO(response.get_data())).active
    assert [c.value for c in sheet[1]] == tests[0]
    assert client.get(base + "semua").status_code == 400
    outsider = f"/tim/pegawai/{data['outsider'].id}?format=csv&tabel=modul"
    assert client.get(outsider).status_code == 404


def test_evaluations_due_download(client, data):
    login(client, data["boss"])
    stamp = _stamp()
    rows = csv_rows(client.get("/tim/evaluasi?format=csv"))
    assert rows == [
        ["Nama", "NIP", "Modul", "Tanggal selesai (WIB)"],
        ["Budi Staf", data["budi"].nip, "Manajemen Waktu", stamp],
    ]
