"""Regression 5 of the Moodle comparison, end to end: a short answer Moodle marks
case-sensitive (<usecase>1</usecase>) keeps that in the bank editor and in a learner's test."""

import re

from lms.authoring.drafts import publish
from lms.extensions import db
from lms.quizzes.models import Attempt
from tests.conftest import login
from tests.factories import make_module, make_user

from .helpers import BANK, SLUG, as_trainer, bank_of, draft
from .test_import import confirm, text_of, upload

XML = """<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="category"><category><text>$course$/top/ORH</text></category></question>
  <question type="shortanswer">
    <name><text>Natrium</text></name>
    <questiontext format="html"><text>Tulis lambang unsur natrium.</text></questiontext>
    <usecase>1</usecase>
    <answer fraction="100" format="plain_text"><text>Na</text></answer>
  </question>
</quiz>
"""


def take_pretest(client, typed: str) -> Attempt:
    learner = make_user(f"Peserta {typed}")
    login(client, learner)
    started = client.post(f"/modul/{SLUG}/pre-test")
    attempt_id = int(re.fullmatch(r"/tes/(\d+)", started.location)[1])
    client.post(f"/tes/{attempt_id}", data={"q1": typed, "action": "submit"})
    client.post("/logout")
    return db.session.get(Attempt, attempt_id)


def test_usecase_is_shown_editable_and_graded_on_the_learners_test(app, client):
    module = make_module(SLUG, questions=0, pretest=1, posttest=1)
    trainer = as_trainer(client)
    confirm(client, upload(client, XML.encode(), "kimia.xml").get_data(as_text=True))
    opened = draft(module)
    [question] = bank_of(opened)
    assert question.data["case_sensitive"] is True

    assert "Besar-kecil huruf dibedakan." in text_of(client.get(f"{BANK}/1"))
    editor = client.get(f"{BANK}/1/ubah").get_data(as_text=True)
    assert re.search(r'<input[^>]*\bchecked\b[^>]*name="case_sensitive"', editor) or re.search(
        r'<input[^>]*name="case_sensitive"[^>]*\bchecked\b', editor
    )

    publish(module, opened, trainer.id)
    db.session.commit()
    client.post("/logout")
    assert take_pretest(client, "NA").score == 0.0
    assert take_pretest(client, "Na").score == 100.0

    login(client, trainer)
    response = client.post(
        f"{BANK}/1/ubah",
        data={
            "title": "Natrium",
            "text": "Tulis lambang unsur natrium.",
            "format": "html",
            "competency": "ORH",
            "rows-0-text": "Na",
            "rows-0-weight": "100",
            "general_feedback": "",
        },
    )
    assert response.status_code == 302, text_of(response)[:2000]
    assert bank_of(draft(module))[0].data["case_sensitive"] is False
    assert "Besar-kecil huruf diabaikan." in text_of(client.get(f"{BANK}/1"))
