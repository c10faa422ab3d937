"""Check answers before a test is sent: the review page, its 'Ubah' links and one send."""

import pytest
from sqlalchemy import func, select

from lms.extensions import db
from lms.quizzes.models import Attempt

from ..conftest import login
from ..factories import choice_answers, make_module, make_user, ready_for_posttest
from .test_attempt_views import form, start


@pytest.fixture
def module(app):
    return make_module(questions=6, pretest=3, posttest=3, pass_mark=70, max_attempts=3)


def test_review_saves_and_lists_every_question_with_its_answer(client, module):
    learner = make_user("Rina Peserta")
    login(client, learner)
    attempt = start(client, module.slug, "pre-test")
    answers = choice_answers(attempt)
    response = client.post(f"/tes/{attempt.id}", data=form(attempt, "review", {1: answers[1]}))
    assert response.location == f"/tes/{attempt.id}/periksa"
    page = client.get(response.location).get_data(as_text=True)
    assert "1 dari 3 soal sudah dijawab." in page and "2 soal belum dijawab." in page
    assert page.count("Belum dijawab") == 2
    for position in (1, 2, 3):
        assert f'href="/tes/{attempt.id}#soal-{position}"' in page
    assert "Pre-test hanya dikerjakan sekali; jawaban tidak dapat diubah setelah dikirim." in page
    assert page.count('type="submit">Kirim jawaban') == 1
    assert db.session.get(Attempt, attempt.id).state == "open"


def test_the_test_page_offers_no_direct_send(client, module):
    login(client, make_user("Rina Peserta"))
    attempt = start(client, module.slug, "pre-test")
    page = client.get(f"/tes/{attempt.id}").get_data(as_text=True)
    assert 'value="submit"' not in page and "Lanjut: periksa jawaban" in page


def test_sending_from_the_review_keeps_the_saved_answers_and_counts_once(client, module):
    learner = make_user("Rina Peserta")
    ready_for_posttest(learner, module)
    login(client, learner)
    attempt = start(client, module.slug, "post-test")
    client.post(f"/tes/{attempt.id}", data=form(attempt, "review", choice_answers(attempt)))
    page = client.get(f"/tes/{attempt.id}/periksa").get_data(as_text=True)
    assert "Ini percobaan ke-1 dari 3; jawaban tidak dapat diubah setelah dikirim." in page
    first = client.post(f"/tes/{attempt.id}/kirim")
    again = client.post(f"/tes/{attempt.id}/kirim")
    assert first.location == again.location == f"/tes/{attempt.id}/hasil"
    sent = db.session.get(Attempt, attempt.id)
    db.session.refresh(sent)
    assert (sent.state, sent.score, sent.passed) == ("submitted", 100.0, True)
    posttests = select(func.count(Attempt.id)).where(Attempt.test == "post")
    assert db.session.scalar(posttests.where(Attempt.state == "submitted")) == 1
    assert client.get(f"/tes/{attempt.id}/periksa").location == f"/tes/{attempt.id}/hasil"


def test_someone_elses_review_is_not_found(client, module):
    owner = make_user("Rina Peserta")
    login(client, owner)
    attempt = start(client, module.slug, "pre-test")
    login(client, make_user("Orang Lain"))
    assert client.get(f"/tes/{attempt.id}/periksa").status_code == 404
    assert client.post(f"/tes/{attempt.id}/kirim").status_code == 404
    assert db.session.get(Attempt, attempt.id).state == "open"
