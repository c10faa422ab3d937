"""GIFT text inside content files: parse it and report its problems at file lines."""

from collections.abc import Collection, Sequence

from flask_babel import gettext as _

from lms.questions.gift import Question, category_code, parse_gift
from lms.questions.kinds import KINDS
from lms.questions.weights import weight_warning

from .source import Problems

CATEGORY = "$CATEGORY:"


def is_gradeable(question: Question) -> bool:
    return KINDS[question.type].gradeable


def competency_of(question: Question, default: str | None) -> str | None:
    """A question's competency: its $CATEGORY code, else the module's first competency."""
    return category_code(question.category) or default


def parse_questions(
    text: str,
    first_line: int,
    shown: str,
    problems: Problems,
    known: Collection[str],
    module_codes: Sequence[str] | None,
) -> list[Question]:
    """Parse GIFT starting at `first_line` of a file; each question's .line becomes a file line."""
    questions, errors = parse_gift(text)
    offset = first_line - 1
    for error in errors:
        problems.add(shown, offset + error.line, _("soal GIFT: %(error)s", error=error.message))
    for question in questions:
        question.line += offset
        # Moodle only warns of this; a module's own questions must get it right.
        warning = weight_warning(question.type, [a.fraction for a in question.answers])
        if warning:
            problems.add(shown, question.line, _("soal GIFT: %(error)s", error=warning))
    _check_categories(text, offset, shown, problems, known, module_codes)
    return questions


def _check_categories(
    text: str,
    offset: int,
    shown: str,
    problems: Problems,
    known: Collection[str],
    module_codes: Sequence[str] | None,
) -> None:
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.strip()
        if not line.startswith(CATEGORY):
            continue
        code = category_code(line.removeprefix(CATEGORY))
        if code is None:
            problems.add(shown, offset + number, _("$CATEGORY tanpa kode kompetensi"))
        elif code not in known:
            problems.add(
                shown,
                offset + number,
                _("kompetensi '%(code)s' pada $CATEGORY tidak ada di competencies.yaml", code=code),
            )
        elif module_codes is not None and code not in module_codes:
            problems.add(
                shown,
                offset + number,
                _(
                    "kompetensi '%(code)s' pada $CATEGORY tidak tercantum di competencies "
                    "module.md",
                    code=code,
                ),
            )
