"""The cases of Moodle's xmlformat_test test_import_* for the kinds Bina has, questions of our
own in the shape Moodle's export writes. Each is read as the trainer's upload is
(transfer.read_file: the reader and the bank's rules), so "no problem" means it would import.

Not applicable: hints and cloze (Bina has neither) and Moodle's draft-area helpers. Elements
Bina has no use for (hints, combined feedback, shuffleanswers, idnumber, tags, essay options)
are read past without complaint.
"""

import pytest

from lms.questionbank import transfer
from lms.questionbank.moodle_xml import PLUGINFILE
from tests.data.moodle_samples import file_element, tiny_png

from .helpers import bank_module


def quiz(body: str) -> str:
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n{body}\n</quiz>\n'


def read(xml: str) -> transfer.ReadFile:
    return transfer.read_file(xml.encode(), bank_module().current_version)


def read_one(xml: str) -> dict:
    result = read(quiz(xml))
    assert result.problems == [] and len(result.questions) == 1, result.problems
    return result.questions[0]


def test_import_description(app):
    """A description keeps its general feedback (regression 4), in the question's format."""
    q = read_one(
        """<question type="description">
    <name><text>Deskripsi</text></name>
    <questiontext format="html"><text>Teks pengantar.</text></questiontext>
    <generalfeedback><text>Ini umpan balik umum.</text></generalfeedback>
    <defaultgrade>0</defaultgrade><penalty>0</penalty><hidden>0</hidden>
    <tags><tag><text>tagDescription</text></tag></tags>
  </question>"""
    )
    assert (q["type"], q["format"], q["text"]) == ("description", "html", "Teks pengantar.")
    assert q["general_feedback"] == "Ini umpan balik umum."


def test_import_essay_with_options_bina_does_not_have(app):
    """test_import_essay_21 (and _20): text and general feedback keep Moodle's auto-format."""
    q = read_one(
        """<question type="essay">
    <name><text>Esai</text></name>
    <questiontext format="moodle_auto_format"><text>Tulis sesuatu.</text></questiontext>
    <generalfeedback><text>Semoga menarik.</text></generalfeedback>
    <defaultgrade>1</defaultgrade><penalty>0</penalty><hidden>0</hidden>
    <responseformat>monospaced</responseformat><responserequired>0</responserequired>
    <responsefieldlines>42</responsefieldlines><attachments>-1</attachments>
    <attachmentsrequired>1</attachmentsrequired>
    <graderinfo format="html"><text><![CDATA[<p>Nilai <b>murah hati</b>!</p>]]></text></graderinfo>
    <responsetemplate format="html"><text><![CDATA[<p>Templat</p>]]></text></responsetemplate>
    <tags><tag><text>esai</text></tag></tags>
  </question>"""
    )
    assert (q["type"], q["title"], q["format"]) == ("essay", "Esai", "moodle")
    assert (q["text"], q["general_feedback"]) == ("Tulis sesuatu.", "Semoga menarik.")


def test_import_match_19(app):
    """Feedback without a format takes the question's; a pair with no left side is a distractor."""
    q = read_one(
        """<question type="matching">
    <name><text>Menjodohkan</text></name>
    <questiontext format="html"><text>Pasangkan huruf besar dan kecil.</text></questiontext>
    <generalfeedback><text>Jawabannya A -> a, B -> b dan C -> c.</text></generalfeedback>
    <defaultgrade>1</defaultgrade><penalty>0.3333333</penalty><hidden>0</hidden>
    <shuffleanswers>false</shuffleanswers>
    <correctfeedback><text>Bagus.</text></correctfeedback>
    <partiallycorrectfeedback><text>Belum semua.</text></partiallycorrectfeedback>
    <incorrectfeedback><text>Salah semua!</text></incorrectfeedback>
    <subquestion><text>A</text><answer><text>a</text></answer></subquestion>
    <subquestion><text>B</text><answer><text>b</text></answer></subquestion>
    <subquestion><text>C</text><answer><text>c</text></answer></subquestion>
    <subquestion><text></text><answer><text>d</text></answer></subquestion>
    <hint><text>Petunjuk 1</text><shownumcorrect /></hint>
  </question>"""
    )
    assert (q["type"], q["format"]) == ("matching", "html")
    assert q["general_feedback"] == "Jawabannya A -> a, B -> b dan C -> c."
    assert [(a["left"], a["right"], a["fraction"]) for a in q["answers"]] == [
        ("A", "a", 1.0),
        ("B", "b", 1.0),
        ("C", "c", 1.0),
        ("", "d", 0.0),
    ]


def test_import_multichoice_19_two_full_answers_warn(app):
    """single=false with two 100% answers: Moodle warns (200%) and imports; so does Bina."""
    result = read(
        quiz(
            """<question type="multichoice">
    <name><text>Pilihan ganda</text></name>
    <questiontext format="html"><text>Mana yang bilangan genap?</text></questiontext>
    <generalfeedback><text>Yang genap 2 dan 4.</text></generalfeedback>
    <defaultgrade>2</defaultgrade><single>false</single><shuffleanswers>false</shuffleanswers>
    <answernumbering>abc</answernumbering>
    <correctfeedback><text><![CDATA[<p>Benar.</p>]]></text></correctfeedback>
    <shownumcorrect/>
    <answer fraction="0"><text>1</text><feedback><text></text></feedback></answer>
    <answer fraction="100"><text>2</text><feedback><text></text></feedback></answer>
    <answer fraction="0"><text>3</text><feedback><text></text></feedback></answer>
    <answer fraction="100"><text>4</text><feedback><text></text></feedback></answer>
    <hint><text>Petunjuk 1.</text></hint>
  </question>"""
        )
    )
    assert result.problems == []
    [q] = result.questions
    assert (q["type"], q["format"]) == ("multiresponse", "html")
    assert [(a["text"], a["fraction"]) for a in q["answers"]] == [
        ("1", 0.0),
        ("2", 1.0),
        ("3", 0.0),
        ("4", 1.0),
    ]
    assert q["general_feedback"] == "Yang genap 2 dan 4."
    assert [n.index for n in result.notes] == [1] and "sekarang 200%" in result.notes[0].message


def test_import_numerical_19(app):
    """Tolerances, a wrong number with its feedback, and '*' with an empty tolerance."""
    q = read_one(
        """<question type="numerical">
    <name><text>Numerik</text></name>
    <questiontext format="html"><text>Berapa jawabannya?</text></questiontext>
    <generalfeedback><text>Ingat buku itu.</text></generalfeedback>
    <answer fraction="100"><text>42</text><feedback><text>Bagus!</text></feedback>
      <tolerance>0.001</tolerance></answer>
    <answer fraction="0"><text>13</text><feedback><text>Kenapa 13?!</text></feedback>
      <tolerance>1</tolerance></answer>
    <answer fraction="0"><text>*</text><feedback><text>Salah sama sekali.</text></feedback>
      <tolerance></tolerance></answer>
  </question>"""
    )
    assert [(a["value"], a["tolerance"], a["fraction"], a["feedback"]) for a in q["answers"]] == [
        (42.0, 0.001, 1.0, "Bagus!"),
        (13.0, 1.0, 0.0, "Kenapa 13?!"),
        (None, None, 0.0, "Salah sama sekali."),
    ]
    assert q["general_feedback"] == "Ingat buku itu."


def test_import_shortanswer_19(app):
    """usecase 0, a '*' answer, plain_text answers compared as typed."""
    q = read_one(
        """<question type="shortanswer">
    <name><text>Isian singkat</text></name>
    <questiontext format="html"><text>Lengkapi: Alfa, ________, Gama.</text></questiontext>
    <generalfeedback><text>Jawabannya Beta.</text></generalfeedback>
    <usecase>0</usecase>
    <answer fraction="100" format="plain_text"><text>Beta</text>
      <feedback><text>Bagus!</text></feedback></answer>
    <answer fraction="0" format="plain_text"><text>*</text>
      <feedback><text>Aduh!</text></feedback></answer>
    <hint><text>Petunjuk 1</text></hint>
  </question>"""
    )
    assert (q["text"], q["case_sensitive"]) == ("Lengkapi: Alfa, ________, Gama.", False)
    assert [(a["text"], a["fraction"], a["feedback"]) for a in q["answers"]] == [
        ("Beta", 1.0, "Bagus!"),
        ("*", 0.0, "Aduh!"),
    ]


@pytest.mark.parametrize("idnumber", ["", "<idnumber>TestIdNum1</idnumber>"])
def test_import_truefalse_19_and_with_idnumber(app, idnumber):
    q = read_one(
        f"""<question type="truefalse">
    <name><text>Benar salah</text></name>
    <questiontext format="html"><text>Jawabannya benar.</text></questiontext>
    <generalfeedback><text>Seharusnya memilih benar.</text></generalfeedback>
    <defaultgrade>1</defaultgrade><penalty>1</penalty><hidden>0</hidden>{idnumber}
    <answer fraction="100"><text>true</text><feedback><text>Bagus!</text></feedback></answer>
    <answer fraction="0"><text>false</text><feedback><text>Aduh!</text></feedback></answer>
  </question>"""
    )
    assert [(a["text"], a["fraction"], a["feedback"]) for a in q["answers"]] == [
        ("true", 1.0, "Bagus!"),
        ("false", 0.0, "Aduh!"),
    ]
    assert (q["title"], q["general_feedback"]) == ("Benar salah", "Seharusnya memilih benar.")


def test_import_truefalse_with_files_in_a_folder(app):
    """test_import_truefalse_wih_files: a file at path /myfolder/ (an image here: Bina's media
    are images, so Moodle's text file would be refused, see test_moodle_xml_cases)."""
    embedded = file_element("gambar.png", tiny_png(), path="/folderku/")
    result = read(
        quiz(
            f"""<question type="truefalse">
    <name><text>benar salah</text></name>
    <questiontext format="html">
      <text><![CDATA[<p><img src="@@PLUGINFILE@@/folderku/gambar.png" alt="Gambar"></p>]]></text>
      {embedded}
    </questiontext>
    <generalfeedback format="html"><text><![CDATA[<p>Lihat dokumentasinya.</p>]]></text>
    </generalfeedback>
    <answer fraction="100" format="moodle_auto_format"><text>true</text>
      <feedback format="html"><text></text></feedback></answer>
    <answer fraction="0" format="moodle_auto_format"><text>false</text>
      <feedback format="html"><text></text></feedback></answer>
  </question>"""
        )
    )
    assert result.problems == []
    [files] = result.files
    [(link, (name, data))] = files.items()
    assert (name, data) == ("gambar.png", tiny_png())
    assert link.startswith(f"{PLUGINFILE}/") and link in result.questions[0]["text"]


def test_grades_outside_moodles_list_are_refused(app):
    """Moodle's error_invalid_grades fixture: a question with a 33% answer is not imported."""
    result = read(
        quiz(
            """<question type="multichoice">
    <name><text>Bobot salah</text></name>
    <questiontext format="html"><text>Pilih.</text></questiontext>
    <single>true</single>
    <answer fraction="100"><text>a</text></answer>
    <answer fraction="33"><text>b</text></answer>
  </question>"""
        )
    )
    assert result.questions == []
    [problem] = result.problems
    assert problem.index == 1 and "Jawaban 2: bobot harus salah satu dari 100, 90" in (
        problem.message
    )
    assert "33.33333" in problem.message
