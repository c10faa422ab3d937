"""Read Moodle XML question files (https://docs.moodle.org/en/Moodle_XML_format) as question dicts.

The result has the shape of gift.question_to_dict, with "competency" still unset: the caller
decides it from the category path. Unreadable questions become problems naming the question's
number in the file (categories are not counted: "soal ke-3" is the third real question).
"""

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape
from typing import Any

from flask_babel import gettext as _

from lms.html import render_markdown
from lms.questions.numbers import parse_number

# Moodle's text formats and the GIFT format that means the same.
FORMATS = {
    "html": "html",
    "moodle_auto_format": "moodle",
    "plain_text": "plain",
    "markdown": "markdown",
}
# ElementTree fetches no external entities, but it would expand nested internal ones without
# limit ("billion laughs"); Moodle never writes a DTD, so a file with one is refused outright.
_DTD = re.compile(r"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


@dataclass(frozen=True)
class XmlProblem:
    line: int | None  # a syntax error's line
    index: int | None  # the question's number in the file
    message: str


@dataclass
class XmlQuestion:
    index: int
    question: dict[str, Any]
    category: str | None


@dataclass
class _Parts:
    """The texts of one question with their formats, unified into one format at the end."""

    parts: list[tuple[dict[str, Any], str, str]] = field(default_factory=list)

    def add(self, target: dict[str, Any], key: str, element: ET.Element | None, default: str):
        fmt = FORMATS.get(element.get("format", default), "html") if element is not None else ""
        target[key] = _text(element)
        if target[key]:
            self.parts.append((target, key, fmt))

    def unify(self, preferred: str) -> str:
        """One format for the question: its text's, or HTML when the parts differ."""
        formats = {fmt for _, _, fmt in self.parts}
        if formats <= {preferred}:
            return preferred
        for target, key, fmt in self.parts:
            target[key] = _as_html(target[key], fmt)
        return "html"


class _Unreadable(Exception):
    pass


def parse_moodle_xml(text: str) -> tuple[list[XmlQuestion], list[XmlProblem]]:
    if _DTD.search(text):
        message = _(
            "Berkas XML yang memuat <!DOCTYPE> atau <!ENTITY> tidak diterima. Ekspor ulang "
            "dari Moodle tanpa mengubahnya."
        )
        return [], [XmlProblem(None, None, message)]
    try:
        root = ET.fromstring(text)
    except ET.ParseError as error:
        message = _("XML tidak valid: %(error)s", error=str(error))
        return [], [XmlProblem(error.position[0], None, message)]
    if root.tag != "quiz":
        message = _("Ini bukan berkas soal Moodle XML: elemen utamanya harus <quiz>.")
        return [], [XmlProblem(None, None, message)]
    return _questions(root)


def _questions(root: ET.Element) -> tuple[list[XmlQuestion], list[XmlProblem]]:
    questions: list[XmlQuestion] = []
    problems: list[XmlProblem] = []
    category, index = None, 0
    for element in root.findall("question"):
        kind = element.get("type", "")
        if kind == "category":
            category = _text(element.find("category")) or None
            continue
        index += 1
        reader = _READERS.get(kind)
        if reader is None:
            message = _(
                "jenis soal '%(kind)s' tidak didukung (yang didukung: %(kinds)s).",
                kind=kind,
                kinds=", ".join(_READERS),
            )
            problems.append(XmlProblem(None, index, message))
            continue
        try:
            questions.append(XmlQuestion(index, _read(element, reader), category))
        except _Unreadable as fail:
            problems.append(XmlProblem(None, index, str(fail)))
    return questions, problems


def _text(element: ET.Element | None) -> str:
    if element is None:
        return ""
    inner = element.find("text")
    return (inner.text or "").strip() if inner is not None else ""


def _as_html(text: str, fmt: str) -> str:
    if fmt == "html":
        return text
    if fmt == "plain":
        return "<br>\n".join(escape(line) for line in text.split("\n"))
    return str(render_markdown(text)).strip()


def _fraction(element: ET.Element) -> float:
    raw = element.get("fraction", "0")
    number = parse_number(raw)
    if number is None:
        raise _Unreadable(_("nilai fraction '%(raw)s' bukan angka.", raw=raw))
    return round(number / 100, 7)


Reader = Callable[[ET.Element, _Parts], tuple[str, list[dict[str, Any]]]]


def _read(element: ET.Element, reader: Reader) -> dict[str, Any]:
    parts = _Parts()
    q: dict[str, Any] = {"title": _text(element.find("name")), "competency": None}
    text = element.find("questiontext")
    parts.add(q, "text", text, "html")
    q["type"], q["answers"] = reader(element, parts)
    q["general_feedback"] = ""  # a description has no place for it in GIFT
    if q["type"] != "description":
        parts.add(q, "general_feedback", element.find("generalfeedback"), "html")
    preferred = FORMATS.get(text.get("format", "html"), "html") if text is not None else "html"
    q["format"] = parts.unify(preferred)
    return q


def _feedback(answer: dict[str, Any], element: ET.Element, parts: _Parts) -> None:
    parts.add(answer, "feedback", element.find("feedback"), "html")


def _choice(element: ET.Element, parts: _Parts) -> tuple[str, list[dict[str, Any]]]:
    answers = []
    for item in element.findall("answer"):
        answer = {"fraction": _fraction(item)}
        parts.add(answer, "text", item, "html")
        _feedback(answer, item, parts)
        answers.append(answer)
    single = (element.findtext("single") or "true").strip().lower() in ("true", "1")
    return ("multichoice" if single else "multiresponse"), answers


def _truefalse(element: ET.Element, parts: _Parts) -> tuple[str, list[dict[str, Any]]]:
    found: dict[str, dict[str, Any]] = {}
    for item in element.findall("answer"):
        name = _text(item).lower()
        if name not in ("true", "false"):
            raise _Unreadable(_("jawaban benar/salah harus 'true' atau 'false'."))
        found[name] = {"text": name, "fraction": 1.0 if _fraction(item) > 0 else 0.0}
        _feedback(found[name], item, parts)
    if sorted(found) != ["false", "true"]:
        raise _Unreadable(_("soal benar/salah memerlukan jawaban 'true' dan 'false'."))
    return "truefalse", [found["true"], found["false"]]


def _shortanswer(element: ET.Element, parts: _Parts) -> tuple[str, list[dict[str, Any]]]:
    answers = []
    for item in element.findall("answer"):
        # The accepted text is compared with what learners type: it is never reformatted.
        answer = {"text": _text(item), "fraction": _fraction(item)}
        _feedback(answer, item, parts)
        answers.append(answer)
    return "shortanswer", answers


def _numerical(element: ET.Element, parts: _Parts) -> tuple[str, list[dict[str, Any]]]:
    answers = []
    for item in element.findall("answer"):
        raw, fraction = _text(item), _fraction(item)
        answer = {"value": None, "tolerance": None, "min": None, "max": None, "fraction": fraction}
        if raw != "*":
            answer["value"] = parse_number(raw)
            answer["tolerance"] = parse_number(item.findtext("tolerance") or "0")
            if answer["value"] is None or answer["tolerance"] is None:
                raise _Unreadable(_("jawaban numerik '%(raw)s' bukan angka.", raw=raw))
        elif fraction:
            raise _Unreadable(_("jawaban '*' (jawaban lain) harus bernilai 0%."))
        _feedback(answer, item, parts)
        answers.append(answer)
    return "numerical", answers


def _matching(element: ET.Element, parts: _Parts) -> tuple[str, list[dict[str, Any]]]:
    answers = []
    for item in element.findall("subquestion"):
        answer = {"right": _text(item.find("answer")), "feedback": ""}
        parts.add(answer, "left", item, "html")
        # An empty left side is Moodle's way to add a distractor, as in GIFT.
        answer["fraction"] = 1.0 if answer["left"] else 0.0
        answers.append(answer)
    return "matching", answers


def _no_answers(kind: str) -> Reader:
    return lambda element, parts: (kind, [])


_READERS: dict[str, Reader] = {
    "multichoice": _choice,
    "truefalse": _truefalse,
    "shortanswer": _shortanswer,
    "numerical": _numerical,
    "matching": _matching,
    "essay": _no_answers("essay"),
    "description": _no_answers("description"),
}
