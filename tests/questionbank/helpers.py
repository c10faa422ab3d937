"""Shared builders for the question bank tests."""

from sqlalchemy import func, select

from lms.authoring.maintainers import add_maintainer
from lms.authoring.models import AuthoringChange
from lms.extensions import db
from lms.learning.models import Module, ModuleVersion
from lms.questions.base import render_html
from lms.questions.gift import parse_gift, question_to_dict
from lms.quizzes.models import Question
from tests.conftest import login
from tests.factories import make_module, make_user

SLUG = "modul-uji"
BANK = f"/pengajar/modul/{SLUG}/soal"


def bank_module(**kwargs) -> Module:
    """A published module (version 1) teaching ORH and PDO, with 6 multichoice questions."""
    return make_module(SLUG, competencies=("ORH", "PDO"), **kwargs)


def as_trainer(client, name: str = "Widyaiswara", *, maintains: bool = True):
    """Sign in a trainer who maintains every module made so far (unless `maintains` is False)."""
    trainer = make_user(name, roles=("trainer",))
    if maintains:
        for module in db.session.scalars(select(Module)):
            add_maintainer(module, trainer.id)
        db.session.commit()
    login(client, trainer)
    return trainer


def gift_question(source: str, competency: str = "ORH") -> dict:
    """A bank question dict (with *_html keys) from one GIFT question."""
    questions, errors = parse_gift(source)
    assert not errors and len(questions) == 1, errors
    return render_html(question_to_dict(questions[0], competency))


def versions(module: Module) -> list[ModuleVersion]:
    return list(
        db.session.scalars(
            select(ModuleVersion)
            .where(ModuleVersion.module_id == module.id)
            .order_by(ModuleVersion.number)
        )
    )


def draft(module: Module) -> ModuleVersion | None:
    return next((v for v in versions(module) if v.published_at is None), None)


def bank_of(version: ModuleVersion) -> list[Question]:
    return list(
        db.session.scalars(
            select(Question).where(Question.version_id == version.id).order_by(Question.position)
        )
    )


def changes(action: str | None = None) -> list[AuthoringChange]:
    query = select(AuthoringChange).order_by(AuthoringChange.id)
    if action:
        query = query.where(AuthoringChange.action == action)
    return list(db.session.scalars(query))


def question_count() -> int:
    return db.session.scalar(select(func.count(Question.id)))


def between(page: str, start: str, end: str) -> str:
    """The part of a page from `start` up to the next `end`."""
    head = page.index(start)
    return page[head : page.index(end, head)]
