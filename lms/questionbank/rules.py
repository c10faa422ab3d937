"""What makes a bank question sound, however it arrives: a form, a GIFT file or Moodle XML.

Questions are dicts in the schema of `lms content check --json` (gift.question_to_dict), before
their *_html keys are added. The rules are those of the GIFT parser, so that every question in
a bank can be exported as GIFT and read back unchanged; each kind checks its own answers.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _

from lms.questions.checks import MAX_TEXT, MAX_TITLE
from lms.questions.gift import category_code, parse_gift, question_to_dict
from lms.questions.gift_writer import to_gift
from lms.questions.kinds import KINDS
from lms.questions.weights import weight_warning


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
        problems.append(Problem("text", _("Masukkan teks soal")))
    if len(q["text"]) > MAX_TEXT:
        problems.append(Problem("text", _("Teks soal paling panjang %(n)d karakter.", n=MAX_TEXT)))
    if len(q["title"]) > MAX_TITLE:
        problems.append(Problem("title", _("Judul paling panjang %(n)d karakter.", n=MAX_TITLE)))
    if q["competency"] not in codes:
        problems.append(Problem("competency", _("Pilih salah satu kompetensi modul ini.")))
    answers = KINDS[q["type"]].answer_problems(q["answers"])
    problems += [Problem("answers", message) for message in answers]
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
