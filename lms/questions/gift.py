"""Read Moodle's GIFT question format (https://docs.moodle.org/en/GIFT_format).

gift_syntax.py holds the character level (escapes, [format] prefixes), gift_answers.py the
answer block; this module splits a file into questions and gives each its text and kind.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from flask_babel import lazy_gettext as _l

from lms.html import render_text

from .gift_answers import Answer, read_answers
from .gift_syntax import (
    DEFAULT_FORMAT,
    DROP_PLACEHOLDERS,
    ESCAPE_RE,
    FORMATS,
    PLACEHOLDERS,
    UnreadableError,
    clean,
    with_format,
)

__all__ = ["FORMATS", "Answer", "Question", "parse_gift", "question_to_dict"]

BLANK = "_____"
# Kinds whose answers fit in the blank of a missing-word sentence; the writer puts their answer
# block there. Other kinds may have a blank too (Moodle accepts it for every kind): it stays text.
MISSING_WORD_TYPES = frozenset({"multichoice", "multiresponse", "shortanswer", "numerical"})

# Moodle's question tags in a comment line of the question: `// [tag:form-A]`. The tags
# form-A and form-B pin a question to that parallel test form (lms.questions.plan).
_TAG_RE = re.compile(r"\[tag:([^\]]+)\]")
PIN_TAGS = {"form-a": "A", "form-b": "B"}
# Moodle trims every line of a file, so indentation never turns into a Markdown code block;
# Bina keeps it inside <pre>, where it is the content (Moodle's test_import_pre_content).
_PRE_TAG = re.compile(r"<(/?)pre\b", re.IGNORECASE)


@dataclass
class Question:
    type: str
    title: str
    text: str
    text_format: str
    category: str | None
    answers: list[Answer] = field(default_factory=list)
    general_feedback: str = ""
    line: int = 0
    form: str | None = None  # "A" or "B" when pinned to that test form


@dataclass(frozen=True)
class GiftError:
    line: int
    message: str


@dataclass
class _Block:
    lines: list[str] = field(default_factory=list)
    numbers: list[int] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)  # from its comment lines

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def line_at(self, offset: int) -> int:
        return self.numbers[self.text.count("\n", 0, max(offset, 0))]


def parse_gift(source: str) -> tuple[list[Question], list[GiftError]]:
    """Read every question of a GIFT file; unreadable ones become errors naming their line."""
    questions: list[Question] = []
    errors: list[GiftError] = []
    category: str | None = None
    for block in _blocks(source):
        text = block.text
        if text.startswith("$CATEGORY:"):
            category = clean(text.removeprefix("$CATEGORY:")) or None
            continue
        try:
            question = _parse_block(text, block.numbers[0], category)
            question.form = _pin(block.tags)
            questions.append(question)
        except UnreadableError as fail:
            errors.append(GiftError(block.line_at(fail.offset), str(fail.message)))
    return questions, errors


def _pin(tags: list[str]) -> str | None:
    """The one form the question's tags pin it to; None for none, or for both."""
    forms = {PIN_TAGS[tag] for tag in (t.strip().lower() for t in tags) if tag in PIN_TAGS}
    return forms.pop() if len(forms) == 1 else None


def category_code(category: str | None) -> str | None:
    """Return the last segment of a category path: the competency code by our convention."""
    segment = (category or "").strip().rstrip("/").rsplit("/", 1)[-1].strip()
    return segment or None


def question_to_dict(q: Question, competency: str | None) -> dict[str, Any]:
    d = {"form": q.form} if q.form else {}
    d |= {
        "type": q.type,
        "title": q.title,
        "text": q.text,
        "format": q.text_format,
        "competency": competency,
        "answers": [_answer_dict(q.type, a) for a in q.answers],
        "general_feedback": q.general_feedback,
    }
    return d | _QUESTION_FIELDS.get(q.type, {})


# Fields a kind has that GIFT cannot write: case sensitivity only Moodle XML's <usecase> can set.
_QUESTION_FIELDS: dict[str, dict[str, Any]] = {"shortanswer": {"case_sensitive": False}}
# The answer fields of the kinds whose GIFT answers are not texts.
_ANSWER_FIELDS = {
    "numerical": ("value", "tolerance", "min", "max", "fraction", "feedback"),
    "matching": ("left", "right", "fraction", "feedback"),
}


def _answer_dict(kind: str, a: Answer) -> dict[str, Any]:
    keys = _ANSWER_FIELDS.get(kind, ("text", "fraction", "feedback"))
    return {key: getattr(a, key) for key in keys}


def _blocks(source: str) -> Iterator[_Block]:
    """Split the file into blank-line separated blocks; a $CATEGORY line is a block of its own."""
    source = source.removeprefix("\ufeff").translate(DROP_PLACEHOLDERS)
    block, in_pre = _Block(), False
    for number, raw in enumerate(re.split(r"\r\n|\r|\n", source), start=1):
        line = raw.strip()
        if line.startswith("//"):
            block.tags.extend(_TAG_RE.findall(line))
            continue
        if not line or line.startswith("$CATEGORY:"):
            if block.lines:
                yield block
            block, in_pre = _Block(), False
        if line:
            kept = raw.rstrip() if in_pre else line
            block.lines.append(ESCAPE_RE.sub(lambda m: PLACEHOLDERS[m[1]], kept))
            block.numbers.append(number)
            tags = _PRE_TAG.findall(line)
            in_pre = tags[-1] == "" if tags else in_pre
        if line.startswith("$CATEGORY:"):
            yield block
            block, in_pre = _Block(), False
    if block.lines:
        yield block


def _parse_block(text: str, line: int, category: str | None) -> Question:
    pos, title = 0, ""
    if text.startswith("::"):
        end = text.find("::", 2)
        if end < 0:
            raise UnreadableError(0, _l("judul tidak ditutup dengan '::'"))
        title, pos = clean(text[2:end]), end + 2
    opening, closing = _answer_block(text, pos)
    if opening < 0:
        fmt, body = with_format(text[pos:], DEFAULT_FORMAT)
        return Question("description", title, body, fmt, category, [], "", line)
    after = text[closing + 1 :]
    stem = text[pos:opening] + (BLANK + after if after.strip() else "")
    fmt, body = with_format(stem, DEFAULT_FORMAT)
    inner, general = text[opening + 1 : closing], Answer()
    split = inner.rfind("####")
    if split >= 0:
        inner = inner[:split]
        general.set_part("feedback", text[opening + 1 : closing][split + 4 :], fmt)
    kind, answers = read_answers(inner, opening + 1, fmt)
    question = Question(kind, title, body, fmt, category, answers, general.feedback, line)
    _one_format(question, general.formats.get("feedback", fmt))
    return question


# The answer parts that are formatted texts; a short answer's text is compared, not shown.
_FORMATTED = {"multichoice": ("text", "feedback"), "multiresponse": ("text", "feedback")}
_FORMATTED |= {"matching": ("left",)}


def _one_format(q: Question, general_format: str) -> None:
    """Moodle keeps a format per text, Bina one per question. A part whose own [format] would
    show it otherwise than the question's does turns the question into HTML, each text
    rendered in its own format as Moodle's format_text does; other prefixes just go."""
    keys = _FORMATTED.get(q.type, ("feedback",))
    parts = [(a, key, a.formats.get(key, q.text_format)) for a in q.answers for key in keys]

    def shown(text: str, fmt: str) -> str:
        return str(render_text(text, fmt)).strip()

    general = (q.general_feedback, general_format)
    if all(
        fmt == q.text_format or shown(text, fmt) == shown(text, q.text_format)
        for text, fmt in [general] + [(getattr(a, key), fmt) for a, key, fmt in parts]
    ):
        return
    for answer, key, fmt in parts:
        setattr(answer, key, shown(getattr(answer, key), fmt))
    q.general_feedback = shown(*general)
    q.text, q.text_format = shown(q.text, q.text_format), "html"


def _answer_block(text: str, pos: int) -> tuple[int, int]:
    """Find the one {...} answer block; (-1, -1) when there is none."""
    opening, closing = text.find("{", pos), text.find("}", pos)
    if opening < 0 and closing < 0:
        return -1, -1
    if opening < 0 or 0 <= closing < opening:
        raise UnreadableError(closing, _l("'}' tanpa '{' (tulis \\} untuk kurung kurawal biasa)"))
    if closing < 0:
        raise UnreadableError(opening, _l("'{' tidak pernah ditutup dengan '}'"))
    nested = text.find("{", opening + 1, closing)
    if nested >= 0:
        raise UnreadableError(
            nested, _l("'{' di dalam blok jawaban (tulis \\{ untuk kurung kurawal biasa)")
        )
    extra = [i for i in (text.find("{", closing), text.find("}", closing + 1)) if i >= 0]
    if extra:
        raise UnreadableError(
            min(extra), _l("satu soal hanya boleh memuat satu blok jawaban {...}")
        )
    return opening, closing
