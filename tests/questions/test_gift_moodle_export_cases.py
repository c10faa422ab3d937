"""GIFT as Moodle writes it: the cases of Moodle's giftformat_test test_export_*, questions of
our own. Each written file must say what Moodle's does (Bina puts a space before '{' and
writes no `// question: N` line, both of which Moodle's reader ignores) and read back the same.
"""

import pytest

from lms.questions.gift import parse_gift, question_to_dict
from lms.questions.gift_writer import to_gift


def question(kind: str, text: str, answers: list, **extra) -> dict:
    return {
        "type": kind,
        "title": "Q8",
        "text": text,
        "format": "moodle",
        "competency": None,
        "answers": answers,
        "general_feedback": "",
    } | extra


def numbers(value, tolerance, fraction, feedback="") -> dict:
    return {"value": value, "tolerance": tolerance, "min": None, "max": None} | {
        "fraction": fraction,
        "feedback": feedback,
    }


def texts(*answers: tuple) -> list[dict]:
    return [{"text": t, "fraction": f, "feedback": fb} for t, f, fb in answers]


CASES = {
    "test_export_essay": (
        question("essay", "Apa kabar?", []),
        "::Q8::Apa kabar? {}\n",
    ),
    "test_export_match": (
        question(
            "matching",
            "Pasangkan <b>kegiatan</b> dengan uraiannya.",
            [
                {"left": '<div class="x">Diskusi.</div>', "right": "Forum", "fraction": 1.0},
                {"left": "Guru bertanya.", "right": "Pilihan", "fraction": 1.0},
                {"left": "", "right": "Obrolan", "fraction": 0.0},
            ],
            format="html",
        ),
        "::Q8::[html]Pasangkan <b>kegiatan</b> dengan uraiannya. {\n"
        '\t=<div class\\="x">Diskusi.</div> -> Forum\n'
        "\t=Guru bertanya. -> Pilihan\n"
        "\t= -> Obrolan\n}\n",
    ),
    "test_export_multichoice": (
        question(
            "multichoice",
            "Warna apa di antara jingga dan hijau?",
            texts(("kuning", 1.0, "tepat; bagus!"), ("merah", 0.0, "salah"), ("biru", 0.0, "")),
        ),
        "::Q8::Warna apa di antara jingga dan hijau? {\n"
        "\t=kuning#tepat; bagus!\n\t~merah#salah\n\t~biru\n}\n",
    ),
    "test_export_multichoice_multi_tricky": (
        question(
            "multiresponse",
            "Warna apa di antara jingga dan hijau?",
            texts(("kuning", 1.0, "ya"), ("merah", -0.5, "salah"), ("biru", -0.5, "salah")),
        ),
        "::Q8::Warna apa di antara jingga dan hijau? {\n"
        "\t~%100%kuning#ya\n\t~%-50%merah#salah\n\t~%-50%biru#salah\n}\n",
    ),
    "test_export_numerical": (
        question(
            "numerical",
            "Sebutkan bilangan dari 1 sampai 5.",
            [numbers(3.0, 2.0, 1.0), numbers(None, None, 0.0, "Salah sama sekali")],
        ),
        "::Q8::Sebutkan bilangan dari 1 sampai 5. {\n\t#=3:2\n\t~#Salah sama sekali\n}\n",
    ),
    "test_export_shortanswer": (
        question(
            "shortanswer",
            "Hewan apa yang terbaik?",
            texts(("Katak", 1.0, "Bagus!"), ("Kucing", 0.5, "Lumayan."), ("*", 0.0, "Salah")),
            case_sensitive=False,
        ),
        "::Q8::Hewan apa yang terbaik? {\n"
        "\t=Katak#Bagus!\n\t=%50%Kucing#Lumayan.\n\t=%0%*#Salah\n}\n",
    ),
    "test_export_shortanswer_with_general_feedback": (
        question(
            "shortanswer",
            "Hewan apa yang terbaik?",
            texts(("Katak", 1.0, "Bagus!")),
            case_sensitive=False,
            general_feedback="Umpan balik umum!",
        ),
        "::Q8::Hewan apa yang terbaik? {\n\t=Katak#Bagus!\n\t####Umpan balik umum!\n}\n",
    ),
    "test_export_truefalse": (
        question(
            "truefalse",
            "42 adalah jawaban atas segalanya.",
            texts(("true", 1.0, "Tepat."), ("false", 0.0, "42 jawaban pamungkas.")),
        ),
        "::Q8::42 adalah jawaban atas segalanya. {TRUE#42 jawaban pamungkas.#Tepat.}\n",
    ),
    "test_export_backslash": (
        question("essay", "A \\ B \\\\ C", []),
        "::Q8::A \\\\ B \\\\\\\\ C {}\n",
    ),
    "test_export_question_with_tags_and_idnumber": (
        question(
            "truefalse",
            "Jawabannya benar.",
            texts(("true", 1.0, "Tepat."), ("false", 0.0, "Keliru.")),
            general_feedback="Seharusnya benar.",
            form="A",
        ),
        "// [tag:form-A]\n::Q8::Jawabannya benar. {\n"
        "\tTRUE#Keliru.#Tepat.\n\t####Seharusnya benar.\n}\n",
    ),
}


@pytest.mark.parametrize(("q", "gift"), CASES.values(), ids=CASES.keys())
def test_writes_what_moodle_writes_and_reads_back_the_same(q, gift):
    written = to_gift([q])
    assert written == gift
    again, errors = parse_gift(written)
    assert errors == []
    back = question_to_dict(again[0], None)
    expected = q | {"answers": [{"feedback": ""} | a for a in q["answers"]]}
    assert back == expected
