"""What makes each kind's answers sound, in the rules of the GIFT parser.

Answers are those of a question dict (gift.question_to_dict) before their *_html keys are
added; each function returns the problems as messages for the trainer.
"""

from collections.abc import Sequence
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .weights import moodle_fraction, moodle_percentages

MAX_TITLE = 255
MAX_TEXT = 20_000
# Weights are fractions of full marks: choices may take marks away, other answers may not.
CHOICE_LOWEST, OTHER_LOWEST = -1.0, 0.0
ARROW = "->"

Answers = Sequence[dict[str, Any]]


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


def multichoice(answers: Answers) -> list[str]:
    if len(answers) < 2:
        return [_("Soal pilihan ganda memerlukan paling sedikit 2 pilihan jawaban.")]
    problems = _texts(answers) + _fraction_range(answers, CHOICE_LOWEST)
    if not problems and max(a["fraction"] for a in answers) < 1:
        problems.append(_("Tandai satu jawaban benar: harus ada pilihan yang bernilai 100%."))
    return problems


def multiresponse(answers: Answers) -> list[str]:
    if len(answers) < 2:
        return [_("Soal pilihan jamak memerlukan paling sedikit 2 pilihan jawaban.")]
    return _texts(answers) + _fraction_range(answers, CHOICE_LOWEST)


def truefalse(answers: Answers) -> list[str]:
    fractions = {a["text"]: a["fraction"] for a in answers}
    if sorted(fractions) != ["false", "true"] or sorted(fractions.values()) != [0.0, 1.0]:
        return [_("Pilih apakah pernyataan ini benar atau salah.")]
    return []


def shortanswer(answers: Answers) -> list[str]:
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


def numerical(answers: Answers) -> list[str]:
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


def matching(answers: Answers) -> list[str]:
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


def no_answers(answers: Answers) -> list[str]:
    return [_("Soal jenis ini tidak memiliki jawaban.")] if answers else []
