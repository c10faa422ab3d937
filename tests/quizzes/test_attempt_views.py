"""The pre-test and post-test pages: start, answer, save, resume, submit, result, refusals."""

import re

import pytest
from sqlalchemy import func, select

from lms.extensions import db
from lms.learning import services as learning
from lms.learning.models import Enrollment
from lms.quizzes import services
from lms.quizzes.models import Attempt, AttemptItem

from ..conftest import login
from ..factories import (
    add_question,
    choice_answers,
    make_module,
    make_user,
    ready_for_posttest,
)

SHORT_ANSWER = {
    "type": "shortanswer",
    "title": "Teknik",
    "text": "Teknik kerja 25 menit lalu istirahat 5 menit disebut teknik apa?",
    "competency": "ORH",
    "answers": [{"text": "Pomodoro", "fraction": 1.0, "feedback": "Rahasia umpan balik."}],
    "general_feedback": "Pembahasan umum yang rahasia.",
}


@pytest.fixture
def learner(app):
    return make_user("Rina Peserta")


@pytest.fixture
def module(app):
    return make_module(questions=6, pretest=3, posttest=3, pass_mark=70, max_attempts=2)


def form(attempt: Attempt, action: str, values: dict[int, list[str]] | None = None) -> dict:
    data = {f"q{position}": sent for position, sent in (values or {}).items()}
    return data | {"action": action}


def responses(attempt_id: int) -> list:
    return list(
        db.session.scalars(
            select(AttemptItem.response)
            .where(AttemptItem.attempt_id == attempt_id)
            .order_by(AttemptItem.position)
        )
    )


def start(client, slug: str, test: str) -> Attempt:
    response = client.post(f"/modul/{slug}/{test}")
    assert response.status_code == 302
    attempt_id = int(re.fullmatch(r"/tes/(\d+)", response.location).group(1))
    return db.session.get(Attempt, attempt_id)


def test_starting_the_pretest_enrols_and_resumes_the_open_attempt(client, learner, module):
    login(client, learner)
    attempt = start(client, module.slug, "pre-test")
    enrollment = db.session.scalar(select(Enrollment).where(Enrollment.user_id == learner.id))
    assert (attempt.enrollment_id, attempt.test) == (enrollment.id, "pre")
    assert start(client, module.slug, "pre-test").id == attempt.id
    assert client.post("/modul/tidak-ada/pre-test").status_code == 404


def test_refusals_flash_a_reason_on_the_module_page(client, learner, module):
    login(client, learner)
    response = client.post(f"/modul/{module.slug}/post-test")
    assert response.location == f"/modul/{module.slug}"
    page = client.get(response.location).get_data(as_text=True)
    assert "Kerjakan pre-test terlebih dahulu sebelum post-test." in page
    attempt = start(client, module.slug, "pre-test")
    client.post(f"/tes/{attempt.id}", data=form(attempt, "submit"))
    page = client.post(f"/modul/{module.slug}/pre-test", follow_redirects=True).get_data(True)
    assert "Pre-test hanya dikerjakan satu kali" in page
    assert db.session.scalar(select(func.count(Attempt.id))) == 1


def test_the_attempt_page_shows_numbered_questions_but_no_answers(client, learner, module):
    add_question(module.current_version_id, SHORT_ANSWER)
    module.current_version.pretest_questions = 7
    db.session.commit()
    login(client, learner)
    attempt = start(client, module.slug, "pre-test")
    page = client.get(f"/tes/{attempt.id}").get_data(as_text=True)
    assert "Soal 1 dari 7" in page and "Soal 7 dari 7" in page
    assert "25 menit lalu istirahat" in page
    assert 'value="save"' in page and 'value="review"' in page
    assert "dapat memeriksanya sebelum mengirim" in page
    for secret in ("Pomodoro", "Rahasia", "rahasia", "Tepat:", "Kurang tepat:", "fraction"):
        assert secret not in page
    assert re.search(r"<script(?![^>]*\bsrc=)", page) is None  # no inline script (CSP)
    assert re.search(r'src="/static/js/autosave\.js\?v=[0-9a-f]+" defer', page)


def test_saved_answers_come_back_when_the_learner_returns(client, learner, module):
    login(client, learner)
    attempt = start(client, module.slug, "pre-test")
    chosen = choice_answers(attempt, right=1)
    response = client.post(f"/tes/{attempt.id}", data=form(attempt, "save", chosen))
    assert response.location == f"/tes/{attempt.id}#simpan"
    client.post("/logout")
    login(client, learner)
    page = client.get(f"/tes/{attempt.id}").get_data(as_text=True)
    assert "Jawaban tersimpan pukul" in page
    assert "Tersimpan: 3 dari 3 soal sudah dijawab." in page
    for position, (option,) in chosen.items():
        assert re.search(
            rf'name="q{position}" id="q{position}-{option}" value="{option}" checked', page
        )
    assert responses(attempt.id) == [ids[0] for ids in chosen.values()]


def test_autosave_answers_in_json(client, learner, module):
    login(client, learner)
    attempt = start(client, module.slug, "pre-test")
    chosen = choice_answers(attempt)
    response = client.post(
        f"/tes/{attempt.id}", data=form(attempt, "save", chosen), headers={"X-Autosave": "1"}
    )
    assert response.status_code == 200
    assert response.json["message"].startswith("Jawaban tersimpan pukul ")
    assert responses(attempt.id) == [ids[0] for ids in chosen.values()]


KEYS = ("Tepat: Benar", "Kurang tepat: Salah", "Jawaban yang benar", "Pembahasan")


def submit(client, attempt, right: int) -> str:
    response = client.post(
        f"/tes/{attempt.id}", data=form(attempt, "submit", choice_answers(attempt, right=right))
    )
    assert response.location == f"/tes/{attempt.id}/hasil"
    return client.get(response.location).get_data(as_text=True)


def test_the_pretest_result_shows_a_profile_and_no_keys(client, learner, module):
    login(client, learner)
    page = submit(client, start(client, module.slug, "pre-test"), right=2)
    assert "Nilai Anda <strong>66,7</strong>" in page
    assert "Hasil per kompetensi" in page and "Kompetensi ORH (ORH)" in page
    assert "Perlu ditingkatkan" in page
    assert not any(key in page for key in KEYS)
    assert "tidak ditampilkan setelah pre-test" in page


def test_a_failed_posttest_shows_competencies_and_lessons_but_no_keys(client, learner, module):
    enrollment = ready_for_posttest(learner, module)
    login(client, learner)
    page = submit(client, start(client, module.slug, "post-test"), right=2)
    assert "66,7" in page and "Tidak Lulus" in page and "Nilai kelulusan: 70." in page
    assert not any(key in page for key in KEYS)
    assert "Materi untuk dipelajari kembali" in page and "Materi 1" in page
    assert "Ulangi post-test (remedial)" in page and "Sisa kesempatan: 1 kali." in page
    assert enrollment.posttest_attempts == 1


def test_the_last_failed_attempt_shows_the_keys(client, learner, module):
    ready_for_posttest(learner, module)
    login(client, learner)
    submit(client, start(client, module.slug, "post-test"), right=0)
    page = submit(client, start(client, module.slug, "post-test"), right=2)
    assert "Tidak Lulus" in page
    assert page.count("Tepat: Benar") == 2  # the feedback of each right answer chosen
    assert "Kurang tepat: Salah A" in page  # the feedback of the wrong answer chosen


@pytest.mark.parametrize(
    ("policy", "right", "shown"),
    [
        ("standar", 3, True),
        ("lulus", 3, True),
        ("lulus", 0, False),  # the last attempt used, not passed
        ("tidak", 3, False),
    ],
)
def test_a_stricter_review_policy_holds_the_keys_back(
    client, learner, module, policy, right, shown
):
    module.current_version.review_policy = policy
    module.current_version.max_attempts = 1
    db.session.commit()
    ready_for_posttest(learner, module)
    login(client, learner)
    page = submit(client, start(client, module.slug, "post-test"), right=right)
    assert ("Jawaban Anda" in page) is shown
    assert ("Kurang tepat: Salah" in page or "Tepat: Benar" in page) is shown


def test_submitting_twice_records_one_result(client, learner, module):
    enrollment = ready_for_posttest(learner, module)
    login(client, learner)
    attempt = start(client, module.slug, "post-test")
    client.post(f"/tes/{attempt.id}", data=form(attempt, "submit", choice_answers(attempt, 0)))
    again = client.post(f"/tes/{attempt.id}", data=form(attempt, "submit", choice_answers(attempt)))
    assert again.location == f"/tes/{attempt.id}/hasil"
    db.session.expire_all()
    assert (attempt.score, enrollment.posttest_attempts) == (0.0, 1)
    assert db.session.scalar(select(func.count(Attempt.id)).where(Attempt.test == "post")) == 1


def test_a_submitted_attempt_cannot_change(client, learner, module):
    login(client, learner)
    attempt = start(client, module.slug, "pre-test")
    client.post(f"/tes/{attempt.id}", data=form(attempt, "submit", choice_answers(attempt, 0)))
    before = responses(attempt.id)
    assert client.get(f"/tes/{attempt.id}").location == f"/tes/{attempt.id}/hasil"
    response = client.post(
        f"/tes/{attempt.id}", data=form(attempt, "save", choice_answers(attempt))
    )
    assert response.location == f"/tes/{attempt.id}/hasil"
    page = client.get(response.location).get_data(as_text=True)
    assert "sudah dikirim dan tidak dapat diubah lagi" in page
    assert responses(attempt.id) == before


def test_an_open_attempt_has_no_result_yet(client, learner, module):
    login(client, learner)
    attempt = start(client, module.slug, "pre-test")
    assert client.get(f"/tes/{attempt.id}/hasil").location == f"/tes/{attempt.id}"


@pytest.mark.parametrize(
    "tampered, message",
    [
        ({"q9": "x"}, "formulir tidak cocok dengan soal"),  # a question not in the attempt
        ({"komentar": "halo"}, "formulir tidak cocok dengan soal"),  # a field no question has
        ({"q1": "deadbeef"}, "formulir tidak cocok dengan soal"),  # an option never presented
        ({"action": "hapus"}, "Permintaan tidak dapat diproses"),  # no such action
    ],
    ids=["unknown-question", "unknown-field", "unknown-option", "unknown-action"],
)
@pytest.mark.parametrize("action", ["save", "submit"])
def test_tampered_forms_are_refused_and_nothing_is_stored(
    client, learner, module, tampered, message, action
):
    login(client, learner)
    attempt = start(client, module.slug, "pre-test")
    data = form(attempt, action, choice_answers(attempt)) | tampered
    response = client.post(f"/tes/{attempt.id}", data=data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    db.session.expire_all()
    assert responses(attempt.id) == [None, None, None]
    assert (attempt.state, attempt.saved_at) == ("open", None)


def test_another_learners_attempt_is_not_found(client, learner, module):
    attempt = services.start_attempt(learning.enroll(learner, module), "pre")
    db.session.commit()
    login(client, make_user("Budi Lain"))
    assert client.get(f"/tes/{attempt.id}").status_code == 404
    post = client.post(f"/tes/{attempt.id}", data=form(attempt, "submit", choice_answers(attempt)))
    assert post.status_code == 404
    assert client.get(f"/tes/{attempt.id}/hasil").status_code == 404
    db.session.expire_all()
    assert attempt.state == "open" and responses(attempt.id) == [None, None, None]


def test_signed_out_visitors_are_sent_to_sign_in(client, learner, module):
    attempt = services.start_attempt(learning.enroll(learner, module), "pre")
    db.session.commit()
    assert client.get(f"/tes/{attempt.id}").location.startswith("/login")


def test_pretest_result_leads_to_the_first_lesson(client, learner, module):
    login(client, learner)
    attempt = start(client, module.slug, "pre-test")
    client.post(f"/tes/{attempt.id}", data=form(attempt, "submit", choice_answers(attempt, 1)))
    page = client.get(f"/tes/{attempt.id}/hasil").get_data(as_text=True)
    assert "33,3" in page and "Lulus" not in page
    assert f'href="/modul/{module.slug}/materi/1">Mulai belajar' in page
    assert learning.enrollment_for(learner.id, module.id).pretest_score == 33.3


def test_fail_retake_pass_through_the_pages(client, learner, module):
    enrollment = ready_for_posttest(learner, module)
    login(client, learner)
    first = start(client, module.slug, "post-test")
    client.post(f"/tes/{first.id}", data=form(first, "submit", choice_answers(first, 0)))
    second = start(client, module.slug, "post-test")  # the 'Ulangi post-test' button
    assert second.id != first.id and second.number == 2
    client.post(f"/tes/{second.id}", data=form(second, "submit", choice_answers(second)))
    page = client.get(f"/tes/{second.id}/hasil").get_data(as_text=True)
    assert "100" in page and "Lulus" in page and "Tidak Lulus" not in page
    assert "Kembali ke modul untuk menulis RTL" in page
    db.session.expire_all()
    assert (enrollment.posttest_attempts, enrollment.best_posttest_score) == (2, 100.0)
    refused = client.post(f"/modul/{module.slug}/post-test", follow_redirects=True)
    assert "Anda sudah lulus post-test modul ini." in refused.get_data(as_text=True)


def test_no_retake_button_when_attempts_are_used_up(client, learner, module):
    ready_for_posttest(learner, module)  # max_attempts=2
    login(client, learner)
    for _ in range(2):
        attempt = start(client, module.slug, "post-test")
        client.post(f"/tes/{attempt.id}", data=form(attempt, "submit"))
    page = client.get(f"/tes/{attempt.id}/hasil").get_data(as_text=True)
    assert "Kesempatan post-test sudah habis" in page
    assert "Ulangi post-test (remedial)" not in page
