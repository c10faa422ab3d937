"""Moving questions in and out of a bank: GIFT or Moodle XML files in, GIFT out.

Reading a file never writes: it returns the questions it would add and every problem, so the
browser can preview and the command can do a dry run. Importing takes a file without problems
(all or nothing), unless the trainer chose Moodle's other way: import the sound questions and
skip the ones with problems. A problem with the file as a whole stops both.

Files a Moodle XML question embeds are stored as lesson images are (lms.authoring.images) when
the question is imported, and its links then point at them.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask_babel import gettext as _

from lms import clock
from lms.authoring.drafts import open_draft, record_change
from lms.authoring.images import store_image
from lms.extensions import db
from lms.learning.models import Module, ModuleVersion
from lms.questions.gift import category_code, parse_gift, question_to_dict
from lms.questions.gift_writer import to_gift
from lms.quizzes.models import Question

from .moodle_xml import PLUGINFILE, parse_moodle_xml
from .rules import check_question, warnings
from .services import bank, fill_columns, next_position

GIFT, MOODLE_XML = "gift", "moodle-xml"
FORMAT_NAMES = {GIFT: "GIFT", MOODLE_XML: "Moodle XML"}  # as trainers know them


# One import is saved in one transaction, which holds SQLite's write lock while it runs: the
# bound keeps that shorter than the busy timeout that learners' writes wait for.
MAX_IMPORT_QUESTIONS = 2000


@dataclass(frozen=True)
class FileProblem:
    """A problem in an uploaded file, at a GIFT line or a Moodle XML question number."""

    message: str
    line: int | None = None
    index: int | None = None

    def whole_file(self) -> bool:
        return self.line is None and self.index is None

    def where(self) -> str:
        if self.line is not None:
            return _("baris %(n)d", n=self.line)
        if self.index is not None:
            return _("soal ke-%(n)d", n=self.index)
        return _("berkas")

    def for_command(self, name: str) -> str:
        """As compilers write it, so editors can jump there: FILE:LINE: or FILE: question N:."""
        if self.line is not None:
            return f"{name}:{self.line}: {self.message}"
        if self.index is not None:
            return f"{name}: question {self.index}: {self.message}"
        return f"{name}: {self.message}"


@dataclass
class ReadFile:
    format: str
    questions: list[dict[str, Any]] = field(default_factory=list)
    problems: list[FileProblem] = field(default_factory=list)
    notes: list[FileProblem] = field(default_factory=list)  # worth knowing, not blocking
    unknown_categories: set[str] = field(default_factory=set, repr=False)
    # Per question, the files its links name: link -> (original name, bytes).
    files: list[dict[str, tuple[str, bytes]]] = field(default_factory=list, repr=False)

    def importable(self, skip_bad: bool) -> bool:
        """Whether the questions may go in: all sound, or the bad ones skipped by choice."""
        if skip_bad:
            return bool(self.questions) and not any(p.whole_file() for p in self.problems)
        return not self.problems

    def skipped(self) -> int:
        """How many questions have problems: those a skip-bad import leaves out."""
        return len({(p.line, p.index) for p in self.problems if not p.whole_file()})

    def counts(self) -> dict[str, int]:
        """Questions per kind, in the order kinds first appear."""
        counts: dict[str, int] = {}
        for q in self.questions:
            counts[q["type"]] = counts.get(q["type"], 0) + 1
        return counts


def is_xml(text: str) -> bool:
    head = text.lstrip("\ufeff \t\r\n")
    return head.startswith(("<?xml", "<quiz"))


def decode(data: bytes) -> str | None:
    """The file's text (UTF-8, with or without BOM), or None if it is not UTF-8."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def read_file(data: bytes, version: ModuleVersion) -> ReadFile:
    """Every question a GIFT or Moodle XML file would add to the bank, and its problems."""
    text = decode(data)
    if text is None:
        message = _("Berkas harus berupa teks UTF-8 (simpan ulang sebagai UTF-8).")
        return ReadFile(GIFT, problems=[FileProblem(message)])
    codes = list(version.competency_codes or [])
    if not codes:
        message = _("Modul ini belum memiliki kompetensi. Tetapkan kompetensinya dahulu.")
        return ReadFile(GIFT, problems=[FileProblem(message)])
    result = _read_xml(text, codes) if is_xml(text) else _read_gift(text, codes)
    if len(result.questions) > MAX_IMPORT_QUESTIONS:
        message = _(
            "Berkas berisi %(n)d soal; satu impor paling banyak %(max)d soal. "
            "Bagi berkas menjadi beberapa bagian.",
            n=len(result.questions),
            max=MAX_IMPORT_QUESTIONS,
        )
        result.problems.append(FileProblem(message))
    if not result.questions and not result.problems:
        result.problems.append(FileProblem(_("Berkas tidak berisi soal.")))
    return result


def _competency(category: str | None, codes: Sequence[str]) -> str | None:
    """The module competency a category path names in its last segment, if any."""
    wanted = (category_code(category) or "").casefold()
    return next((code for code in codes if code.casefold() == wanted), None)


def _add(
    result: ReadFile,
    q: dict,
    category: str | None,
    codes: Sequence[str],
    where: dict,
    files: dict | None = None,
) -> None:
    # Without a category the module's first competency applies, as in content files.
    q["competency"] = _competency(category, codes) or codes[0]
    if category and q["competency"] != _competency(category, codes):
        _note_category(result, category, q["competency"], where)
    problems = check_question(q, codes)
    result.problems += [FileProblem(p.message, **where) for p in problems]
    if not problems:
        result.questions.append(q)
        result.files.append(files or {})
        result.notes += [FileProblem(message, **where) for message in warnings(q)]


def _note_category(result: ReadFile, category: str, code: str, where: dict) -> None:
    """Say once per category that it names no competency of the module."""
    if category in result.unknown_categories:
        return
    result.unknown_categories.add(category)
    note = _(
        "'%(category)s': kategori ini bukan kompetensi modul; soalnya diberi kompetensi %(code)s.",
        category=category,
        code=code,
    )
    result.notes.append(FileProblem(note, **where))


def _read_gift(text: str, codes: Sequence[str]) -> ReadFile:
    result = ReadFile(GIFT)
    questions, errors = parse_gift(text)
    result.problems += [
        FileProblem(_("soal tidak terbaca: %(error)s", error=e.message), line=e.line)
        for e in errors
    ]
    for parsed in questions:
        q = question_to_dict(parsed, None)
        _add(result, q, parsed.category, codes, {"line": parsed.line})
    result.problems.sort(key=lambda p: p.line or 0)
    return result


def _read_xml(text: str, codes: Sequence[str]) -> ReadFile:
    result = ReadFile(MOODLE_XML)
    questions, problems = parse_moodle_xml(text)
    result.problems += [FileProblem(p.message, line=p.line, index=p.index) for p in problems]
    for item in questions:
        _add(result, item.question, item.category, codes, {"index": item.index}, item.files)
    result.problems.sort(key=lambda p: p.index or 0)
    return result


def import_questions(
    module: Module,
    user_id: int,
    read: ReadFile,
    name: str,
    upload_dir: str,
    skip_bad: bool = False,
) -> list[Question]:
    """Append the file's sound questions to the module's draft, storing the files they embed.

    Without skip_bad, only a file without problems is imported (all or nothing).
    """
    if not read.importable(skip_bad):
        raise ValueError("a file with problems cannot be imported")
    draft = open_draft(module, user_id)
    start = next_position(draft.id)
    questions = []
    for offset, (q, files) in enumerate(zip(read.questions, read.files, strict=True)):
        question = Question(version_id=draft.id, position=start + offset)
        fill_columns(question, _with_media(q, files, module, user_id, upload_dir))
        questions.append(question)
    db.session.add_all(questions)
    skipped = read.skipped()
    detail = f"{len(questions)} soal dari {name} ({FORMAT_NAMES[read.format]})"
    detail += f", {skipped} soal bermasalah dilewati" if skipped else ""
    record_change(module, user_id, "question.import", detail, draft)
    db.session.flush()
    return questions


def _with_media(
    q: dict[str, Any], files: dict, module: Module, user_id: int, upload_dir: str
) -> dict[str, Any]:
    """The question with each embedded file stored once and its links pointing at /media/."""
    if not files:
        return q
    served = {
        link: f"/media/{store_image(module, data, name, upload_dir, user_id).name}"
        for link, (name, data) in files.items()
    }
    pattern = re.compile("|".join(re.escape(link) for link in served))

    def relink(value: Any) -> Any:
        if isinstance(value, str) and PLUGINFILE in value:
            return pattern.sub(lambda m: served[m[0]], value)
        if isinstance(value, list):
            return [relink(item) for item in value]
        if isinstance(value, dict):
            return {key: relink(item) for key, item in value.items()}
        return value

    return relink(q)


def export_gift(version: ModuleVersion, now: datetime) -> str:
    """The bank as GIFT; importing it again gives the same questions."""
    questions = [{**q.data, "competency": q.competency_code} for q in bank(version.id)]
    state = _("draf") if version.published_at is None else _("terbit")
    header = _(
        "// Bank soal %(title)s, versi %(number)d (%(state)s), diekspor dari Bina ASN %(date)s",
        title=version.title,
        number=version.number,
        state=state,
        date=f"{clock.to_local(now):%Y-%m-%d %H:%M} {clock.zone_label()}",
    )
    return header + "\n\n" + to_gift(questions) if questions else header + "\n"
