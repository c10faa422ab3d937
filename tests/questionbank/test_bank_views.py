"""The bank pages: list, preview, edit, delete, drafts and who may reach them."""

import random

import pytest
from flask import render_template_string

from lms.questionbank.services import PREVIEW_SEED
from lms.questions.kinds import KINDS
from tests.conftest import login
from tests.factories import add_question, make_user

from .helpers import (
    BANK,
    SLUG,
    as_trainer,
    bank_module,
    bank_of,
    between,
    changes,
    draft,
    gift_question,
    versions,
)

LEARNER_VIEW = ('<section class="card quiz-item learner-view"', "</section>")
TRAINER_KEY = ('<section class="card trainer-key"', "</section>")


def test_bank_lists_the_published_questions_until_a_draft_opens(app, client):
    bank_module()
    as_trainer(client)
    page = client.get(BANK).get_data(as_text=True)
    assert "Versi 1, terbit" in page and "Soal 6" in page
    assert page.count(f'href="{BANK}/') >= 6 * 3  # show, edit and delete per question
    assert "6 soal; 6 dapat dinilai" in page


def test_show_previews_as_the_learner_sees_it_and_the_key_for_the_trainer(app, client):
    module = bank_module()
    data = gift_question(
        "::Prioritas::Apa yang dikerjakan lebih dulu?{=Bahan rapat besok#Tepat, mendesak."
        " ~%50%Bertanya dulu#Cukup. ~Merapikan folder#Bisa nanti.####Ingat matriks.}"
    )
    add_question(module.current_version_id, data)
    as_trainer(client)
    page = client.get(f"{BANK}/7").get_data(as_text=True)
    learner = between(page, *LEARNER_VIEW)
    presented = KINDS["multichoice"].present(data, random.Random(PREVIEW_SEED))
    field = render_template_string(
        "{% from 'quizzes/_fields.html' import question_field %}{{ question_field(1, p, none) }}",
        p=presented,
    )
    assert str(field) in learner  # the attempt page's own markup, same shuffle every time
    for secret in ("Tepat, mendesak.", "Cukup.", "Bisa nanti.", "Ingat matriks.", "50%"):
        assert secret not in learner
    key = between(page, *TRAINER_KEY)
    for shown in ("Tepat, mendesak.", "Cukup.", "Bisa nanti.", "Ingat matriks.", "50%", "100%"):
        assert shown in key


@pytest.mark.parametrize(
    ("source", "shown"),
    [
        ("Benar?{FALSE#Bukan.#Ya, salah.}", ["Salah", "Bukan.", "Ya, salah."]),
        ("Berapa?{#22:0.5#Tepat.}", ["22 ± 0,5", "Tepat."]),
        ("Rentang?{#1..5}", ["1 – 5"]),
        ("Pasangkan.{=JP -> jam pelajaran =RTL -> rencana =  -> pengecoh}", ["pengecoh"]),
        ("Sebutkan.{=JP =%50%jam#Kurang lengkap.}", ["JP", "Kurang lengkap.", "50%"]),
        ("Ceritakan pengalaman Anda.{####Tidak ada jawaban salah.}", ["tidak dinilai otomatis"]),
    ],
)
def test_show_works_for_every_kind(app, client, source, shown):
    module = bank_module()
    data = gift_question(source)
    add_question(module.current_version_id, data, gradeable=KINDS[data["type"]].gradeable)
    as_trainer(client)
    response = client.get(f"{BANK}/7")
    assert response.status_code == 200
    key = between(response.get_data(as_text=True), *TRAINER_KEY)
    for text in shown:
        assert text in key


def test_editing_a_published_question_opens_a_draft_and_keeps_the_published_one(app, client):
    module = bank_module()
    trainer = as_trainer(client)
    page = client.get(f"{BANK}/2/ubah").get_data(as_text=True)
    assert 'value="Soal 2"' in page and 'value="100"' in page
    form = {
        "title": "Soal 2 diperbaiki",
        "text": "Pertanyaan yang lebih jelas?",
        "format": "moodle",
        "competency": "PDO",
        "rows-0-text": "Benar",
        "rows-0-weight": "100",
        "rows-1-text": "Salah A",
        "general_feedback": "",
    }
    response = client.post(f"{BANK}/2/ubah", data=form)
    assert response.headers["Location"] == f"{BANK}/2"
    published, opened = versions(module)
    assert bank_of(published)[1].title == "Soal 2"
    edited = bank_of(opened)[1]
    assert (edited.title, edited.competency_code, len(edited.data["answers"])) == (
        "Soal 2 diperbaiki",
        "PDO",
        2,
    )
    assert [(c.action, c.user_id) for c in changes()] == [
        ("draft.open", trainer.id),
        ("question.update", trainer.id),
    ]
    assert "Draf" in client.get(BANK).get_data(as_text=True)


def test_competency_tag_is_kept_and_listed(app, client):
    module = bank_module()
    as_trainer(client)
    client.post(
        f"{BANK}/baru/essay",
        data={
            "text": "Ceritakan.",
            "format": "moodle",
            "competency": "PDO",
            "title": "Refleksi kerja",
        },
    )
    question = bank_of(draft(module))[-1]
    assert question.competency_code == question.data["competency"] == "PDO"
    row = between(client.get(BANK).get_data(as_text=True), ">Refleksi kerja<", "</tr>")
    assert "PDO" in row and "Tidak" in row  # essays are not drawn into tests


def test_delete_asks_then_removes_from_the_draft_only(app, client):
    module = bank_module()
    as_trainer(client)
    confirm = client.get(f"{BANK}/3/hapus").get_data(as_text=True)
    assert "Hapus soal?" in confirm and "Soal 3" in confirm
    assert client.post(f"{BANK}/3/hapus").headers["Location"] == BANK
    published, opened = versions(module)
    assert [q.title for q in bank_of(opened)] == ["Soal 1", "Soal 2", "Soal 4", "Soal 5", "Soal 6"]
    assert len(bank_of(published)) == 6
    assert [c.action for c in changes()] == ["draft.open", "question.delete"]
    # A second click must not delete the question that now follows.
    again = client.post(f"{BANK}/3/hapus", follow_redirects=True)
    assert "sudah tidak ada" in again.get_data(as_text=True)
    assert len(bank_of(opened)) == 5
    assert client.get(f"{BANK}/3").status_code == 404


def test_export_downloads_the_bank_as_gift(app, client):
    bank_module()
    as_trainer(client)
    response = client.get(f"{BANK}/ekspor")
    assert response.mimetype == "text/plain"
    assert response.headers["Content-Disposition"] == f'attachment; filename="{SLUG}-soal.gift"'
    text = response.get_data(as_text=True)
    assert text.startswith("// Bank soal Modul Uji, versi 1 (terbit)")
    assert text.count("::Soal ") == 6 and "$CATEGORY: ORH" in text and "$CATEGORY: PDO" in text


def test_unknown_module_or_question_is_not_found(app, client):
    bank_module()
    as_trainer(client)
    assert client.get("/pengajar/modul/tidak-ada/soal").status_code == 404
    assert client.get(f"{BANK}/99").status_code == 404
    assert client.get(f"{BANK}/99/ubah").status_code == 404


PAGES = [
    BANK,
    f"{BANK}/1",
    f"{BANK}/1/ubah",
    f"{BANK}/baru/multichoice",
    f"{BANK}/1/hapus",
    f"{BANK}/impor",
    f"{BANK}/ekspor",
    f"/pengajar/modul/{SLUG}/analisis",
]
ACTIONS = [f"{BANK}/1/ubah", f"{BANK}/baru/essay", f"{BANK}/1/hapus", f"{BANK}/impor"]
ACTIONS += [f"{BANK}/impor/simpan"]


# What a trainer who does not maintain the module may still open: reading, never changing.
VIEW_PAGES = {BANK, f"{BANK}/1", f"/pengajar/modul/{SLUG}/analisis"}


@pytest.mark.parametrize(
    "role", ["anonymous", "learner", "supervisor", "trainer", "other_trainer", "admin"]
)
def test_only_trainers_and_admins_reach_the_bank(app, client, role):
    module = bank_module()
    if role == "supervisor":
        boss = make_user("Kepala Bidang")
        make_user("Staf", supervisor=boss)
        login(client, boss)
    elif role in ("trainer", "other_trainer"):
        as_trainer(client, maintains=role == "trainer")
    elif role != "anonymous":
        login(client, make_user(role.title(), roles=() if role == "learner" else (role,)))
    refused = {"anonymous": 302, "learner": 403, "supervisor": 403}
    for path in PAGES:
        status = client.get(path).status_code
        viewer = role == "other_trainer" and path in VIEW_PAGES
        expected = refused.get(role, 403 if role == "other_trainer" and not viewer else 200)
        assert status == expected, (path, status)
    for path in ACTIONS:
        status = client.post(path).status_code
        if role in ("anonymous", "learner", "supervisor", "other_trainer"):
            assert status == (302 if role == "anonymous" else 403), path
    if role in ("learner", "supervisor", "anonymous", "other_trainer"):
        assert len(versions(module)) == 1 and changes() == []


def test_question_html_is_sanitised_in_preview_and_show(app, client):
    module = bank_module()
    as_trainer(client)
    form = {
        "text": '<p onclick="alert(1)">Pilih.</p><script>alert("x")</script>',
        "format": "html",
        "competency": "ORH",
        "rows-0-text": '<img src="x" onerror="alert(2)">Benar',
        "rows-0-weight": "100",
        "rows-1-text": '<a href="javascript:alert(3)">Salah</a>',
        "rows-1-feedback": "<iframe src='//evil.example'></iframe>Bukan.",
    }
    preview = client.post(f"{BANK}/baru/multichoice", data=form | {"action": "preview"})
    client.post(f"{BANK}/baru/multichoice", data=form)
    shown = client.get(f"{BANK}/7")
    assert bank_of(draft(module))[-1].kind == "multichoice"
    for page in (preview.get_data(as_text=True), shown.get_data(as_text=True)):
        section = page[page.index("<main") :]
        for bad in ("<script", "onerror", "onclick", "javascript:", "<iframe"):
            assert bad not in section.split("<form", 1)[0], bad
