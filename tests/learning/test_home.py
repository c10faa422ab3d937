"""The learner's home: sections, resume links, catalogue filter, JP this year."""

from datetime import datetime, timedelta

import pytest
from babel.dates import format_date
from sqlalchemy import select

from lms import clock
from lms.assignments import services as assignments
from lms.extensions import db
from lms.learning import services
from lms.learning.models import Competency
from tests.conftest import login
from tests.factories import finish_lesson, make_user
from tests.learning.helpers import complete, learning_module, start


@pytest.fixture
def learner(client):
    user = make_user("Siti Aminah")
    login(client, user)
    return user


def page(client, url="/beranda", status=200) -> str:
    response = client.get(url)
    assert response.status_code == status, response.data[:300]
    return response.get_data(as_text=True)


def test_requires_sign_in(client):
    response = client.get("/beranda")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_new_learner_sees_only_catalogue_and_empty_jp(client, learner):
    learning_module(title="Manajemen Waktu", jp=2)
    html = page(client)
    assert "Manajemen Waktu" in html
    assert "0 dari 20 JP" in html
    for header in ("Sedang berlangsung</h2>", "Selesai</h2>", "Tugas belajar"):
        assert header not in html


def test_in_progress_resumes_at_the_right_step(client, learner):
    waiting = learning_module("belum-pretest", title="Belum Pre-test")
    services.enroll(learner, waiting)
    reading = start(learner, learning_module("sedang-baca", title="Sedang Dibaca", lessons=3))
    finish_lesson(reading, reading.version.lessons[0])
    db.session.commit()
    html = page(client)
    assert "Sedang berlangsung</h2>" in html
    assert 'href="/modul/sedang-baca/materi/2"' in html
    assert 'href="/modul/belum-pretest#langkah"' in html
    assert "1 dari 3 materi" in html


def test_completed_section_and_jp_figure(client, learner, app):
    enrollment = complete(learner, learning_module("selesai", title="Modul Selesai", jp=8))
    old = complete(learner, learning_module("lama", title="Modul Lama", jp=5))
    old.completed_at = datetime(enrollment.completed_at.year - 1, 3, 1)
    db.session.commit()
    html = page(client)
    assert "8 dari 20 JP" in html
    assert '<progress value="8" max="20">' in html
    section = html[html.index("Selesai</h2>") :]
    assert "Modul Selesai" in section and "Modul Lama" in section
    assert clock.format_date(enrollment.completed_at) in section  # the local (WIB) day
    assert 'href="/sertifikat"' in section
    app.config["JP_TARGET_PER_YEAR"] = 6
    html = page(client)
    assert "8 dari 6 JP" in html and "Target tahunan tercapai" in html
    assert '<progress value="6" max="6">' in html


def test_catalogue_hides_archived_and_unpublished(client, learner):
    learning_module("terbit", title="Modul Terbit")
    learning_module("arsip", title="Modul Arsip").archived = True
    learning_module("draf", title="Modul Draf").current_version.published_at = None
    db.session.commit()
    html = page(client)
    assert "Modul Terbit" in html
    assert "Modul Arsip" not in html and "Modul Draf" not in html


def test_catalogue_filter_by_competency(client, learner):
    learning_module("waktu", title="Modul Waktu", competencies=("ORH", "PDO"))
    learning_module("digital", title="Modul Digital", competencies=("TIK",))
    db.session.scalar(
        select(Competency).where(Competency.code == "ORH")
    ).name = "Orientasi pada Hasil"
    db.session.commit()
    html = page(client, "/beranda?kompetensi=TIK")
    assert "Modul Digital" in html and "Modul Waktu" not in html
    html = page(client, "/beranda?kompetensi=PDO")
    assert "Modul Waktu" in html and "Modul Digital" not in html
    assert '<option value="ORH">Orientasi pada Hasil</option>' in html
    html = page(client, "/beranda?kompetensi=")
    assert "Modul Waktu" in html and "Modul Digital" in html


@pytest.mark.parametrize("code", ["XYZ", "<script>", "orh"])
def test_unknown_competency_shows_everything_with_a_message(client, learner, code):
    learning_module("waktu", title="Modul Waktu")
    html = page(client, f"/beranda?kompetensi={code}", status=400)
    assert "Kompetensi tidak dikenal" in html
    assert "Modul Waktu" in html
    assert "<script>" not in html.split("<main", 1)[1]


def test_assigned_modules_show_first_as_wajib_with_due_date(client, app):
    boss = make_user("Pak Kepala")
    learner = make_user("Siti Aminah", supervisor=boss)
    due = learning_module("wajib-baru", title="Modul Wajib Baru")
    late = learning_module("wajib-lewat", title="Modul Wajib Terlambat")
    done = learning_module("wajib-selesai", title="Modul Wajib Selesai")
    today = clock.today()
    assignments.assign(
        boss.id, [learner.id], [due.id], today + timedelta(days=5), "Penting", today=today
    )
    assignments.assign(
        boss.id, [learner.id], [late.id, done.id], today + timedelta(days=1), today=today
    )
    db.session.commit()
    complete(learner, done)
    late_assignment = next(
        a for a in assignments.active_assignments_for(learner.id) if a.module_id == late.id
    )
    late_assignment.due_date = today - timedelta(days=2)
    db.session.commit()
    login(client, learner)
    html = page(client)
    section = html.split("Wajib: tugas belajar dari atasan")[1].split("</section>")[0]
    assert "Modul Wajib Baru" in section and "Catatan atasan: Penting" in section
    assert format_date(today + timedelta(days=5), "d MMMM yyyy", locale="id") in section
    late_card = section.split("Modul Wajib Terlambat")[1]
    assert "Terlambat" in late_card.split("</li>")[0]
    assert "Modul Wajib Selesai" not in section
    assert html.index("Wajib: tugas belajar") < html.index("Katalog")


def test_an_assigned_module_in_progress_is_listed_once_with_its_next_step(client, app):
    boss = make_user("Pak Kepala")
    learner = make_user("Siti Aminah", supervisor=boss)
    assigned = learning_module("wajib-jalan", title="Modul Wajib Berjalan")
    own = learning_module("pilihan-jalan", title="Modul Pilihan Berjalan")
    today = clock.today()
    assignments.assign(boss.id, [learner.id], [assigned.id], today + timedelta(days=9), today=today)
    db.session.commit()
    start(learner, assigned)
    start(learner, own)
    login(client, learner)
    html = page(client)
    wajib = html.split("Wajib: tugas belajar dari atasan")[1].split("</section>")[0]
    running = html.split("Sedang berlangsung</h2>")[1].split("</section>")[0]
    assert "Modul Wajib Berjalan" in wajib and "Lanjutkan" in wajib
    assert 'href="/modul/wajib-jalan/materi/1"' in wajib
    assert "Modul Wajib Berjalan" not in running
    assert "Modul Pilihan Berjalan" in running
