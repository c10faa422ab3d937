"""Lessons written in the browser, read by the content loader exactly as a lesson file would be.

A lesson is turned into the text of its content file (front matter + Markdown), parsed by
`lms.content.lessons.load_lesson` and rendered by the importer's own lesson builder: what the
editor previews, what is published and what `lms content import` makes of an exported file are
produced by the same code.
"""

import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml
from flask_babel import gettext as _
from sqlalchemy import select

from lms.content.importer import build_lesson
from lms.content.lessons import LessonSource, check_rtl, load_lesson
from lms.content.loader import SOURCE_NAMES, ModuleSource
from lms.content.source import Problems
from lms.errors import DomainError
from lms.extensions import db
from lms.learning.models import SETTINGS, Competency, Lesson, Module, ModuleVersion

from .drafts import record_change


@dataclass(frozen=True)
class BodyProblem:
    """A problem in a lesson's Markdown, at a line of the editor's text box (0: not in it)."""

    lesson: str  # "Materi 2"
    line: int
    message: str

    def __str__(self) -> str:
        if self.line:
            return _("%(lesson)s, baris %(line)d: %(message)s", **self.__dict__)
        return f"{self.lesson}: {self.message}"


class LessonRefused(DomainError):
    """The lesson's blocks have problems; nothing was saved."""

    def __init__(self, problems: list[BodyProblem]):
        super().__init__(_("Materi belum dapat disimpan: perbaiki masalah di bawah."), "body")
        self.problems = problems


def lesson_file_text(title: str, minutes: int, body: str) -> str:
    """The lesson as a content file: YAML front matter, then the Markdown as written."""
    front = yaml.safe_dump(
        {"title": title, "minutes": minutes}, allow_unicode=True, sort_keys=False, width=10**6
    )
    return f"---\n{front}---\n{body}"


def normalise_body(body: str) -> str:
    return (body or "").replace("\r\n", "\n").replace("\r", "\n")


def module_source(module: Module, version: ModuleVersion) -> ModuleSource:
    """The version's settings in the loader's shape (the importer reads competencies from it)."""
    settings = {SOURCE_NAMES.get(name, name): getattr(version, name) for name in SETTINGS}
    return ModuleSource(
        **settings,
        slug=module.slug,
        folder=module.slug,
        overview="",
        lessons=[],
        questions=[],
        source_hash="",
    )


def _known_codes() -> set[str]:
    return set(db.session.scalars(select(Competency.code)))


def parse(
    position: int, title: str, minutes: int, body: str, codes: list[str], known: set[str]
) -> tuple[LessonSource | None, list[BodyProblem]]:
    """Read the lesson with the content loader; problems are reported at lines of `body`."""
    text = lesson_file_text(title, minutes, body)
    offset = text.count("\n") - body.count("\n")  # file lines before the body's first line
    label = _("Materi %(n)d", n=position)
    problems = Problems()
    with tempfile.TemporaryDirectory(prefix="bina-lesson-") as folder:
        path = Path(folder) / label
        path.write_text(text, encoding="utf-8")
        source = load_lesson(path, label, position, problems, known, codes)
    return source, _body_problems(problems, offset)


def _body_problems(problems: Problems, offset: int) -> list[BodyProblem]:
    return [BodyProblem(p.file, max(p.line - offset, 0), p.message) for p in problems.sorted()]


def render(
    module: Module, version: ModuleVersion, position: int, title: str, minutes: int, body: str
) -> Lesson:
    """A lesson row (not added to the session) exactly as the importer would build it.

    Raises LessonRefused when its blocks have problems (a broken quiz block, an empty one...).
    """
    source, problems = parse(
        position, title, minutes, body, list(version.competency_codes), _known_codes()
    )
    if problems or source is None:
        raise LessonRefused(problems)
    return build_lesson(source, module_source(module, version))


def add_lesson(module, draft, user_id: int, title: str, minutes: int, body: str) -> Lesson:
    position = len(draft.lessons) + 1
    built = render(module, draft, position, title, minutes, normalise_body(body))
    draft.lessons.append(built)
    record_change(module, user_id, "lesson.create", f"{position}. {built.title}", draft)
    db.session.flush()
    return built


def update_lesson(module, draft, lesson: Lesson, user_id: int, title, minutes, body) -> Lesson:
    built = render(module, draft, lesson.position, title, minutes, normalise_body(body))
    lesson.title, lesson.minutes = built.title, built.minutes
    lesson.study_minutes = built.study_minutes
    lesson.source, lesson.blocks = built.source, built.blocks
    record_change(module, user_id, "lesson.update", f"{lesson.position}. {lesson.title}", draft)
    db.session.flush()
    return lesson


def _set_position(lesson: Lesson, position: int) -> None:
    lesson.position = position
    db.session.flush()  # one row at a time: (version, position) is unique at every statement


def move_lesson(module, draft, lesson: Lesson, step: int, user_id: int) -> None:
    """Swap the lesson with its neighbour above (step -1) or below (+1); ends stay put."""
    target = lesson.position + step
    other = next((item for item in draft.lessons if item.position == target), None)
    if other is None:
        return
    old = lesson.position
    _set_position(lesson, 0)
    _set_position(other, old)
    _set_position(lesson, target)
    draft.lessons.sort(key=lambda item: item.position)
    record_change(module, user_id, "lesson.move", f"{old} → {target}. {lesson.title}", draft)


def remove_lesson(module, draft, lesson: Lesson, user_id: int) -> None:
    removed = lesson.position
    draft.lessons.remove(lesson)
    db.session.flush()
    for item in sorted(draft.lessons, key=lambda item: item.position):
        if item.position > removed:
            _set_position(item, item.position - 1)
    record_change(module, user_id, "lesson.delete", f"{removed}. {lesson.title}", draft)


def check_all(module: Module, version: ModuleVersion, *, refresh: bool = False):
    """Problems of every lesson, read again with the version's settings, and the RTL rule.

    With `refresh`, a version without problems gets its blocks rebuilt from the sources, so a
    settings change (e.g. the default competency of inline questions) reaches the lessons.
    """
    codes, known = list(version.competency_codes), _known_codes()
    parsed, problems = [], []
    for lesson in version.lessons:
        source, found = parse(
            lesson.position, lesson.title, lesson.minutes, lesson.source, codes, known
        )
        problems.extend(found)
        parsed.append((lesson, source))
    sources = [source for _lesson, source in parsed if source is not None]
    if sources and len(sources) == len(parsed):
        rtl = Problems()
        check_rtl(sources, rtl)
        problems.extend(_body_problems(rtl, lesson_file_text("x", 1, "").count("\n")))
    if refresh and not problems:
        target = module_source(module, version)
        for lesson, source in parsed:
            lesson.blocks = build_lesson(source, target).blocks
    return problems
