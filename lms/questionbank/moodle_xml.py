"""Read Moodle XML question files (https://docs.moodle.org/en/Moodle_XML_format) as question dicts.

The result has the shape of gift.question_to_dict, with "competency" still unset: the caller
decides it from the category path. Unreadable questions become problems naming the question's
number in the file (categories are not counted: "soal ke-3" is the third real question).

Files a text embeds (base64 <file> elements, or the old <image>/<image_base64> pair) come with
the question: each link @@PLUGINFILE@@/<path><name> becomes @@PLUGINFILE@@/<digest>/<name>,
which names one file of XmlQuestion.files, until the import stores the file and links to it.
"""

import base64
import binascii
import hashlib
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, unquote

from flask_babel import gettext as _

from lms.html import render_text, strip_tags
from lms.images import ImageRefused, image_extension
from lms.questions.numbers import parse_number

# Moodle's text formats and the GIFT format that means the same.
FORMATS = {
    "html": "html",
    "moodle_auto_format": "moodle",
    "plain_text": "plain",
    "markdown": "markdown",
}
# A question's text parts default to its own format (Moodle's import_text_with_files), and the
# question text to Moodle's auto-format.
DEFAULT_FORMAT = "moodle_auto_format"
PLUGINFILE = "@@PLUGINFILE@@"
_LINK = re.compile(re.escape(PLUGINFILE) + r"(/[^\s\"'<>()]*)")
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
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)  # link -> (name, data)


@dataclass
class _Parts:
    """The texts of one question with their formats, unified into one format at the end."""

    default: str = DEFAULT_FORMAT
    parts: list[tuple[dict[str, Any], str, str]] = field(default_factory=list)
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)

    def add(self, target: dict[str, Any], key: str, element: ET.Element | None):
        fmt = (
            FORMATS.get(element.get("format", self.default), "html") if element is not None else ""
        )
        target[key] = self.link_files(_text(element), element)
        if target[key]:
            self.parts.append((target, key, fmt))

    def link_files(self, text: str, element: ET.Element | None) -> str:
        """Point the text's links at the files its element embeds, refusing what is no image."""
        embedded = _embedded(element) if element is not None else {}

        def relink(match: re.Match) -> str:
            path = unquote(match[1])
            if path not in embedded:
                raise _Unreadable(_("berkas '%(name)s' tidak ada di dalam XML.", name=path[1:]))
            name, data = embedded[path]
            link = f"{PLUGINFILE}/{hashlib.sha256(data).hexdigest()[:16]}/{quote(name)}"
            self.files[link] = (name, data)
            return link

        return _LINK.sub(relink, text)

    def unify(self, preferred: str) -> str:
        """One format for the question: its text's, or HTML when the parts differ."""
        formats = {fmt for _, _, fmt in self.parts}
        if formats <= {preferred}:
            return preferred
        for target, key, fmt in self.parts:
            if fmt != "html":
                target[key] = str(render_text(target[key], fmt)).strip()
        return "html"


def _embedded(element: ET.Element) -> dict[str, tuple[str, bytes]]:
    """The element's <file> children by their path and name, checked as lesson images are."""
    found = {}
    for item in element.findall("file"):
        name = item.get("name", "")
        path = item.get("path", "/") or "/"
        try:
            data = base64.b64decode(item.text or "", validate=True)
        except (binascii.Error, ValueError):
            raise _Unreadable(_("berkas '%(name)s' bukan base64 yang sah.", name=name)) from None
        try:
            image_extension(data)
        except ImageRefused as refusal:
            raise _Unreadable(f"{name}: {refusal}") from None
        found[path + name] = (name, data)
    return found


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
            question, files = _read(element, reader)
            questions.append(XmlQuestion(index, question, category, files))
        except _Unreadable as fail:
            problems.append(XmlProblem(None, index, str(fail)))
    return questions, problems


def _text(element: ET.Element | None) -> str:
    if element is None:
        return ""
    inner = element.find("text")
    return (inner.text or "").strip() if inner is not None else ""


def _fraction(element: ET.Element) -> float:
    raw = element.get("fraction", "0")
    number = parse_number(raw)
    if number is None:
        raise _Unreadable(_("nilai fraction '%(raw)s' bukan angka.", raw=raw))
    return round(number / 100, 7)


Reader = Callable[[ET.Element, _Parts], tuple[str, list[dict[str, Any]]]]


def _read(element: ET.Element, reader: Reader) -> tuple[dict[str, Any], dict]:
    text = element.find("questiontext")
    own = text.get("format", DEFAULT_FORMAT) if text is not None else DEFAULT_FORMAT
    parts = _Parts(default=own if own in FORMATS else "html")
    # Moodle cleans a name as its editing form does: no tags.
    q: dict[str, Any] = {"title": strip_tags(_text(element.find("name"))), "competency": None}
    parts.add(q, "text", text)
    q["text"] += _old_image(element, parts)
    q["type"], q["answers"] = reader(element, parts)
    parts.add(q, "general_feedback", element.find("generalfeedback"))
    if q["type"] == "shortanswer":
        q["case_sensitive"] = (element.findtext("usecase") or "0").strip() not in ("", "0")
    q["format"] = parts.unify(FORMATS[parts.default])
    return q, parts.files


def _old_image(element: ET.Element, parts: _Parts) -> str:
    """The image of an old export (<image> and <image_base64>), as Moodle appends it."""
    name, data = element.findtext("image"), element.findtext("image_base64")
    if not (name and name.strip() and data and data.strip()):
        return ""
    holder = ET.Element("questiontext")
    file = ET.SubElement(holder, "file", name=name.strip().rsplit("/", 1)[-1], path="/")
    file.text = data
    return " " + parts.link_files(f'<img src="{PLUGINFILE}/{quote(file.get("name"))}" />', holder)


def _feedback(answer: dict[str, Any], element: ET.Element, parts: _Parts) -> None:
    parts.add(answer, "feedback", element.find("feedback"))


def _choice(element: ET.Element, parts: _Parts) -> tuple[str, list[dict[str, Any]]]:
    answers = []
    for item in element.findall("answer"):
        answer = {"fraction": _fraction(item)}
        parts.add(answer, "text", item)
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
        parts.add(answer, "left", item)
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
