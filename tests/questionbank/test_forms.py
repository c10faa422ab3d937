"""One form per question kind: what a valid form stores, and what each rule refuses."""

from html import unescape

import pytest

from lms.questions.base import render_html
from lms.questions.gift import parse_gift, question_to_dict
from lms.questions.gift_writer import to_gift

from .helpers import (
    BANK,
    as_trainer,
    bank_module,
    bank_of,
    changes,
    draft,
    question_count,
    versions,
)

COMMON = {"title": "Soal baru", "text": "Apa jawabannya?", "format": "moodle", "competency": "PDO"}

VALID = {
    "multichoice": (
        {
            "rows-0-text": "Menyusun prioritas",
            "rows-0-weight": "100",
            "rows-0-feedback": "Tepat.",
            "rows-1-text": "Bertanya kepada atasan",
            "rows-1-weight": "50",
            "rows-2-text": "Menunda semuanya",
            "rows-2-weight": "-50",
            "rows-2-feedback": "Menunda menambah beban.",
            "rows-3-text": "",
        },
        [
            {"text": "Menyusun prioritas", "fraction": 1.0, "feedback": "Tepat."},
            {"text": "Bertanya kepada atasan", "fraction": 0.5, "feedback": ""},
            {"text": "Menunda semuanya", "fraction": -0.5, "feedback": "Menunda menambah beban."},
        ],
    ),
    "multiresponse": (
        {
            "rows-0-text": "Kata kerja",
            "rows-0-weight": "33,33333",
            "rows-1-text": "Tenggat",
            "rows-1-weight": "33,33333",
            "rows-2-text": "Penanggung jawab",
            "rows-2-weight": "33,33333",
            "rows-3-text": "Tanpa urutan",
            "rows-3-weight": "-100",
        },
        [
            {"text": "Kata kerja", "fraction": 0.3333333, "feedback": ""},
            {"text": "Tenggat", "fraction": 0.3333333, "feedback": ""},
            {"text": "Penanggung jawab", "fraction": 0.3333333, "feedback": ""},
            {"text": "Tanpa urutan", "fraction": -1.0, "feedback": ""},
        ],
    ),
    "truefalse": (
        {"correct": "false", "feedback_true": "Kurang tepat.", "feedback_false": "Tepat."},
        [
            {"text": "true", "fraction": 0.0, "feedback": "Kurang tepat."},
            {"text": "false", "fraction": 1.0, "feedback": "Tepat."},
        ],
    ),
    "shortanswer": (
        {
            "rows-0-text": "jam pelajaran",
            "rows-1-text": "JP",
            "rows-1-weight": "100",
            "rows-2-text": "jam",
            "rows-2-weight": "50",
            "rows-2-feedback": "Kurang lengkap.",
        },
        [
            {"text": "jam pelajaran", "fraction": 1.0, "feedback": ""},
            {"text": "JP", "fraction": 1.0, "feedback": ""},
            {"text": "jam", "fraction": 0.5, "feedback": "Kurang lengkap."},
        ],
    ),
    "numerical": (
        {
            "rows-0-value": "22",
            "rows-0-tolerance": "0,5",
            "rows-0-feedback": "Tepat.",
            "rows-1-low": "20",
            "rows-1-high": "25",
            "rows-1-weight": "50",
            "other_feedback": "Periksa lagi perhitungannya.",
        },
        [
            {"value": 22.0, "tolerance": 0.5, "min": None, "max": None, "fraction": 1.0}
            | {"feedback": "Tepat."},
            {"value": None, "tolerance": None, "min": 20.0, "max": 25.0, "fraction": 0.5}
            | {"feedback": ""},
            {"value": None, "tolerance": None, "min": None, "max": None, "fraction": 0.0}
            | {"feedback": "Periksa lagi perhitungannya."},
        ],
    ),
    "matching": (
        {
            "rows-0-left": "JP",
            "rows-0-right": "jam pelajaran",
            "rows-1-left": "RTL",
            "rows-1-right": "rencana tindak lanjut",
            "rows-2-right": "evaluasi penyelenggaraan",
        },
        [
            {"left": "JP", "right": "jam pelajaran", "fraction": 1.0, "feedback": ""},
            {"left": "RTL", "right": "rencana tindak lanjut", "fraction": 1.0, "feedback": ""},
            {"left": "", "right": "evaluasi penyelenggaraan", "fraction": 0.0, "feedback": ""},
        ],
    ),
    "essay": ({}, []),
    "description": ({}, []),
}


def post(client, kind: str, fields: dict, action: str = "save"):
    data = COMMON | {"general_feedback": "" if kind == "description" else "Bahas bersama."}
    return client.post(f"{BANK}/baru/{kind}", data=data | fields | {"action": action})


@pytest.mark.parametrize("kind", list(VALID))
def test_each_kind_is_saved_in_a_new_draft(app, client, kind):
    module = bank_module()
    trainer = as_trainer(client)
    fields, answers = VALID[kind]
    response = post(client, kind, fields)
    assert response.status_code == 302, unescape(response.get_data(as_text=True))
    assert response.headers["Location"] == f"{BANK}/7"
    published, opened = versions(module)
    assert len(bank_of(published)) == 6  # learners keep the published bank
    question = bank_of(opened)[-1]
    assert (question.position, question.kind, question.competency_code) == (7, kind, "PDO")
    assert question.gradeable is (kind not in ("essay", "description"))
    raw = {key: question.data[key] for key in ("type", "title", "text", "format", "competency")}
    assert raw == {"type": kind, "title": "Soal baru", "text": "Apa jawabannya?"} | {
        "format": "moodle",
        "competency": "PDO",
    }
    assert [
        {k: a[k] for k in expected}
        for a, expected in zip(question.data["answers"], answers, strict=True)
    ] == answers
    assert [change.user_id for change in changes("question.create")] == [trainer.id]


@pytest.mark.parametrize("kind", list(VALID))
def test_a_form_question_has_the_shape_of_an_imported_one(app, client, kind):
    """Written as GIFT and read back as content files are, it gives the very dict stored."""
    module = bank_module()
    as_trainer(client)
    post(client, kind, VALID[kind][0])
    stored = bank_of(draft(module))[-1].data
    parsed, errors = parse_gift(to_gift([stored]))
    assert errors == []
    assert render_html(question_to_dict(parsed[0], "PDO")) == stored


def test_preview_button_shows_the_question_without_saving(app, client):
    module = bank_module()
    as_trainer(client)
    response = post(client, "multichoice", VALID["multichoice"][0], action="preview")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Pratinjau (belum disimpan)" in page and "Menunda menambah beban." in page
    assert draft(module) is None and question_count() == 6


def test_add_row_keeps_what_was_typed(app, client):
    module = bank_module()
    as_trainer(client)
    response = post(client, "multichoice", {"rows-0-text": "Pilihan pertama"}, action="more")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'value="Pilihan pertama"' in page and 'name="rows-4-text"' in page
    assert draft(module) is None


def test_unknown_kind_is_not_found(app, client):
    bank_module()
    as_trainer(client)
    assert client.get(f"{BANK}/baru/cloze").status_code == 404


def _rows(*rows: tuple[str, str]) -> dict:
    return {
        f"rows-{i}-{key}": value
        for i, row in enumerate(rows)
        for key, value in zip(("text", "weight"), row, strict=True)
    }


REFUSED = [
    ("multichoice", _rows(("A", "50"), ("B", "0")), "harus ada pilihan yang bernilai 100%"),
    ("multichoice", _rows(("A", "150"), ("B", "0")), "Bobot harus dari -100 sampai 100."),
    ("multichoice", _rows(("A", "sepuluh"), ("B", "0")), "Tulis sebuah angka"),
    ("multichoice", _rows(("A", "100")), "paling sedikit 2 pilihan jawaban"),
    ("multichoice", _rows(("A", "100"), ("", "20")), "Isi teks jawaban, atau kosongkan"),
    ("multiresponse", _rows(("A", "50"), ("B", "30"), ("C", "-100")), "sekarang 80%"),
    ("multiresponse", _rows(("A", "100"), ("B", "-101")), "Bobot harus dari -100 sampai 100."),
    ("truefalse", {}, "Pilih apakah pernyataan ini benar atau salah."),
    ("shortanswer", {}, "Isi paling sedikit satu jawaban yang diterima."),
    ("shortanswer", _rows(("JP", "50")), "Harus ada jawaban yang bernilai 100%"),
    ("shortanswer", _rows(("JP", "-10")), "Bobot harus dari 0 sampai 100."),
    ("shortanswer", _rows(("a -> b", "")), "tidak boleh memuat '->'"),
    ("numerical", {}, "Isi paling sedikit satu angka jawaban."),
    ("numerical", {"rows-0-low": "25", "rows-0-high": "20"}, "Batas bawah tidak boleh melebihi"),
    (
        "numerical",
        {"rows-0-value": "22", "rows-0-tolerance": "-1"},
        "Toleransi tidak boleh negatif",
    ),
    ("numerical", {"rows-0-value": "22", "rows-0-low": "20"}, "bukan keduanya"),
    ("numerical", {"rows-0-low": "20"}, "Rentang memerlukan batas bawah dan batas atas."),
    ("numerical", {"rows-0-value": "22", "rows-0-weight": "50"}, "bernilai 100%"),
    ("numerical", {"rows-0-feedback": "Tanpa angka"}, "Isi angka jawaban, atau rentang"),
    ("matching", {"rows-0-left": "JP", "rows-0-right": "jam"}, "paling sedikit 2 pasangan"),
    ("matching", {"rows-0-left": "JP", "rows-1-left": "RTL", "rows-1-right": "x"}, "Isi pasangan"),
    (
        "matching",
        {"rows-0-left": "a -> b", "rows-0-right": "x", "rows-1-left": "c"} | {"rows-1-right": "y"},
        "sisi kiri tidak boleh memuat '->'",
    ),
    ("essay", {"text": ""}, "Masukkan teks soal"),
    ("description", {"text": "   "}, "Masukkan teks soal"),
    ("essay", {"competency": "KOM"}, "Pilih salah satu kompetensi modul ini."),
    ("essay", {"title": "x" * 256}, "Paling panjang 255 karakter."),
    ("essay", {"format": "wiki"}, "Pilih salah satu format teks yang tersedia."),
    ("truefalse", {"correct": "mungkin"}, "Pilih apakah pernyataan ini benar atau salah."),
]


@pytest.mark.parametrize(("kind", "fields", "message"), REFUSED)
def test_refused_questions_say_why_and_change_nothing(app, client, kind, fields, message):
    module = bank_module()
    as_trainer(client)
    response = post(client, kind, fields)
    assert response.status_code == 400
    assert message in unescape(response.get_data(as_text=True))
    assert draft(module) is None and question_count() == 6 and changes() == []


def test_field_errors_and_answer_problems_are_reported_in_one_pass(app, client):
    """An empty question text and an answer set without a right answer: both at once."""
    module = bank_module()
    as_trainer(client)
    fields = {"text": "", "rows-0-text": "Satu", "rows-0-weight": "0"}
    response = post(client, "multichoice", fields | {"rows-1-text": "Dua", "rows-1-weight": "0"})
    page = unescape(response.get_data(as_text=True))
    assert response.status_code == 400 and "<title>Kesalahan: " in page
    summary = page.split('id="error-summary"')[1].split("</div>")[0]
    assert '<a href="#text">Masukkan teks soal</a>' in summary
    assert 'href="#jawaban"' in summary
    assert draft(module) is None and question_count() == 6
