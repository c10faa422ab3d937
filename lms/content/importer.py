"""Write checked content to the database: competencies by code, changed modules as new versions.

Earlier versions stay untouched, with their lessons, questions, attempts and enrolments: a
learner mid-module finishes on the version they started. Functions add and flush; the caller
commits once.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from lms.extensions import db
from lms.html import render_markdown
from lms.learning.duration import lesson_minutes
from lms.learning.models import Competency, Lesson, Module, ModuleVersion
from lms.questions.base import render_html
from lms.questions.gift import Question as GiftQuestion
from lms.questions.gift import question_to_dict
from lms.quizzes.models import Question

from .lessons import Block, LessonSource
from .loader import CompetencySource, Content, ModuleSource
from .questions import is_gradeable

CREATED, NEW_VERSION, UNCHANGED = "created", "new version", "unchanged"


@dataclass(frozen=True)
class ModuleImport:
    slug: str
    status: str  # created | new version | unchanged
    number: int  # the module's current version number after the import


def import_content(content: Content, now: datetime) -> list[ModuleImport]:
    """Import checked content (raise ValueError if it has problems), published at `now`."""
    if content.problems:
        raise ValueError("content with problems cannot be imported")
    upsert_competencies(content.competencies)
    return [import_module(source, now) for source in content.modules]


def upsert_competencies(sources: list[CompetencySource]) -> None:
    existing = {c.code: c for c in db.session.scalars(select(Competency))}
    for source in sources:
        row = existing.get(source.code)
        if row is None:
            row = Competency(code=source.code)
            db.session.add(row)
        row.name, row.type, row.description = source.name, source.type, source.description
    db.session.flush()


def import_module(source: ModuleSource, now: datetime) -> ModuleImport:
    """Publish the module's files as a new current version, unless they are unchanged."""
    module = db.session.scalar(select(Module).where(Module.slug == source.slug))
    status = NEW_VERSION
    if module is None:
        module, status = Module(slug=source.slug), CREATED
        db.session.add(module)
        db.session.flush()
    current = module.current_version
    if current is not None and current.source_hash == source.source_hash:
        return ModuleImport(source.slug, UNCHANGED, current.number)
    latest = db.session.scalar(
        select(func.max(ModuleVersion.number)).where(ModuleVersion.module_id == module.id)
    )
    version = _version(source, module, (latest or 0) + 1, now)
    db.session.add(version)
    db.session.flush()
    db.session.add_all(_questions(source, version))
    module.current_version = version
    db.session.flush()
    return ModuleImport(source.slug, status, version.number)


def _version(source: ModuleSource, module: Module, number: int, now: datetime) -> ModuleVersion:
    return ModuleVersion(
        module_id=module.id,
        number=number,
        **source.settings(),
        behaviours=list(source.behaviours),
        overview_html=str(render_markdown(source.overview)),
        source_hash=source.source_hash,
        published_at=now,
        lessons=[build_lesson(lesson, source) for lesson in source.lessons],
    )


def build_lesson(lesson: LessonSource, module: ModuleSource) -> Lesson:
    """The lesson as stored, from the file or the editor alike, with its computed minutes."""
    blocks = [_block(block, module) for block in lesson.blocks]
    return Lesson(
        position=lesson.position,
        title=lesson.title,
        minutes=lesson.minutes,
        study_minutes=lesson_minutes(blocks),
        source=lesson.body,
        blocks=blocks,
    )


def _block(block: Block, module: ModuleSource) -> dict:
    if block.kind == "markdown":
        return {"kind": "html", "key": block.key, "html": str(render_markdown(block.text))}
    if block.kind == "quiz":
        questions = [question_data(q, module) for q in block.questions]
        return {"kind": "quiz", "key": block.key, "questions": questions}
    prompt = block.text.strip()
    return {
        "kind": block.kind,
        "key": block.key,
        "prompt": prompt,
        "prompt_html": str(render_markdown(prompt)),
    }


def question_data(question: GiftQuestion, module: ModuleSource) -> dict:
    """The question in the `content check --json` schema, plus its sanitised *_html keys."""
    return render_html(question_to_dict(question, module.competency_of(question)))


def _questions(source: ModuleSource, version: ModuleVersion) -> list[Question]:
    return [
        Question(
            version_id=version.id,
            position=position,
            kind=question.type,
            title=question.title[:255],
            competency_code=source.competency_of(question),
            gradeable=is_gradeable(question),
            data=question_data(question, source),
        )
        for position, question in enumerate(source.questions, start=1)
    ]
