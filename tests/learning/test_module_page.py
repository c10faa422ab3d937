"""The module page: what it shows, the next-step button in each state, versions, visibility."""

import pytest
from sqlalchemy import select

from lms.extensions import db
from lms.learning.models import ReactionSurvey
from tests.conftest import login
from tests.factories import finish_lesson, make_user
from tests.learning.helpers import (
    finish_lessons,
    learning_module,
    post_test,
    publish_new_version,
    start,
    write_rtl,
)


@pytest.fixture
def learner(client):
    user = make_user()
    login(client, user)
    return user


def page(client, url="/modul/modul-uji", status=200) -> str:
    response = client.get(url)
    assert response.status_code == status, response.data[:300]
    return response.get_data(as_text=True)


def next_step(html: str) -> str:
    start = html.index('id="langkah"')
    return html[start : html.index("</section>", start)]


def test_overview_and_facts_for_a_newcomer(client, learner):
    learning_module(title="Manajemen Waktu", jp=2, competencies=("ORH", "PDO"))
    html = page(client)
    assert "<p>Tentang Manajemen Waktu</p>" in html  # overview_html, not escaped
    # 6 + 11 lesson minutes (text, check, reflection, RTL) and 3 + 3 test items
    assert "2 JP" in html and "± 23 menit" in html and "Tingkat Dasar" in html
    assert "Kompetensi ORH, Kompetensi PDO" in html
    assert "Progres dan nilai Anda" not in html
    assert 'href="/modul/modul-uji/materi/1"' not in html  # locked until the pre-test


@pytest.mark.parametrize(
    ("state", "button", "extra"),
    [
        ("new", "Mulai pre-test", 'action="/modul/modul-uji/pre-test"'),
        ("enrolled", "Mulai pre-test", 'action="/modul/modul-uji/pre-test"'),
        ("pre", "Mulai materi 1", 'href="/modul/modul-uji/materi/1"'),
        ("one_done", "Lanjutkan ke materi 2", 'href="/modul/modul-uji/materi/2"'),
        ("all_done", "Mulai post-test", "Sisa kesempatan: 3 kali"),
        ("failed", "Ulangi post-test (remedial)", "Sisa kesempatan: 2 kali"),
        ("exhausted", "Kesempatan post-test Anda sudah habis", 'href="/bantuan">Hubungi petugas'),
        ("passed", "Tulis Rencana Tindak Lanjut", 'href="/modul/modul-uji/materi/2#rtl"'),
        ("completed", "Lihat sertifikat", 'href="/modul/modul-uji/evaluasi"'),
    ],
)
def test_next_step_button(client, learner, state, button, extra):
    module = learning_module()
    if state != "new":
        enrollment = start(learner, module, pretest=None if state == "enrolled" else 40.0)
    if state == "one_done":
        finish_lesson(enrollment, module.current_version.lessons[0])
        db.session.commit()
    if state in ("all_done", "failed", "exhausted", "passed", "completed"):
        finish_lessons(enrollment)
    for _ in range({"failed": 1, "exhausted": 3}.get(state, 0)):
        post_test(enrollment, 30.0, False)
    if state == "completed":
        write_rtl(enrollment)
    if state in ("passed", "completed"):
        post_test(enrollment, 90.0, True)
    step = next_step(page(client))
    assert button in step and extra in step
    if "action=" in extra:
        assert 'name="csrf_token"' in step


def test_post_test_with_unlimited_attempts(client, learner):
    enrollment = start(learner, learning_module(max_attempts=0))
    finish_lessons(enrollment)
    assert "Jumlah percobaan tidak dibatasi." in next_step(page(client))


def test_progress_scores_and_ticks(client, learner):
    enrollment = start(learner, learning_module(), pretest=33.333)
    finish_lesson(enrollment, enrollment.version.lessons[0])
    db.session.commit()
    post_test(enrollment, 66.75, False)
    html = page(client)
    assert "1 dari 2 materi" in html
    assert "<dd>33,3</dd>" in html
    assert "66,8" in html and "Belum lulus" in html
    assert "1 dari 3" in html
    first, second = html.split('<ol class="lessons">')[1].split("</li>")[:2]
    assert "✓" in first and "Selesai" in first
    assert "✓" not in second and "Belum dimulai" in second


def test_completed_page_offers_the_survey_once(client, learner):
    enrollment = start(learner, learning_module(jp=4))
    finish_lessons(enrollment)
    write_rtl(enrollment)
    post_test(enrollment, 90.0, True)
    step = next_step(page(client))
    assert "4 JP sudah tercatat" in step and "BINA/" in step
    assert "Isi evaluasi modul" in step
    db.session.add(
        ReactionSurvey(
            enrollment_id=enrollment.id, relevance=5, clarity=4, interactivity=4, ease_of_use=5
        )
    )
    db.session.commit()
    assert "Isi evaluasi modul" not in next_step(page(client))


@pytest.mark.parametrize("change", ["archived", "unpublished", "no_version"])
def test_hidden_module_is_404_unless_enrolled(client, learner, change):
    module = learning_module()
    enrolled = make_user("Peserta Lama")
    start(enrolled, module)
    if change == "archived":
        module.archived = True
    elif change == "unpublished":
        module.current_version.published_at = None
    else:
        module.current_version_id = None
    db.session.commit()
    page(client, status=404)
    page(client, "/modul/modul-uji/materi/1", status=404)
    page(client, "/modul/tidak-ada", status=404)
    client.post("/logout")
    login(client, enrolled)
    assert "Materi 1" in page(client)
    page(client, "/modul/modul-uji/materi/1")


def test_enrolled_learner_keeps_their_version(client, learner):
    module = learning_module(title="Modul Uji", lessons=2)
    start(learner, module)
    publish_new_version(module, lessons=3)
    html = page(client)
    assert "Anda mengikuti versi 1 modul ini" in html
    assert "Materi baru" not in html and "2 JP" in html
    other = make_user("Peserta Baru")
    client.post("/logout")
    login(client, other)
    html = page(client)
    assert "Anda mengikuti versi" not in html
    assert "Modul Uji (revisi)" in html and "Materi baru 3" in html and "3 JP" in html
    assert db.session.scalars(select(ReactionSurvey)).all() == []
