"""The lesson page: locking, marking done, resuming, inline checks, versions."""

import re

import pytest
from sqlalchemy import func, select

from lms.extensions import db
from lms.learning import activities
from lms.learning.models import Enrollment, LessonProgress, PracticeAnswer
from tests.conftest import TEST_PASSWORD, login, make_app
from tests.factories import answer_checks, make_user
from tests.learning.helpers import learning_module, publish_new_version, start

BASE = "/modul/modul-uji/materi"


@pytest.fixture
def learner(client):
    user = make_user()
    login(client, user)
    return user


@pytest.fixture
def enrollment(learner):
    return start(learner, learning_module(lessons=3))


def checks_answered(enrollment) -> None:
    """Answer lesson 1's check: a lesson is done only after its checks (tests/learning/
    test_study.py drives that through the page)."""
    answer_checks(enrollment, enrollment.version.lessons[0])
    db.session.commit()


def count(model, **where) -> int:
    query = select(func.count()).select_from(model).filter_by(**where)
    return db.session.scalar(query)


def test_locked_until_the_pre_test(client, learner):
    module = learning_module()
    for enrolled in (False, True):
        if enrolled:
            start(learner, module, pretest=None)
        response = client.get(f"{BASE}/1", follow_redirects=True)
        assert response.request.path == "/modul/modul-uji"
        assert "Kerjakan pre-test terlebih dahulu" in response.get_data(as_text=True)
        assert client.post(f"{BASE}/1/selesai").status_code == 404
    assert count(LessonProgress) == 0


def test_lesson_renders_blocks_and_navigation(client, enrollment):
    html = client.get(f"{BASE}/2").get_data(as_text=True)
    assert "<p>Isi materi 2</p>" in html
    assert "Materi 2 dari 3" in html
    assert f'rel="prev" href="{BASE}/1"' in html and f'rel="next" href="{BASE}/3"' in html
    assert "Tandai selesai dan lanjut" in html
    html = client.get(f"{BASE}/1").get_data(as_text=True)
    assert "Cek pemahaman" in html and "Refleksi" in html and "Apa rencana Anda?" in html
    assert 'rel="prev"' not in html


@pytest.mark.parametrize("position", [0, 4, 99])
def test_unknown_position_is_404(client, enrollment, position):
    assert client.get(f"{BASE}/{position}").status_code == 404


def test_mark_done_moves_on_and_counts_once(client, enrollment):
    checks_answered(enrollment)
    response = client.post(f"{BASE}/1/selesai")
    assert response.headers["Location"].endswith(f"{BASE}/2")
    client.post(f"{BASE}/1/selesai")
    db.session.refresh(enrollment)
    assert enrollment.lessons_done == 1
    assert count(LessonProgress, enrollment_id=enrollment.id) == 1
    html = client.get(f"{BASE}/1").get_data(as_text=True)
    assert "Materi ini sudah Anda tandai selesai." in html
    assert "Tandai selesai dan lanjut" not in html


def test_last_lesson_leads_to_the_post_test(client, enrollment):
    checks_answered(enrollment)
    for position in (1, 2):
        client.post(f"{BASE}/{position}/selesai")
    response = client.post(f"{BASE}/3/selesai", follow_redirects=True)
    assert response.request.path == "/modul/modul-uji"
    html = response.get_data(as_text=True)
    assert "Semua materi selesai" in html and "Mulai post-test" in html


def test_resume_link_follows_progress(client, enrollment):
    client.get(f"{BASE}/3")
    db.session.refresh(enrollment)
    assert enrollment.last_lesson_position == 3
    checks_answered(enrollment)
    client.post(f"{BASE}/1/selesai")
    home = client.get("/beranda").get_data(as_text=True)
    assert f'href="{BASE}/2"' in home and "Lanjutkan" in home


def test_lessons_of_another_version_are_404(client, learner):
    module = learning_module(lessons=2)
    start(learner, module)
    publish_new_version(module, lessons=3)
    assert client.get(f"{BASE}/3").status_code == 404
    assert client.post(f"{BASE}/3/selesai").status_code == 404
    html = client.get(f"{BASE}/1").get_data(as_text=True)
    assert "Isi materi 1" in html and "Isi baru 1" not in html
    newcomer = make_user("Peserta Baru")
    start(newcomer, module)
    client.post("/logout")
    login(client, newcomer)
    assert "Isi baru 3" in client.get(f"{BASE}/3").get_data(as_text=True)


def check_items(enrollment):
    lesson = enrollment.version.lessons[0]
    return activities.practice_items(lesson)["cek1"]


def option(item, text: str) -> str:
    return next(o["id"] for o in item.presented["options"] if text in (o.get("html") or o["id"]))


def test_the_check_is_shown_the_same_way_each_time(client, enrollment):
    first = client.get(f"{BASE}/1").get_data(as_text=True)
    second = client.get(f"{BASE}/1").get_data(as_text=True)
    assert first == second
    choice, _ = check_items(enrollment)
    assert f'value="{option(choice, "Kuadran II")}"' in first
    assert "Tepat, penting" not in first  # feedback only after answering


def test_inline_check_gives_feedback_and_records_practice(client, enrollment):
    choice, truefalse = check_items(enrollment)
    data = {f"q{choice.number}": option(choice, "Kuadran II"), f"q{truefalse.number}": "true"}
    response = client.post(f"{BASE}/1/cek/cek1", data=data)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Benar." in html and "Tepat, penting tetapi tidak mendesak." in html
    assert "Belum tepat." in html and "Keliru: penilaian kinerja melekat pada atasan." in html
    assert "Jawaban yang tepat:</strong> Salah" in html
    assert "checked" in html  # the learner's answers stay selected
    answers = db.session.scalars(select(PracticeAnswer).order_by(PracticeAnswer.question_index))
    assert [(a.block_key, a.question_index, a.fraction) for a in answers] == [
        ("cek1", 0, 1.0),
        ("cek1", 1, 0.0),
    ]


def test_unanswered_questions_are_not_recorded(client, enrollment):
    choice, _ = check_items(enrollment)
    client.post(f"{BASE}/1/cek/cek1", data={f"q{choice.number}": option(choice, "Kuadran I")})
    assert count(PracticeAnswer) == 1
    response = client.post(f"{BASE}/1/cek/cek1", data={})
    assert response.status_code == 400
    assert "Jawab paling sedikit satu soal" in response.get_data(as_text=True)
    assert count(PracticeAnswer) == 1


@pytest.mark.parametrize(
    "data",
    [{"q1": "deadbeef"}, {"q2": "maybe"}, {"q1": ["a", "b"]}],
    ids=["unknown option", "bad true/false", "two answers"],
)
def test_tampered_check_records_nothing(client, enrollment, data):
    assert client.post(f"{BASE}/1/cek/cek1", data=data).status_code == 400
    assert count(PracticeAnswer) == 0


def test_unknown_check_is_404(client, enrollment):
    assert client.post(f"{BASE}/1/cek/tidak-ada", data={"q1": "x"}).status_code == 404
    assert client.post(f"{BASE}/2/cek/cek1", data={"q1": "x"}).status_code == 404


def test_other_learners_cannot_check_in_my_module(client, enrollment):
    client.post("/logout")
    login(client, make_user("Orang Lain"))
    assert client.post(f"{BASE}/1/cek/cek1", data={"q2": "true"}).status_code == 404
    assert count(PracticeAnswer) == 0
    assert count(Enrollment) == 1


def test_forms_carry_a_csrf_token_that_is_checked(database_url, learner, enrollment):
    nip = learner.nip
    checks_answered(enrollment)
    db.session.commit()  # release SQLite's write lock for the second app
    app = make_app(database_url, WTF_CSRF_ENABLED=True)
    client = app.test_client()

    def token(html: str) -> str:
        return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)

    login_page = client.get("/login").get_data(as_text=True)
    client.post(
        "/login", data={"nip": nip, "password": TEST_PASSWORD, "csrf_token": token(login_page)}
    )
    html = client.get(f"{BASE}/1").get_data(as_text=True)
    forms = [chunk.split("</form>")[0] for chunk in html.split("<form")[1:]]
    assert len(forms) >= 4 and all("csrf_token" in form for form in forms)
    refused = client.post(f"{BASE}/1/selesai").status_code
    accepted = client.post(f"{BASE}/1/selesai", data={"csrf_token": token(html)}).status_code
    with app.app_context():
        db.engine.dispose()
    assert (refused, accepted) == (400, 302)
    assert count(LessonProgress) == 1


def _language_return(html: str) -> str:
    return re.search(r'name="next" value="([^"]*)"', html)[1]


def test_switching_language_after_checking_answers_goes_back_to_the_lesson(client, enrollment):
    choice, _ = check_items(enrollment)
    answered = {f"q{choice.number}": option(choice, "Kuadran II")}
    lesson = f"{BASE}/1"
    page = client.post(f"{BASE}/1/cek/cek1", data=answered, headers={"Referer": lesson})
    back = _language_return(page.get_data(as_text=True))
    assert back == lesson  # the lesson, not the POST-only check address (405)
    switched = client.post("/bahasa", data={"lang": "en", "next": back})
    assert switched.headers["Location"] == lesson
    assert client.get(lesson).status_code == 200
    foreign = client.post(
        f"{BASE}/1/cek/cek1", data=answered, headers={"Referer": "http://x.test/"}
    )
    assert _language_return(foreign.get_data(as_text=True)) == "/"
