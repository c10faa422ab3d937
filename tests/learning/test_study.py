"""Credit for real study: a lesson is done only after its checks; time on task per page,
capped and summed; one duration on every page that shows one."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from lms import clock
from lms.errors import DomainError
from lms.extensions import db
from lms.learning import activities, services, study
from lms.learning.models import Enrollment, LessonProgress
from tests.conftest import login
from tests.factories import answer_checks, make_module, make_user
from tests.learning.helpers import learning_module, start

BASE = "/modul/modul-uji/materi"
CAP = 20  # STUDY_PAGE_CAP_MINUTES by default


@pytest.fixture
def learner(client):
    user = make_user()
    login(client, user)
    return user


@pytest.fixture
def enrollment(learner):
    return start(learner, learning_module(lessons=3))


def progress(enrollment) -> tuple[int, int]:
    db.session.expire_all()
    rows = db.session.scalar(select(func.count()).select_from(LessonProgress))
    return rows, db.session.get(Enrollment, enrollment.id).lessons_done


def check_values(enrollment, *, only_first: bool = False) -> dict:
    choice, truefalse = activities.practice_items(enrollment.version.lessons[0])["cek1"]
    right = next(o["id"] for o in choice.presented["options"] if "Kuadran II" in o["html"])
    values = {f"q{choice.number}": right}
    if not only_first:
        values[f"q{truefalse.number}"] = "false"
    return values


def test_finishing_before_the_checks_is_refused_and_changes_nothing(client, enrollment):
    page = client.get(f"{BASE}/1").get_data(as_text=True)
    assert "Materi dihitung selesai setelah semua soal cek pemahaman dijawab" in page
    assert 'href="#blok-cek1">cek pemahaman 1</a>' in page

    refused = client.post(f"{BASE}/1/selesai")
    assert refused.status_code == 400
    html = refused.get_data(as_text=True)
    assert "Materi ini belum dapat ditandai selesai" in html
    assert "jawab dahulu semua soal cek pemahaman (cek pemahaman 1)" in html
    assert 'Belum dijawab: <a href="#blok-cek1">cek pemahaman 1</a>' in html
    assert f'action="{BASE}/1/selesai#error-summary"' in html  # lands on it, without JS
    assert '<li><a href="#selesai">Materi ini belum dapat ditandai selesai' in html
    assert progress(enrollment) == (0, 0)

    # One of the two questions answered is not enough.
    client.post(f"{BASE}/1/cek/cek1", data=check_values(enrollment, only_first=True))
    assert client.post(f"{BASE}/1/selesai").status_code == 400
    assert progress(enrollment) == (0, 0)

    # Both answered (one of them wrongly): the lesson counts.
    client.post(f"{BASE}/1/cek/cek1", data=check_values(enrollment))
    accepted = client.post(f"{BASE}/1/selesai")
    assert accepted.status_code == 302 and accepted.headers["Location"].endswith(f"{BASE}/2")
    assert progress(enrollment) == (1, 1)
    assert "Materi dihitung selesai" not in client.get(f"{BASE}/1").get_data(as_text=True)


def test_a_lesson_without_checks_is_done_at_once(client, enrollment):
    assert client.post(f"{BASE}/2/selesai").status_code == 302
    assert progress(enrollment) == (1, 1)


def test_the_service_holds_the_rule(app, learner):
    enrollment = start(learner, learning_module())
    first = enrollment.version.lessons[0]
    with pytest.raises(DomainError, match="cek pemahaman 1"):
        services.mark_lesson_done(enrollment, first)
    assert services.unanswered_checks(enrollment, first) == [1]
    answer_checks(enrollment, first)
    assert services.unanswered_checks(enrollment, first) == []
    services.mark_lesson_done(enrollment, first)
    db.session.commit()
    assert progress(enrollment) == (1, 1)


def test_each_interval_is_capped_and_the_intervals_are_summed(app, learner):
    first = start(learner, learning_module())
    other = start(learner, make_module("lain", title="Modul Lain"))
    t0 = clock.utcnow()
    study.record_page(learner.id, first, t0, CAP)
    study.record_page(learner.id, first, t0 + timedelta(minutes=7), CAP)  # 7 min on page 1
    study.record_page(learner.id, other, t0 + timedelta(minutes=9), CAP)  # 2 more, then away
    study.record_page(learner.id, None, t0 + timedelta(hours=5), CAP)  # back home 5 h later
    study.record_page(learner.id, first, t0 + timedelta(hours=6), CAP)
    study.record_page(learner.id, None, t0 + timedelta(hours=6, minutes=45), CAP)
    db.session.commit()
    assert first.study_seconds == (7 + 2 + CAP) * 60
    assert other.study_seconds == CAP * 60
    assert first.page_opened_at is None and other.page_opened_at is None


def test_no_time_is_added_after_completion_or_when_unrecorded(app, learner):
    done = start(learner, learning_module())
    done.completed_at = clock.utcnow()
    older = start(learner, make_module("lama", title="Modul Lama"))
    older.study_seconds = None  # started before time on task was recorded
    t0 = clock.utcnow()
    for enrollment in (done, older):
        enrollment.page_opened_at = t0
    study.record_page(learner.id, None, t0 + timedelta(minutes=5), CAP)
    db.session.commit()
    assert (done.study_seconds, older.study_seconds) == (0, None)


def test_pages_record_the_time_between_them(client, enrollment):
    client.get(f"{BASE}/1")
    opened = db.session.get(Enrollment, enrollment.id)
    assert opened.page_opened_at is not None
    opened.page_opened_at -= timedelta(minutes=6)  # the learner read for six minutes
    db.session.commit()
    client.get(f"{BASE}/2")
    db.session.expire_all()
    assert 6 * 60 <= db.session.get(Enrollment, enrollment.id).study_seconds < 6 * 60 + 30
    opened = db.session.get(Enrollment, enrollment.id)
    opened.page_opened_at -= timedelta(hours=3)  # left the tab open over lunch
    db.session.commit()
    client.get("/beranda")
    db.session.expire_all()
    spent = db.session.get(Enrollment, enrollment.id).study_seconds
    assert (6 + CAP) * 60 <= spent < (6 + CAP) * 60 + 30


def minutes_shown(html: str, title: str) -> str:
    start = html.index(title)
    return re.search(r"± (\d+) menit", html[start:]).group(0)


def test_catalogue_module_page_and_lessons_show_one_duration(client, learner):
    module = learning_module(title="Manajemen Waktu", lessons=3)
    version = module.current_version
    # Lesson 1: 1 min of text + 2 check questions + a reflection (3); lesson 2: 1;
    # lesson 3: 1 + the RTL (10); pre-test and post-test 3 items each.
    assert [lesson.study_minutes for lesson in version.lessons] == [6, 1, 11]
    assert version.minutes == 24
    catalogue = client.get("/beranda").get_data(as_text=True)
    page = client.get("/modul/modul-uji").get_data(as_text=True)
    assert minutes_shown(catalogue, "Manajemen Waktu") == "± 24 menit"
    assert minutes_shown(page, "<h1>Manajemen Waktu") == "± 24 menit"
    start(learner, module)
    lesson = client.get(f"{BASE}/1").get_data(as_text=True)
    assert "Materi 1 dari 3 · ± 6 menit" in lesson
    enrolled = client.get("/beranda").get_data(as_text=True)
    assert minutes_shown(enrolled, "Manajemen Waktu") == "± 24 menit"


def test_test_pages_record_their_time_too(client, learner):
    make_module("ujian", title="Modul Ujian")
    started = client.post("/modul/ujian/pre-test")
    attempt_page = started.headers["Location"]
    client.get(attempt_page)
    enrollment = db.session.scalar(select(Enrollment).where(Enrollment.user_id == learner.id))
    enrollment.page_opened_at -= timedelta(minutes=8)  # eight minutes on the questions
    db.session.commit()
    sent = client.post(attempt_page, data={"action": "submit"})
    assert sent.status_code == 302
    db.session.expire_all()
    assert 8 * 60 <= db.session.get(Enrollment, enrollment.id).study_seconds < 8 * 60 + 30
