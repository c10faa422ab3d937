"""Write question dicts as GIFT, so that parsing the result gives the same dicts back."""

import re
from collections.abc import Callable
from typing import Any

from .gift import BLANK, DEFAULT_FORMAT, MISSING_WORD_TYPES
from .numbers import format_number

_ESCAPES = str.maketrans(
    {"\\": "\\\\", "~": "\\~", "=": "\\=", "#": "\\#", "{": "\\{", "}": "\\}", ":": "\\:"}
    | {"\n": "\\n", "\r": ""}
)
_FORMAT_RE = re.compile(r"\[(moodle|html|plain|markdown)\]")

Answers = list[dict[str, Any]]


def to_gift(questions: list[dict[str, Any]]) -> str:
    """Write questions as GIFT, with a $CATEGORY line whenever the category changes."""
    chunks: list[str] = []
    category: str | None = None
    for q in questions:
        wanted = q.get("category") or q.get("competency") or None
        if wanted != category:
            chunks.append(f"$CATEGORY: {_escape(wanted or '')}")
            category = wanted
        chunks.append(_question(q))
    return "\n\n".join(chunks) + "\n"


def _escape(text: str) -> str:
    return text.translate(_ESCAPES)


def _part(text: str, fmt: str) -> str:
    """Escape an answer or feedback text, shielding a leading '[html]' that is really text."""
    prefix = f"[{fmt}]" if _FORMAT_RE.match(text) else ""
    return prefix + _escape(text)


def _stem(text: str, fmt: str) -> str:
    """Prefix the question text with its format, also when its start would read as syntax."""
    if fmt != DEFAULT_FORMAT or text.startswith(("[", "//", "$")):
        return f"[{fmt}]{text}"
    return text


def _question(q: dict[str, Any]) -> str:
    fmt = q.get("format") or DEFAULT_FORMAT
    title = f"::{_escape(q['title'])}::" if q.get("title") else ""
    if q.get("form"):
        title = f"// [tag:form-{q['form']}]\n{title}"
    kind, text = q["type"], q["text"]
    writer = _WRITERS[kind]
    if writer is None:  # no answer block at all
        return title + _stem(_escape(text), fmt)
    items = writer(q["answers"], fmt)
    if q.get("general_feedback"):
        items.append("####" + _part(q["general_feedback"], fmt))
    before, blank, after = text.partition(BLANK)
    if kind in MISSING_WORD_TYPES and blank and after.strip():
        block = "{" + " ".join(items) + "}"
        return title + _stem(_escape(before) + block + _escape(after), fmt)
    if len(items) > 1:
        block = "{" + "".join(f"\n\t{item}" for item in items) + "\n}"
    else:
        block = "{" + "".join(items) + "}"
    return title + _stem(_escape(text), fmt) + (" " if text else "") + block


def _weight(fraction: float) -> str:
    return f"%{format_number(round(fraction * 100, 5))}%"


def _feedback(answer: dict[str, Any], fmt: str) -> str:
    return "#" + _part(answer["feedback"], fmt) if answer.get("feedback") else ""


def _choice(answers: Answers, fmt: str, single: bool) -> list[str]:
    plain_right = [single and a["fraction"] == 1 for a in answers]
    if all(plain_right):
        # Only '=' answers would read back as a short answer: a choice needs one '~'.
        plain_right[1:] = [False] * (len(answers) - 1)
    items = []
    for answer, right in zip(answers, plain_right, strict=True):
        text = answer["text"]
        marker = "=" if right else "~"
        if (not right and answer["fraction"] != 0) or text.startswith("%"):
            marker += _weight(answer["fraction"])
        items.append(marker + _part(text, fmt) + _feedback(answer, fmt))
    return items


def _truefalse(answers: Answers, fmt: str) -> list[str]:
    true, false = (next(a for a in answers if a["text"] == name) for name in ("true", "false"))
    right, wrong = (true, false) if true["fraction"] > 0 else (false, true)
    item = "TRUE" if right is true else "FALSE"
    if wrong["feedback"] or right["feedback"]:
        item += "#" + _part(wrong["feedback"], fmt)
    if right["feedback"]:
        item += "#" + _part(right["feedback"], fmt)
    return [item]


def _short_answer(answers: Answers, fmt: str) -> list[str]:
    items = []
    for answer in answers:
        text = answer["text"]
        if "->" in text:
            raise ValueError(f"GIFT cannot hold '->' in a short answer: {text!r}")
        weight = _weight(answer["fraction"]) if answer["fraction"] != 1 or text[:1] == "%" else ""
        items.append("=" + weight + _part(text, fmt) + _feedback(answer, fmt))
    return items


def _numerical(answers: Answers, fmt: str) -> list[str]:
    items, catch_all = [], []
    for answer in answers:
        if answer.get("value") is None and answer.get("min") is None:
            catch_all.append("~" + _feedback(answer, fmt))
            continue
        weight = _weight(answer["fraction"]) if answer["fraction"] != 1 else ""
        items.append("=" + weight + _number_spec(answer) + _feedback(answer, fmt))
    if len(items) == 1 and not catch_all and not items[0].startswith("=%"):
        return ["#" + items[0][1:]]  # the short form: {#3.14:0.01}
    items += catch_all
    if items:
        items[0] = "#" + items[0]
    return items


def _number_spec(answer: dict[str, Any]) -> str:
    if answer.get("min") is not None:
        return f"{format_number(answer['min'])}..{format_number(answer['max'])}"
    tolerance = answer.get("tolerance") or 0
    return format_number(answer["value"]) + (f":{format_number(tolerance)}" if tolerance else "")


def _matching(answers: Answers, fmt: str) -> list[str]:
    items = []
    for answer in answers:
        if "->" in answer["left"]:
            raise ValueError(f"GIFT cannot hold '->' on the left of a pair: {answer['left']!r}")
        left = _part(answer["left"], fmt)
        items.append(f"={left} -> {_escape(answer['right'])}")
    return items


# Each kind's GIFT answer syntax; None writes no answer block.
_WRITERS: dict[str, Callable[[Answers, str], list[str]] | None] = {
    "multichoice": lambda answers, fmt: _choice(answers, fmt, single=True),
    "multiresponse": lambda answers, fmt: _choice(answers, fmt, single=False),
    "truefalse": _truefalse,
    "shortanswer": _short_answer,
    "numerical": _numerical,
    "matching": _matching,
    "essay": lambda answers, fmt: [],
    "description": None,
}
