"""Moodle XML as Moodle reads it: cases modelled on Moodle's xmlformat_test, inputs written here,
and the import of what a Moodle export embeds (regressions 2-5 of the Moodle comparison)."""

import base64
import io
from pathlib import Path

from PIL import Image
from sqlalchemy import select

from lms.authoring.models import AuthoringImage
from lms.extensions import db
from lms.questionbank import transfer
from lms.questionbank.moodle_xml import parse_moodle_xml
from lms.questionbank.services import stored
from lms.questions.kinds import KINDS
from tests.data.moodle_samples import file_element, image_question_xml, tiny_png

from .helpers import bank_module, bank_of, draft
from .test_import import as_trainer, confirm, text_of, upload


def quiz(*questions: str) -> str:
    return '<?xml version="1.0" encoding="UTF-8"?>\n<quiz>' + "".join(questions) + "</quiz>"


def question(kind: str, text: str, body: str = "", fmt: str = "", name: str = "Soal") -> str:
    attr = f' format="{fmt}"' if fmt else ""
    return (
        f'<question type="{kind}"><name><text>{name}</text></name>'
        f"<questiontext{attr}><text><![CDATA[{text}]]></text></questiontext>{body}</question>"
    )


def read_one(xml: str) -> dict:
    questions, problems = parse_moodle_xml(xml)
    assert problems == [] and len(questions) == 1, problems
    return questions[0].question


def test_parts_without_format_take_the_questions_format(app):
    """Regression 2: an essay in Moodle's auto-format stays so, its text untouched."""
    q = read_one(
        quiz(
            question(
                "essay",
                "Write something.",
                "<generalfeedback><text>Thank you.</text></generalfeedback>",
                fmt="moodle_auto_format",
            )
        )
    )
    assert (q["type"], q["format"], q["text"]) == ("essay", "moodle", "Write something.")
    assert stored(q | {"competency": "ORH"})["text_html"] == "Write something."


def test_question_text_without_format_is_moodle_auto_format(app):
    q = read_one(quiz(question("essay", "2*3*4\nbaris dua")))
    assert q["format"] == "moodle"
    assert stored(q | {"competency": "ORH"})["text_html"] == "2*3*4<br>\nbaris dua"


def test_description_keeps_its_general_feedback(app, client):
    """Regression 4."""
    body = '<generalfeedback format="html"><text>Catatan.</text></generalfeedback>'
    xml = quiz(question("description", "<p>Pengantar</p>", body, fmt="html"))
    q = read_one(xml)
    assert (q["type"], q["general_feedback"]) == ("description", "Catatan.")
    module = bank_module()
    as_trainer(client)
    confirm(client, upload(client, xml.encode(), "deskripsi.xml").get_data(as_text=True))
    stored_question = bank_of(draft(module))[-1]
    assert (stored_question.kind, stored_question.data["general_feedback_html"]) == (
        "description",
        "Catatan.",
    )


def test_usecase_makes_a_short_answer_case_sensitive(app):
    """Regression 5."""
    body = '<usecase>1</usecase><answer fraction="100"><text>Na</text></answer>'
    q = stored(
        read_one(quiz(question("shortanswer", "Lambang natrium?", body))) | {"competency": "ORH"}
    )
    kind = KINDS["shortanswer"]
    assert q["case_sensitive"] is True
    assert (kind.grade(q, {}, "NA"), kind.grade(q, {}, "Na")) == (0.0, 1.0)
    loose = read_one(quiz(question("shortanswer", "Q?", body.replace(">1<", ">0<"))))
    assert loose["case_sensitive"] is False


def test_names_lose_their_tags(app):
    q = read_one(quiz(question("essay", "Q", name="&lt;b&gt;Tebal&lt;/b&gt; &amp; miring")))
    assert q["title"] == "Tebal & miring"


def test_matching_multichoice_numerical_truefalse(app):
    xml = quiz(
        question(
            "matching",
            "Pasangkan.",
            "<subquestion><text>a</text><answer><text>1</text></answer></subquestion>"
            "<subquestion><text>b</text><answer><text>2</text></answer></subquestion>"
            "<subquestion><text></text><answer><text>3</text></answer></subquestion>",
        ),
        question(
            "multichoice",
            "Pilih.",
            '<single>true</single><answer fraction="100"><text>ya</text>'
            '<feedback><text>benar</text></feedback></answer><answer fraction="-50">'
            "<text>tidak</text></answer>",
        ),
        question(
            "numerical",
            "Berapa?",
            '<answer fraction="100"><text>22</text><tolerance>0.5</tolerance></answer>'
            '<answer fraction="0"><text>*</text><feedback><text>lain</text></feedback></answer>',
        ),
        question(
            "truefalse",
            "Benar?",
            '<answer fraction="0"><text>true</text></answer>'
            '<answer fraction="100"><text>false</text></answer>',
        ),
    )
    questions, problems = parse_moodle_xml(xml)
    assert problems == []
    pairs, choice, number, truth = (item.question for item in questions)
    assert [(a["left"], a["right"]) for a in pairs["answers"]] == [
        ("a", "1"),
        ("b", "2"),
        ("", "3"),
    ]
    assert [(a["text"], a["fraction"], a["feedback"]) for a in choice["answers"]] == [
        ("ya", 1.0, "benar"),
        ("tidak", -0.5, ""),
    ]
    assert [(a["value"], a["tolerance"]) for a in number["answers"]] == [(22.0, 0.5), (None, None)]
    assert [(a["text"], a["fraction"]) for a in truth["answers"]] == [
        ("true", 0.0),
        ("false", 1.0),
    ]


def test_pre_keeps_its_indentation(app):
    q = read_one(quiz(question("essay", "<pre>a\n    b</pre>", fmt="html")))
    assert "<pre>a\n    b</pre>" in stored(q | {"competency": "ORH"})["text_html"]


def test_an_embedded_non_image_makes_its_question_a_problem(app):
    text = '<p><a href="@@PLUGINFILE@@/suara.mp3">dengar</a></p>'
    xml = quiz(
        question("essay", text, fmt="html").replace(
            "</text></questiontext>",
            "</text>" + file_element("suara.mp3", b"ID3 audio") + "</questiontext>",
        )
    )
    questions, problems = parse_moodle_xml(xml)
    assert questions == [] and "suara.mp3" in problems[0].message


def test_a_link_to_a_missing_file_is_a_problem(app):
    _, problems = parse_moodle_xml(quiz(question("essay", '<img src="@@PLUGINFILE@@/x.png">')))
    assert "'x.png' tidak ada di dalam XML" in problems[0].message


def test_old_image_tags_are_appended_to_the_text(app):
    data = base64.b64encode(tiny_png()).decode()
    body = f"<image>gambar.png</image><image_base64>{data}</image_base64>"
    questions, problems = parse_moodle_xml(quiz(question("essay", "Lihat:", body)))
    assert problems == []
    [link] = questions[0].files
    assert questions[0].question["text"] == f'Lihat: <img src="{link}" />'


def test_an_embedded_image_is_stored_and_served_as_lesson_media(app, client):
    """Regression 3: the image of a Moodle export lives on, at /media/, in the question."""
    module = bank_module()
    as_trainer(client)
    preview = upload(client, image_question_xml().encode(), "gambar.xml")
    assert preview.status_code == 200
    confirm(client, preview.get_data(as_text=True))
    question = bank_of(draft(module))[-1]
    image = _only_image(module)
    assert question.title == "Peta Jambi"
    assert f'src="/media/{image.name}"' in question.data["text_html"]
    assert (image.original_name, image.content_type) == ("kotak merah.png", "image/png")
    stored = Image.open(Path(app.config["UPLOAD_DIR"], image.name))  # re-encoded, same picture
    original = Image.open(io.BytesIO(tiny_png()))
    assert (stored.format, stored.size) == ("PNG", original.size)
    assert stored.convert("RGB").tobytes() == original.convert("RGB").tobytes()
    served = client.get(f"/media/{image.name}")
    assert (served.status_code, served.mimetype) == (200, "image/png")


def test_images_in_answers_and_feedback_live_on_too(app, client):
    """Regression 3 for every part: each part embeds its own files, as Moodle writes them; the
    same picture in two parts is stored once."""
    picture = file_element("titik.png", tiny_png())
    answer = (
        '<answer fraction="100" format="html"><text><![CDATA[<img src="@@PLUGINFILE@@/titik.png"'
        f' alt="Titik merah">]]></text>{picture}<feedback format="html"><text><![CDATA[Lihat '
        f'<img src="@@PLUGINFILE@@/titik.png" alt="Titik">]]></text>{picture}</feedback></answer>'
    )
    xml = quiz(
        question(
            "multichoice",
            "Mana yang merah?",
            "<single>true</single>" + answer + '<answer fraction="0"><text>biru</text></answer>',
            fmt="html",
        )
    )
    module = bank_module()
    as_trainer(client)
    confirm(client, upload(client, xml.encode(), "gambar.xml").get_data(as_text=True))
    image = _only_image(module)
    [right, _] = bank_of(draft(module))[-1].data["answers"]
    assert f'src="/media/{image.name}"' in right["text_html"]
    assert f'src="/media/{image.name}"' in right["feedback_html"]
    assert "@@PLUGINFILE@@" not in str(right)


def test_the_editor_explains_the_format_the_question_is_in(app, client):
    """An imported HTML question is not edited under a Markdown hint."""
    bank_module()
    as_trainer(client)
    confirm(client, upload(client, image_question_xml().encode(), "g.xml").get_data(as_text=True))
    editor = text_of(client.get("/pengajar/modul/modul-uji/soal/7/ubah"))
    assert "Dalam format HTML: paragraf, huruf tebal" in editor
    assert "Dalam format Markdown" not in editor
    moodle = text_of(client.get("/pengajar/modul/modul-uji/soal/1/ubah"))  # factory: auto-format
    assert "Dalam format otomatis Moodle: teks tampil apa adanya" in moodle
    new = text_of(client.get("/pengajar/modul/modul-uji/soal/baru/multichoice"))
    assert "Dalam format Markdown: **tebal**" in new


def _only_image(module) -> AuthoringImage:
    return db.session.scalars(
        select(AuthoringImage).where(AuthoringImage.module_id == module.id)
    ).one()


BAD_AND_GOOD = quiz(
    question("essay", "Baik satu?"),
    question("multichoice", "Rusak", '<answer fraction="33"><text>a</text></answer>'),
    question("essay", "Baik dua?"),
)


def test_by_default_one_bad_question_stops_the_import(app, client):
    module = bank_module()
    as_trainer(client)
    response = upload(client, BAD_AND_GOOD.encode(), "kuis.xml")
    assert response.status_code == 400
    page = text_of(response)
    assert "soal ke-2" in page and "Tidak ada soal yang ditambahkan" in page
    assert "2 soal lain terbaca tanpa masalah." in page  # and how to import just those
    assert "centang “Lewati soal yang bermasalah dan impor soal lainnya”" in page
    assert draft(module) is None


def test_skipping_bad_questions_imports_the_good_ones(app, client):
    module = bank_module()
    as_trainer(client)
    response = client.post(
        "/pengajar/modul/modul-uji/soal/impor",
        data={
            "file": (io.BytesIO(BAD_AND_GOOD.encode()), "kuis.xml"),
            "skip_bad": "y",
        },
        content_type="multipart/form-data",
    )
    page = text_of(response)
    assert response.status_code == 200
    assert "1 soal bermasalah dilewati (tidak diimpor):" in page and "soal ke-2" in page
    assert "2 soal akan ditambahkan" in page
    confirm(client, response.get_data(as_text=True))
    assert [q.data["text"] for q in bank_of(draft(module))[6:]] == ["Baik satu?", "Baik dua?"]


def test_a_multi_answer_over_100_percent_is_imported_with_a_note(app):
    body = '<single>false</single><answer fraction="100"><text>a</text></answer>' + (
        '<answer fraction="100"><text>b</text></answer><answer fraction="0"><text>c</text></answer>'
    )
    version = bank_module().current_version
    read = transfer.read_file(quiz(question("multichoice", "Pilih.", body)).encode(), version)
    assert read.problems == [] and len(read.questions) == 1
    assert "sekarang 200%" in read.notes[0].message


def test_the_trainer_sees_the_200_percent_note_before_importing(app, client):
    body = '<single>false</single><answer fraction="100"><text>a</text></answer>' + (
        '<answer fraction="100"><text>b</text></answer><answer fraction="0"><text>c</text></answer>'
    )
    bank_module()
    as_trainer(client)
    page = text_of(upload(client, quiz(question("multichoice", "Pilih.", body)).encode(), "k.xml"))
    assert "1 soal akan ditambahkan ke draf" in page
    assert "Catatan" in page and "harus berjumlah 100%, sekarang 200%." in page
