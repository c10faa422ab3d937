"""GIFT as Moodle reads it: cases modelled on Moodle's giftformat_test, inputs written here.

Moodle (GPLv3) is not copied: each input is our own, built from the GIFT documentation to
exercise the construct the Moodle case does. The Moodle case each test stands for is named in
its docstring (test_import_*); the export cases are in test_gift_moodle_export_cases.py.
"""

from pathlib import Path

import pytest

from lms.questions.base import render_html
from lms.questions.gift import BLANK, parse_gift, question_to_dict
from lms.questions.kinds import KINDS

# Moodle's questions.gift.txt fixture, question for question, in words of our own.
MOODLE_FIXTURE = Path(__file__).parent / "data" / "moodle_fixture_equivalent.gift"


def one(source: str):
    questions, errors = parse_gift(source)
    assert errors == [] and len(questions) == 1, errors
    return questions[0]


def test_the_nine_question_file_imports_whole():
    """Moodle's questions.gift.txt: nine of nine, including the two that go on after '}'."""
    questions, errors = parse_gift(MOODLE_FIXTURE.read_text(encoding="utf-8"))
    assert errors == []
    assert [(q.title, q.type) for q in questions] == [
        ("Q8", "essay"), ("Kegiatan Moodle", "matching"), ("Q2", "multichoice"),
        ("warna", "multiresponse"), ("Q5", "numerical"), ("Isian singkat", "shortanswer"),
        ("Q1", "truefalse"), ("2-08 TSL", "truefalse"), ("2-08 TSL", "truefalse"),
    ]  # fmt: skip
    essay, pairs, choice, several, number, short, truth, t, true = questions
    assert (essay.text, essay.answers) == ("Apa kabar?", [])
    assert [a.right for a in pairs.answers] == [
        "Forum", "Pilihan", "Basis data", "Wiki", "Obrolan",
    ]  # fmt: skip
    assert (
        pairs.answers[3].left == "<p>Kumpulan halaman web yang dapat diubah <em>siapa pun</em>.</p>"
    )
    assert [(a.text, a.feedback) for a in choice.answers] == [
        ("kuning", "benar; bagus!"),
        ("merah", "salah, jawabannya kuning"),
        ("biru", "salah, jawabannya kuning"),
    ]
    assert [a.fraction for a in several.answers] == [0.5, -1.0, 0.5, -1.0]
    assert number.text == f'Sebutkan bilangan dari 1 sampai 5. {BLANK}";'
    assert [(a.value, a.tolerance, a.feedback) for a in number.answers] == [
        (3.0, 2.0, ""),
        (None, None, "Salah sama sekali"),
    ]
    assert [(a.text, a.fraction) for a in short.answers] == [
        ("Katak", 1.0),
        ("Kucing", 0.5),
        ("*", 0.0),
    ]
    assert truth.text == f'42 adalah jawaban mutlak atas segalanya.{BLANK}";'
    assert [(a.text, a.fraction, a.feedback) for a in truth.answers] == [
        ("true", 0.0, "42 adalah jawaban pamungkas."),
        ("false", 1.0, "Jawaban Anda tepat."),
    ]
    assert truth.general_feedback == "Ini tentu rujukan ke Hitchhiker's Guide to the Galaxy."
    assert [a.fraction for a in t.answers] == [a.fraction for a in true.answers] == [1.0, 0.0]


@pytest.mark.parametrize(
    ("source", "kind", "text"),
    [
        (
            "::Sun::The sun rises in the east {T}.",
            "truefalse",
            f"The sun rises in the east {BLANK}.",
        ),
        ("Pair {=a -> 1 =b -> 2} now.", "matching", f"Pair {BLANK} now."),
        ("Write {} here.", "essay", f"Write {BLANK} here."),
    ],
)
def test_a_blank_is_accepted_for_every_kind(source, kind, text):
    """Regression 1: Moodle puts the blank where the answers were, whatever the kind."""
    q = one(source)
    assert (q.type, q.text) == (kind, text)


def test_moodle_auto_format_text_is_kept_as_written():
    """Regression 2: no Markdown in Moodle's auto-format; line breaks stay."""
    q = render_html(question_to_dict(one("Compute 2*3*4.\\nThen add 1. {#25}"), "ORH"))
    assert q["format"] == "moodle"
    assert q["text"] == "Compute 2*3*4.\nThen add 1."
    assert q["text_html"] == "Compute 2*3*4.<br>\nThen add 1."


@pytest.mark.parametrize(
    ("source", "html"),
    [
        ("[markdown]Compute **2*3**. {#6}", "<p>Compute <strong>2*3</strong>.</p>"),
        ("[html]<p>Compute <b>6</b></p> {#6}", "<p>Compute <b>6</b></p>"),
        ("[plain]a  <b> {#6}", "a&nbsp; &lt;b&gt;"),
        ("[moodle]a *b* {#6}", "a *b*"),
    ],
)
def test_each_of_moodles_formats_renders_as_moodle_does(source, html):
    assert render_html(question_to_dict(one(source), "ORH"))["text_html"] == html


def test_essay():
    q = one("::Esai:: Apa kabar? {}")
    assert (q.type, q.title, q.text, q.answers) == ("essay", "Esai", "Apa kabar?", [])


def test_matching_with_a_distractor_and_general_feedback():
    q = one("::M:: Pasangkan. { =a -> 1 =b -> 2 =c -> 3 = -> 4 ####Bagus.}")
    assert q.type == "matching"
    assert [(a.left, a.right) for a in q.answers] == [("a", "1"), ("b", "2"), ("c", "3"), ("", "4")]
    assert q.general_feedback == "Bagus."


def test_multichoice_with_weights_and_feedback():
    q = one("::MC:: Pilih. {=benar#ya ~%-50%salah#tidak ~%50%separuh#hampir}")
    assert q.type == "multichoice"
    assert [(a.text, a.fraction, a.feedback) for a in q.answers] == [
        ("benar", 1.0, "ya"),
        ("salah", -0.5, "tidak"),
        ("separuh", 0.5, "hampir"),
    ]


def test_multichoice_with_several_right_answers():
    q = one("Pilih dua. {~%50%a ~%50%b ~%-100%c}")
    assert q.type == "multiresponse"
    assert [a.fraction for a in q.answers] == [0.5, 0.5, -1.0]


def test_numerical_with_a_catch_all_feedback():
    q = one("Berapa? {#=10:1#tepat =%50%12:1#dekat ~#coba lagi}")
    assert [(a.value, a.tolerance, a.fraction, a.feedback) for a in q.answers] == [
        (10.0, 1.0, 1.0, "tepat"),
        (12.0, 1.0, 0.5, "dekat"),
        (None, None, 0.0, "coba lagi"),
    ]


def test_shortanswer_with_weights():
    q = one("Ibu kota Jambi? {=Jambi#ya =%50%Kota Jambi#hampir}")
    assert q.type == "shortanswer"
    assert [(a.text, a.fraction) for a in q.answers] == [("Jambi", 1.0), ("Kota Jambi", 0.5)]


def test_truefalse_with_both_feedbacks():
    q = one("Air mendidih pada 100 °C di permukaan laut. {TRUE#salah pilih#tepat}")
    assert [(a.text, a.fraction, a.feedback) for a in q.answers] == [
        ("true", 1.0, "tepat"),
        ("false", 0.0, "salah pilih"),
    ]


def test_backslash_escapes():
    q = one("Tanda \\{ \\} \\= \\~ \\# \\: tetap teks. {=a\\=b ~c}")
    assert q.text == "Tanda { } = ~ # : tetap teks."
    assert q.answers[0].text == "a=b"


def test_description():
    q = one("::Pengantar:: Bagian berikut membahas pelayanan.")
    assert (q.type, q.text) == ("description", "Bagian berikut membahas pelayanan.")


def test_match_keeps_each_pairs_format_and_a_distractor():
    """test_import_match: every left side in its own format, an empty one a distractor."""
    q = one(
        "::Kegiatan::[html]Pasangkan <b>kegiatan</b> dengan uraiannya.{\n"
        "    =[html]Diskusi <i>tidak serempak</i>. -> Forum\n"
        "    =[moodle]Guru bertanya, peserta memilih. -> Pilihan\n"
        "    =[plain]Catatan <bersama>. -> Basis data\n"
        "    =[markdown]Halaman yang *siapa pun* ubah. -> Wiki\n"
        "    = -> Obrolan\n"
        "}"
    )
    assert (q.type, q.title, q.text_format) == ("matching", "Kegiatan", "html")
    assert q.text == "Pasangkan <b>kegiatan</b> dengan uraiannya."
    assert [(a.left, a.right) for a in q.answers] == [
        ("Diskusi <i>tidak serempak</i>.", "Forum"),
        ("Guru bertanya, peserta memilih.", "Pilihan"),
        ("Catatan &lt;bersama&gt;.", "Basis data"),  # plain text stays text
        ("<p>Halaman yang <em>siapa pun</em> ubah.</p>", "Wiki"),
        ("", "Obrolan"),
    ]


def test_multichoice_feedback_in_other_formats():
    """test_import_multichoice: answers over lines, feedback after '#', [html] and [plain]."""
    q = one(
        "::W2:: Warna apa di antara jingga dan hijau?\n{\n    =kuning # tepat; bagus!\n"
        "    ~merah # [html]salah, <b>kuning</b>\n    ~[plain]biru # salah, kuning\n}"
    )
    assert (q.type, q.title, q.text) == (
        "multichoice",
        "W2",
        "Warna apa di antara jingga dan hijau?",
    )
    assert [(a.text, a.fraction, a.feedback) for a in q.answers] == [
        ("kuning", 1.0, "tepat; bagus!"),
        ("merah", 0.0, "salah, <b>kuning</b>"),
        ("biru", 0.0, "salah, kuning"),
    ]
    # HTML reads the same in Moodle's auto-format, so the question keeps that format.
    assert q.text_format == "moodle"
    shown = render_html(question_to_dict(q, "ORH"))["answers"][1]["feedback_html"]
    assert shown == "salah, <b>kuning</b>"


def test_multi_answer_with_one_full_weight_and_penalties():
    """test_import_multichoice_multi_tricky: only '~', one 100%, two -50%: several may be ticked."""
    q = one("::warna:: Warna di antara jingga dan hijau?\n{\n ~%100%kuning # ya\n"
            " ~%-50%merah # salah\n ~%-50%biru # salah\n}")  # fmt: skip
    assert q.type == "multiresponse"
    assert [(a.text, a.fraction) for a in q.answers] == [
        ("kuning", 1.0),
        ("merah", -0.5),
        ("biru", -0.5),
    ]


def test_numerical_with_tolerance_and_a_catch_all():
    """test_import_numerical: {#3:2~#...} — a number with tolerance, then feedback for any other."""
    q = one("::Q5:: Sebutkan bilangan dari 1 sampai 5. {#3:2~#Salah sama sekali}")
    assert [(a.value, a.tolerance, a.fraction, a.feedback) for a in q.answers] == [
        (3.0, 2.0, 1.0, ""),
        (None, None, 0.0, "Salah sama sekali"),
    ]


SHORT = (
    "::Isian::Hewan apa yang terbaik?{\n    =Katak#Bagus!\n    =%50%Kucing#Lumayan.\n"
    "    =%0%*#Salah\n"
)


def test_shortanswer_with_a_wildcard_answer():
    """test_import_shortanswer: weights, feedback, and '*' at 0% catching any other answer."""
    q = render_html(question_to_dict(one(SHORT + "}"), "ORH"))
    assert [(a["text"], a["fraction"], a["feedback"]) for a in q["answers"]] == [
        ("Katak", 1.0, "Bagus!"),
        ("Kucing", 0.5, "Lumayan."),
        ("*", 0.0, "Salah"),
    ]
    kind = KINDS["shortanswer"]
    assert [kind.grade(q, {}, typed) for typed in ("katak", "Kucing", "Ular")] == [1.0, 0.5, 0.0]


def test_shortanswer_with_general_feedback_in_html():
    """test_import_shortanswer_with_general_feedback: ####[html] after the answers."""
    q = one(SHORT + "    ####[html]Ini <b>umpan balik umum</b>!\n}")
    assert q.general_feedback == "Ini <b>umpan balik umum</b>!"
    assert (q.text_format, q.text) == ("moodle", "Hewan apa yang terbaik?")
    shown = render_html(question_to_dict(q, "ORH"))["general_feedback_html"]
    assert shown == "Ini <b>umpan balik umum</b>!"


def test_truefalse_false_with_both_feedbacks():
    """test_import_truefalse: {FALSE#for who picks true#for who picks false}, over two lines."""
    q = one("::B1:: 42 adalah jawaban atas segalanya.{\nFALSE#42 jawaban pamungkas.#Tepat.}")
    assert [(a.text, a.fraction, a.feedback) for a in q.answers] == [
        ("true", 0.0, "42 jawaban pamungkas."),
        ("false", 1.0, "Tepat."),
    ]


@pytest.mark.parametrize("mark", ["T", "TRUE"])
def test_truefalse_true_after_a_comment(mark):
    """test_import_truefalse_true_answer1 and 2: a comment line, a title with digits, {T}."""
    q = one(f"// nama 0-11\n::2-08 TSL::TSL adalah blablabla.{{{mark}}}")
    assert (q.type, q.title, q.text) == ("truefalse", "2-08 TSL", "TSL adalah blablabla.")
    assert [a.fraction for a in q.answers] == [1.0, 0.0]


def test_a_double_backslash_is_one_backslash():
    """test_import_backslash: \\\\ stands for one backslash, \\\\\\\\ for two."""
    q = one("::garis miring:: A \\\\ B \\\\\\\\ C{}")
    assert (q.type, q.text) == ("essay", "A \\ B \\\\ C")


def test_indentation_inside_pre_is_kept():
    """test_import_pre_content: code in <pre> keeps its indentation, escaped braces and all."""
    q = one(
        "::Q001::[html]<p>Apa yang dicetak metode ini?</p>\n<pre>\n"
        "    public void test() \\{\n        method1();\n    \\}\n</pre>\n{}"
    )
    assert q.text == (
        "<p>Apa yang dicetak metode ini?</p>\n<pre>\n"
        "    public void test() {\n        method1();\n    }\n</pre>"
    )
    html = render_html(question_to_dict(q, "ORH"))["text_html"]
    assert "\n        method1();" in html


def test_indentation_outside_pre_is_trimmed_as_moodle_does():
    q = one("Baris satu\n    baris dua {}")
    assert q.text == "Baris satu\nbaris dua"


def test_tags_and_an_id_in_a_comment_do_not_stop_the_question():
    """test_import_question_with_tags: [tag:..] and [id:..] in a comment; Bina keeps only the
    form-A/form-B tags (test forms), so the question reads as without them."""
    q = one(
        "// Tag: [tag:tag] [tag:other-tag].\n// Dan id: [id:myid].\n::Nama soal:: Apa kabar? {}"
    )
    assert (q.type, q.title, q.text, q.form) == ("essay", "Nama soal", "Apa kabar?", None)


@pytest.mark.parametrize("weight", ["33", "67", "15", "101", "-33"])
def test_weights_outside_moodles_list_are_refused(weight):
    _, errors = parse_gift(f"Pilih. {{=a ~%{weight}%b}}")
    assert len(errors) == 1 and "tidak diterima Moodle" in errors[0].message


@pytest.mark.parametrize("weight", ["33.33333", "66.66667", "83.33333", "14.28571", "12.5", "5"])
def test_weights_of_moodles_list_are_accepted(weight):
    q = one(f"Pilih. {{=a ~%{weight}%b ~%-{weight}%c}}")
    assert q.answers[1].fraction == -q.answers[2].fraction > 0


def test_a_multi_answer_adding_up_to_200_percent_is_read():
    """Moodle only warns of it: the bank notes it on import (see the question bank tests)."""
    assert one("Pilih. {~%100%a ~%100%b ~c}").type == "multiresponse"


def test_case_sensitivity_is_honoured_when_the_question_asks_for_it():
    """Regression 5: Moodle XML's <usecase>1</usecase> makes 'Na' refuse 'NA'."""
    q = render_html(question_to_dict(one("Lambang natrium? {=Na}"), "ORH"))
    kind = KINDS["shortanswer"]
    assert q["case_sensitive"] is False
    assert kind.grade(q, {}, "NA") == 1.0
    strict = q | {"case_sensitive": True}
    assert (kind.grade(strict, {}, "NA"), kind.grade(strict, {}, "Na")) == (0.0, 1.0)
