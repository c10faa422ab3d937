"""What makes a bank question sound, however it arrives: a form, a GIFT file or Moodle XML.

Questions are dicts in the schema of `lms content check --json` (gift.question_to_dict), before
their *_html keys are added. The rules are those of the GIFT parser, so that every question in
a bank can be exported as GIFT and read back unchanged.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from lms.quizzes.gift import (
    category_code,
    moodle_fraction,
    moodle_percentages,
    parse_gift,
    question_to_dict,
    weight_warning,
)
from lms.quizzes.gift_writer import to_gift
from lms.quizzes.kinds import KINDS

MAX_TITLE = 255
MAX_TEXT = 20_000
# Weights are fractions of full marks: choices may take marks away, other answers may not.
CHOICE_LOWEST, OTHER_LOWEST = -1.0, 0.0
ARROW = "->"

Answers = Sequence[dict[str, Any]]

KIND_LABELS = {
    "multichoice": _l("Pilihan ganda"),
    "multiresponse": _l("Pilihan jamak"),
    "truefalse": _l("Benar/Salah"),
    "shortanswer": _l("Isian singkat"),
    "numerical": _l("Numerik"),
    "matching": _l("Menjodohkan"),
    "essay": _l("Esai"),
    "description": _l("Deskripsi"),
}
KIND_HINTS = {
    "multichoice": _l("Satu jawaban benar; pilihan lain boleh bernilai sebagian atau negatif."),
    "multiresponse": _l("Beberapa jawaban benar; bobot positif berjumlah 100%."),
    "truefalse": _l("Pernyataan yang dinilai benar atau salah."),
    "shortanswer": _l(
        "Peserta mengetik kata atau frasa; besar-kecil huruf diabaikan kecuali diatur."
    ),
    "numerical": _l("Peserta mengetik angka; boleh dengan toleransi atau rentang."),
    "matching": _l("Peserta memasangkan pernyataan dengan pasangannya."),
    "essay": _l("Jawaban uraian; tidak dinilai otomatis dan tidak masuk tes."),
    "description": _l("Teks pengantar tanpa jawaban; tidak masuk tes."),
}


@dataclass(frozen=True)
class Problem:
    field: str  # title | text | competency | answers
    message: str


def check_question(q: dict[str, Any], codes: Sequence[str]) -> list[Problem]:
    """Everything wrong with a question of a module whose competencies are `codes`."""
    problems: list[Problem] = []
    if q["type"] not in KINDS:
        return [Problem("text", _("Jenis soal '%(kind)s' tidak dikenal.", kind=q["type"]))]
    if not q["text"].strip():
        problems.append(Problem("text", _("Teks soal wajib diisi.")))
    if len(q["text"]) > MAX_TEXT:
        problems.append(Problem("text", _("Teks soal paling panjang %(n)d karakter.", n=MAX_TEXT)))
    if len(q["title"]) > MAX_TITLE:
        problems.append(Problem("title", _("Judul paling panjang %(n)d karakter.", n=MAX_TITLE)))
    if q["competency"] not in codes:
        problems.append(Problem("competency", _("Pilih salah satu kompetensi modul ini.")))
    problems += [Problem("answers", message) for message in _ANSWER_RULES[q["type"]](q["answers"])]
    return problems or exportable(q)


def warnings(q: dict[str, Any]) -> list[str]:
    """What Moodle warns about but imports; the editor refuses it, as Moodle's form does."""
    message = weight_warning(q["type"], [a["fraction"] for a in q["answers"]])
    return [str(message)] if message else []


def gift_part(q: dict[str, Any]) -> dict[str, Any]:
    """What GIFT can say of a question: not case sensitivity, nor a description's feedback.

    Moodle's own GIFT export leaves both out too; the bank keeps them, the GIFT file cannot.
    """
    part = {key: value for key, value in q.items() if key != "case_sensitive"}
    if q["type"] == "shortanswer":
        part["case_sensitive"] = False
    if q["type"] == "description":
        part["general_feedback"] = ""
    return part


def exportable(q: dict[str, Any]) -> list[Problem]:
    """A question must come back unchanged from GIFT, or export/import would alter the bank."""
    part = gift_part(q)
    try:
        again, errors = parse_gift(to_gift([part]))
    except ValueError:
        again, errors = [], [None]
    back = [question_to_dict(p, category_code(p.category)) for p in again]
    if errors or back != [part]:
        return [
            Problem(
                "text",
                _(
                    "Soal ini tidak dapat disimpan utuh dalam format GIFT. Periksa tanda khusus "
                    "pada teks, jawaban dan umpan balik."
                ),
            )
        ]
    return []


def percent(fraction: float) -> str:
    return f"{fraction * 100:g}%"


def _fraction_range(answers: Answers, lowest: float) -> list[str]:
    """Each weight must be one of Moodle's grades, or Moodle would refuse the question."""
    wrong = [n for n, a in enumerate(answers, 1) if moodle_fraction(a["fraction"], lowest) is None]
    if lowest < 0:
        message = _l("Jawaban %(n)d: bobot harus salah satu dari %(allowed)s (boleh negatif).")
    else:
        message = _l("Jawaban %(n)d: bobot harus salah satu dari %(allowed)s.")
    return [str(message) % {"n": n, "allowed": moodle_percentages()} for n in wrong]


def _texts(answers: Answers, key: str = "text") -> list[str]:
    return [
        _("Jawaban %(n)d: teks jawaban wajib diisi.", n=n)
        for n, a in enumerate(answers, 1)
        if not str(a[key]).strip()
    ]


def _full_marks(answers: Answers) -> list[str]:
    if answers and max(a["fraction"] for a in answers) < 1:
        return [_("Harus ada jawaban yang bernilai 100%.")]
    return []


def _multichoice(answers: Answers) -> list[str]:
    if len(answers) < 2:
        return [_("Soal pilihan ganda memerlukan paling sedikit 2 pilihan jawaban.")]
    problems = _texts(answers) + _fraction_range(answers, CHOICE_LOWEST)
    if not problems and max(a["fraction"] for a in answers) < 1:
        problems.append(_("Tandai satu jawaban benar: harus ada pilihan yang bernilai 100%."))
    return problems


def _multiresponse(answers: Answers) -> list[str]:
    if len(answers) < 2:
        return [_("Soal pilihan jamak memerlukan paling sedikit 2 pilihan jawaban.")]
    return _texts(answers) + _fraction_range(answers, CHOICE_LOWEST)


def _truefalse(answers: Answers) -> list[str]:
    fractions = {a["text"]: a["fraction"] for a in answers}
    if sorted(fractions) != ["false", "true"] or sorted(fractions.values()) != [0.0, 1.0]:
        return [_("Pilih apakah pernyataan ini benar atau salah.")]
    return []


def _shortanswer(answers: Answers) -> list[str]:
    if not answers:
        return [_("Isi paling sedikit satu jawaban yang diterima.")]
    problems = _texts(answers) + _fraction_range(answers, OTHER_LOWEST)
    problems += [
        _("Jawaban %(n)d: jawaban singkat tidak boleh memuat '->'.", n=n)
        for n, a in enumerate(answers, 1)
        if ARROW in a["text"]
    ]
    return problems or _full_marks(answers)


def _is_catch_all(answer: dict[str, Any]) -> bool:
    return answer.get("value") is None and answer.get("min") is None


def _numerical(answers: Answers) -> list[str]:
    graded = [a for a in answers if not _is_catch_all(a)]
    if not graded:
        return [_("Isi paling sedikit satu angka jawaban.")]
    problems = _fraction_range(graded, OTHER_LOWEST)
    for n, answer in enumerate(graded, 1):
        if answer.get("min") is not None and answer["min"] > answer["max"]:
            problems.append(_("Jawaban %(n)d: batas bawah melebihi batas atas.", n=n))
        if (answer.get("tolerance") or 0) < 0:
            problems.append(_("Jawaban %(n)d: toleransi tidak boleh negatif.", n=n))
    if len(answers) - len(graded) > 1:
        problems.append(_("Hanya boleh ada satu umpan balik untuk jawaban lain."))
    return problems or _full_marks(graded)


def _matching(answers: Answers) -> list[str]:
    pairs = [a for a in answers if a["left"].strip()]
    problems = [
        _("Pasangan %(n)d: sisi kanan wajib diisi.", n=n)
        for n, a in enumerate(answers, 1)
        if not a["right"].strip()
    ]
    problems += [
        _("Pasangan %(n)d: sisi kiri tidak boleh memuat '->'.", n=n)
        for n, a in enumerate(answers, 1)
        if ARROW in a["left"]
    ]
    if len(pairs) < 2:
        problems.append(_("Soal menjodohkan memerlukan paling sedikit 2 pasangan."))
    return problems


def _none(answers: Answers) -> list[str]:
    return [_("Soal jenis ini tidak memiliki jawaban.")] if answers else []


_ANSWER_RULES: dict[str, Callable[[Answers], list[str]]] = {
    "multichoice": _multichoice,
    "multiresponse": _multiresponse,
    "truefalse": _truefalse,
    "shortanswer": _shortanswer,
    "numerical": _numerical,
    "matching": _matching,
    "essay": _none,
    "description": _none,
}
