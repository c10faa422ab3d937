"""Read Moodle's GIFT question format (https://docs.moodle.org/en/GIFT_format)."""

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

from .numbers import parse_number
from .weights import moodle_fraction, moodle_percentages

FORMATS = ("moodle", "html", "plain", "markdown")
DEFAULT_FORMAT = "moodle"
BLANK = "_____"
# Kinds whose answers fit in the blank of a missing-word sentence; the writer puts their answer
# block there. Other kinds may have a blank too (Moodle accepts it for every kind): it stays text.
MISSING_WORD_TYPES = frozenset({"multichoice", "multiresponse", "shortanswer", "numerical"})
TRUE_FALSE = frozenset({"T", "TRUE", "F", "FALSE"})

# Escaped characters become Unicode noncharacters while parsing, so they never act as syntax.
_PLACEHOLDERS = {c: chr(0xFDD0 + i) for i, c in enumerate("\\:#={}~n")}
_UNESCAPE = str.maketrans({p: "\n" if c == "n" else c for c, p in _PLACEHOLDERS.items()})
_DROP_PLACEHOLDERS = str.maketrans(dict.fromkeys(_PLACEHOLDERS.values()))
_ESCAPE_RE = re.compile(r"\\([\\:#={}~n])")
_FORMAT_RE = re.compile(r"\[(moodle|html|plain|markdown)\]")
_WEIGHT_RE = re.compile(r"%([^%]*)%")
# Moodle's question tags in a comment line of the question: `// [tag:form-A]`. The tags
# form-A and form-B pin a question to that parallel test form (lms.questions.plan).
_TAG_RE = re.compile(r"\[tag:([^\]]+)\]")
PIN_TAGS = {"form-a": "A", "form-b": "B"}


@dataclass
class Answer:
    text: str = ""
    fraction: float = 0.0
    feedback: str = ""
    value: float | None = None
    tolerance: float | None = None
    min: float | None = None
    max: float | None = None
    left: str = ""
    right: str = ""


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


class _UnreadableError(Exception):
    """A question cannot be read; offset points into the block text."""

    def __init__(self, offset: int, message: str | LazyString) -> None:
        super().__init__(str(message))
        self.offset = offset
        self.message = message


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
            category = _clean(text.removeprefix("$CATEGORY:")) or None
            continue
        try:
            question = _parse_block(text, block.numbers[0], category)
            question.form = _pin(block.tags)
            questions.append(question)
        except _UnreadableError as fail:
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
    source = source.removeprefix("\ufeff").translate(_DROP_PLACEHOLDERS)
    block = _Block()
    for number, raw in enumerate(re.split(r"\r\n|\r|\n", source), start=1):
        line = raw.strip()  # Moodle trims every line, so indentation never turns into code blocks
        if line.startswith("//"):
            block.tags.extend(_TAG_RE.findall(line))
            continue
        if not line or line.startswith("$CATEGORY:"):
            if block.lines:
                yield block
            block = _Block()
        if line:
            block.lines.append(_ESCAPE_RE.sub(lambda m: _PLACEHOLDERS[m[1]], line))
            block.numbers.append(number)
        if line.startswith("$CATEGORY:"):
            yield block
            block = _Block()
    if block.lines:
        yield block


def _clean(text: str) -> str:
    return text.translate(_UNESCAPE).strip()


def _with_format(text: str, default: str) -> tuple[str, str]:
    """Split an optional [format] prefix from a text and resolve its escapes."""
    text = text.strip()
    match = _FORMAT_RE.match(text)
    if match:
        return match[1], _clean(text[match.end() :])
    return default, _clean(text)


def _parse_block(text: str, line: int, category: str | None) -> Question:
    pos, title = 0, ""
    if text.startswith("::"):
        end = text.find("::", 2)
        if end < 0:
            raise _UnreadableError(0, _l("judul tidak ditutup dengan '::'"))
        title, pos = _clean(text[2:end]), end + 2
    opening, closing = _answer_block(text, pos)
    if opening < 0:
        fmt, body = _with_format(text[pos:], DEFAULT_FORMAT)
        return Question("description", title, body, fmt, category, [], "", line)
    after = text[closing + 1 :]
    stem = text[pos:opening] + (BLANK + after if after.strip() else "")
    fmt, body = _with_format(stem, DEFAULT_FORMAT)
    inner, general = text[opening + 1 : closing], ""
    split = inner.rfind("####")
    if split >= 0:
        inner, general = inner[:split], _with_format(inner[split + 4 :], fmt)[1]
    kind, answers = _read_answers(inner, opening + 1, fmt)
    return Question(kind, title, body, fmt, category, answers, general, line)


def _answer_block(text: str, pos: int) -> tuple[int, int]:
    """Find the one {...} answer block; (-1, -1) when there is none."""
    opening, closing = text.find("{", pos), text.find("}", pos)
    if opening < 0 and closing < 0:
        return -1, -1
    if opening < 0 or 0 <= closing < opening:
        raise _UnreadableError(closing, _l("'}' tanpa '{' (tulis \\} untuk kurung kurawal biasa)"))
    if closing < 0:
        raise _UnreadableError(opening, _l("'{' tidak pernah ditutup dengan '}'"))
    nested = text.find("{", opening + 1, closing)
    if nested >= 0:
        raise _UnreadableError(
            nested, _l("'{' di dalam blok jawaban (tulis \\{ untuk kurung kurawal biasa)")
        )
    extra = [i for i in (text.find("{", closing), text.find("}", closing + 1)) if i >= 0]
    if extra:
        raise _UnreadableError(
            min(extra), _l("satu soal hanya boleh memuat satu blok jawaban {...}")
        )
    return opening, closing


def _read_answers(inner: str, base: int, fmt: str) -> tuple[str, list[Answer]]:
    """Tell the question type from the answer block, as Moodle does, and read its answers."""
    body = inner.strip()
    if not body:
        return "essay", []
    if body.startswith("#"):
        return "numerical", _numerical(inner, base, fmt)
    if "~" in body:
        return _choice(inner, base, fmt)
    # Only an arrow before any '#': "=JP#see A -> B" stays a short answer with feedback.
    if any("->" in seg.split("#", 1)[0] for _, seg, _ in _segments(inner, base, "=", lax=True)):
        return "matching", _matching(inner, base, fmt)
    if body.split("#", 1)[0].strip().upper() in TRUE_FALSE:
        return "truefalse", _truefalse(body, fmt)
    if "=" in body:
        return "shortanswer", _short_answer(inner, base, fmt)
    lead = base + len(inner) - len(inner.lstrip())
    raise _UnreadableError(
        lead,
        _l("tidak ada jawaban: awali dengan '=' atau '~', atau tulis T, F, #angka, atau a -> b"),
    )


def _segments(inner: str, base: int, markers: str, lax: bool = False) -> list[tuple[str, str, int]]:
    """Cut an answer block at its markers into (marker, text, offset) parts."""
    found = [i for i, ch in enumerate(inner) if ch in markers]
    lead = inner[: found[0] if found else len(inner)]
    if lead.strip() and not lax:
        offset = base + len(lead) - len(lead.lstrip())
        raise _UnreadableError(
            offset,
            _l(
                "teks '%(text)s' sebelum penanda jawaban pertama (%(markers)s)",
                text=_clean(lead)[:30],
                markers=markers,
            ),
        )
    ends = [*found[1:], len(inner)] if found else []
    return [(inner[i], inner[i + 1 : end], base + i) for i, end in zip(found, ends, strict=True)]


def _weight(text: str, offset: int, default: float, lowest: float) -> tuple[float, str]:
    """Read an optional %weight% prefix; return the fraction and the rest of the answer."""
    stripped = text.lstrip()
    match = _WEIGHT_RE.match(stripped)
    if not match:
        return default, text
    number = parse_number(match[1])
    fraction = moodle_fraction(round(number / 100, 7), lowest) if number is not None else None
    if fraction is None:
        message = (
            _l("bobot %%%(weight)s%% tidak diterima Moodle; pilih %(allowed)s, atau negatifnya")
            if lowest < 0
            else _l("bobot %%%(weight)s%% tidak diterima Moodle; pilih %(allowed)s")
        )
        raise _UnreadableError(
            offset, message % {"weight": match[1], "allowed": moodle_percentages()}
        )
    return fraction, stripped[match.end() :]


def _text_and_feedback(text: str, fmt: str) -> tuple[str, str]:
    head, _, feedback = text.partition("#")
    return _with_format(head, fmt)[1], _with_format(feedback, fmt)[1]


def _choice(inner: str, base: int, fmt: str) -> tuple[str, list[Answer]]:
    answers: list[Answer] = []
    segments = _segments(inner, base, "=~")
    for marker, text, offset in segments:
        fraction, rest = _weight(text, offset, 1.0 if marker == "=" else 0.0, -1.0)
        answer, feedback = _text_and_feedback(rest, fmt)
        if not answer:
            raise _UnreadableError(offset, _l("jawaban kosong setelah '%(marker)s'", marker=marker))
        answers.append(Answer(answer, fraction, feedback))
    if len(answers) < 2:
        raise _UnreadableError(base, _l("soal pilihan memerlukan paling sedikit 2 jawaban"))
    # Moodle's rule: without any '=' answer the learner may tick several answers. Positive
    # weights that do not add up to 100% only earn a warning there (rules.warnings).
    if any(marker == "=" for marker, _, _ in segments):
        _require_full_marks(answers, base)
        return "multichoice", answers
    return "multiresponse", answers


def _require_full_marks(answers: list[Answer], base: int) -> None:
    if max(a.fraction for a in answers) < 1:
        raise _UnreadableError(base, _l("tidak ada jawaban yang bernilai 100%"))


def _truefalse(body: str, fmt: str) -> list[Answer]:
    head, *feedbacks = body.split("#", 2)
    wrong, right = (_with_format(f, fmt)[1] for f in [*feedbacks, "", ""][:2])
    is_true = head.strip().upper().startswith("T")
    return [
        Answer("true", 1.0 if is_true else 0.0, right if is_true else wrong),
        Answer("false", 0.0 if is_true else 1.0, wrong if is_true else right),
    ]


def _short_answer(inner: str, base: int, fmt: str) -> list[Answer]:
    answers: list[Answer] = []
    for _, text, offset in _segments(inner, base, "="):
        fraction, rest = _weight(text, offset, 1.0, 0.0)
        answer, feedback = _text_and_feedback(rest, fmt)
        if not answer:
            raise _UnreadableError(offset, _l("jawaban kosong setelah '%(marker)s'", marker="="))
        answers.append(Answer(answer, fraction, feedback))
    _require_full_marks(answers, base)
    return answers


def _matching(inner: str, base: int, fmt: str) -> list[Answer]:
    answers: list[Answer] = []
    for _, text, offset in _segments(inner, base, "="):
        left, arrow, right = text.partition("->")
        if not arrow:
            raise _UnreadableError(
                offset, _l("pasangan menjodohkan '%(text)s' tanpa '->'", text=_clean(text)[:30])
            )
        if not _clean(right):
            raise _UnreadableError(offset, _l("pasangan menjodohkan tanpa isi setelah '->'"))
        left = _with_format(left, fmt)[1]
        # An empty left side is Moodle's way to add a distractor to the right-hand choices.
        answers.append(Answer(fraction=1.0 if left else 0.0, left=left, right=_clean(right)))
    if sum(1 for a in answers if a.left) < 2:
        raise _UnreadableError(base, _l("soal menjodohkan memerlukan paling sedikit 2 pasangan"))
    return answers


def _numerical(inner: str, base: int, fmt: str) -> list[Answer]:
    start = inner.index("#") + 1
    body, catch_all = inner[start:], None
    tilde = body.find("~")
    if tilde >= 0:
        head, _, feedback = body[tilde + 1 :].partition("#")
        if head.strip():
            raise _UnreadableError(
                base + start + tilde,
                _l("pada soal numerik, '~' hanya boleh diikuti '#umpan balik'"),
            )
        catch_all = Answer(feedback=_with_format(feedback, fmt)[1])
        body = body[:tilde]
    if "=" in body:
        segments = _segments(body, base + start, "=")
    elif body.strip():
        segments = [("=", body, base + start)]
    else:
        raise _UnreadableError(base, _l("soal numerik tanpa angka"))
    answers = [_numeric_answer(text, offset, fmt) for _, text, offset in segments]
    _require_full_marks(answers, base)
    return answers + ([catch_all] if catch_all else [])


def _numeric_answer(text: str, offset: int, fmt: str) -> Answer:
    fraction, rest = _weight(text, offset, 1.0, 0.0)
    spec, feedback = _text_and_feedback(rest, fmt)
    answer = Answer(fraction=fraction, feedback=feedback)
    if ".." in spec:
        low, high = (parse_number(part) for part in spec.split("..", 1))
        if low is None or high is None:
            raise _UnreadableError(
                offset, _l("rentang '%(spec)s' harus berupa dua angka: min..maks", spec=spec)
            )
        if low > high:
            raise _UnreadableError(
                offset, _l("nilai minimum rentang '%(spec)s' melebihi maksimumnya", spec=spec)
            )
        answer.min, answer.max = low, high
        return answer
    value, _, tolerance = spec.partition(":")
    answer.value, answer.tolerance = parse_number(value), parse_number(tolerance or "0")
    if answer.value is None:
        raise _UnreadableError(offset, _l("'%(value)s' bukan angka", value=value.strip()))
    if answer.tolerance is None or answer.tolerance < 0:
        raise _UnreadableError(
            offset,
            _l(
                "toleransi '%(tolerance)s' harus berupa angka, 0 atau lebih",
                tolerance=tolerance.strip(),
            ),
        )
    return answer
