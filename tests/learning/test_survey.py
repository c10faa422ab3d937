"""The reaction survey (Kirkpatrick level 1): only after completion, once, validated."""

import pytest
from sqlalchemy import select

from lms.extensions import db
from lms.learning.models import ReactionSurvey
from tests.conftest import login
from tests.factories import make_user
from tests.learning.helpers import complete, learning_module, start

URL = "/modul/modul-uji/evaluasi"
VALID = {"relevance": "5", "clarity": "4", "interactivity": "3", "ease_of_use": "5"}


@pytest.fixture
def learner(client):
    user = make_user()
    login(client, user)
    return user


def surveys() -> list[ReactionSurvey]:
    return list(db.session.scalars(select(ReactionSurvey)))


def test_only_after_completion(client, learner):
    start(learner, learning_module())
    response = client.get(URL, follow_redirects=True)
    assert response.request.path == "/modul/modul-uji"
    assert "setelah Anda menyelesaikan modul" in response.get_data(as_text=True)
    assert client.post(URL, data=VALID).status_code == 302
    assert surveys() == []


def test_not_enrolled_is_404(client, learner):
    learning_module()
    assert client.get(URL).status_code == 404
    assert client.post(URL, data=VALID).status_code == 404


def test_form_explains_the_scale(client, learner):
    complete(learner, learning_module())
    html = client.get(URL).get_data(as_text=True)
    assert "1 = Tidak relevan, 5 = Sangat relevan" in html
    assert "1 = Sangat sulit, 5 = Sangat mudah" in html
    assert html.count('type="radio"') == 20


def test_submitted_once(client, learner):
    enrollment = complete(learner, learning_module())
    response = client.post(URL, data=VALID | {"comment": "  Contohnya dekat dengan kantor.  "})
    assert response.headers["Location"].endswith("/modul/modul-uji")
    [survey] = surveys()
    assert survey.enrollment_id == enrollment.id
    assert (survey.relevance, survey.clarity, survey.interactivity, survey.ease_of_use) == (
        5,
        4,
        3,
        5,
    )
    assert survey.comment == "Contohnya dekat dengan kantor."
    again = client.post(URL, data=VALID | {"relevance": "1"}, follow_redirects=True)
    assert "sudah mengisi evaluasi" in again.get_data(as_text=True)
    [survey] = surveys()
    assert survey.relevance == 5
    assert "Isi evaluasi modul" not in client.get("/modul/modul-uji").get_data(as_text=True)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"relevance": None}, "Pilih nilai 1–5 untuk: Relevansi dengan pekerjaan saya"),
        ({"clarity": "0"}, "Pilih nilai 1–5 untuk: Kejelasan materi"),
        ({"interactivity": "6"}, "Pilih nilai 1–5 untuk: Interaktivitas (latihan, refleksi)"),
        ({"ease_of_use": "lima"}, "Pilih nilai 1–5 untuk: Kemudahan penggunaan aplikasi"),
        ({"comment": "x" * 2001}, "Komentar paling panjang 2000 karakter."),
    ],
)
def test_invalid_survey_changes_nothing(client, learner, change, message):
    complete(learner, learning_module())
    data = {k: v for k, v in (VALID | change).items() if v is not None}
    response = client.post(URL, data=data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert surveys() == []


def test_comment_is_optional(client, learner):
    complete(learner, learning_module())
    client.post(URL, data=VALID)
    assert surveys()[0].comment == ""
