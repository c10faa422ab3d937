"""A module's question bank: which version is shown, and adding, changing, removing questions.

Changes always land in the module's draft, opened on the first change (lms.authoring.drafts):
learners keep taking the published version until the draft is published. Questions are found
by position, which the draft copies from the published version, so a link made while viewing
the published bank still reaches the same question after the draft opens. Positions are not
renumbered on delete (a stale link must not reach the next question).
"""

import random
from typing import Any

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select

from lms.authoring.drafts import draft_of, open_draft, record_change
from lms.errors import DomainError
from lms.extensions import db
from lms.learning.models import Competency, Module, ModuleVersion
from lms.nip import normalise_nip
from lms.people.models import RoleGrant, User
from lms.questions.base import render_html
from lms.questions.kinds import KINDS
from lms.quizzes.models import Question

from .rules import Problem, check_question, warnings

# The preview shuffles like an attempt, but the same way each time it is shown.
PREVIEW_SEED = 20231


class QuestionRefused(DomainError):
    """The question breaks a rule; `problems` say which, per field."""

    def __init__(self, problems: list[Problem]):
        super().__init__(problems[0].message, problems[0].field)
        self.problems = problems


def module_by_slug(slug: str) -> Module | None:
    return db.session.scalar(select(Module).where(Module.slug == slug))


def shown_version(module: Module) -> ModuleVersion | None:
    """The bank trainers work on: the draft if one is open, else the published version."""
    return draft_of(module) or module.current_version


def bank(version_id: int) -> list[Question]:
    return list(
        db.session.scalars(
            select(Question).where(Question.version_id == version_id).order_by(Question.position)
        )
    )


def question_at(version_id: int, position: int) -> Question | None:
    return db.session.scalar(
        select(Question).where(Question.version_id == version_id, Question.position == position)
    )


def competency_choices(version: ModuleVersion) -> list[tuple[str, str]]:
    """(code, "CODE – name") for the module's competencies, in the module's order."""
    codes = list(version.competency_codes or [])
    names = dict(
        db.session.execute(
            select(Competency.code, Competency.name).where(Competency.code.in_(codes))
        ).all()
    )
    return [(code, f"{code} – {names[code]}" if code in names else code) for code in codes]


def stored(q: dict[str, Any]) -> dict[str, Any]:
    """The question as the bank keeps it: the same shape the content importer writes."""
    return render_html(q)


def fill_columns(question: Question, q: dict[str, Any]) -> None:
    question.kind = q["type"]
    question.title = q["title"]
    question.competency_code = q["competency"]
    question.gradeable = KINDS[q["type"]].gradeable
    question.data = stored(q)


def check(q: dict[str, Any], version: ModuleVersion) -> None:
    """Refuse a question the editor must not save: what Moodle's own form refuses too."""
    problems = check_question(q, version.competency_codes or [])
    problems += [Problem("answers", message) for message in warnings(q)]
    if problems:
        raise QuestionRefused(problems)


def next_position(version_id: int) -> int:
    last = db.session.scalar(
        select(func.max(Question.position)).where(Question.version_id == version_id)
    )
    return (last or 0) + 1


def add_question(module: Module, user_id: int, q: dict[str, Any]) -> Question:
    check(q, shown_version(module))
    draft = open_draft(module, user_id)
    question = Question(version_id=draft.id, position=next_position(draft.id))
    fill_columns(question, q)
    db.session.add(question)
    record_change(module, user_id, "question.create", _describe(question), draft)
    db.session.flush()
    return question


def update_question(module: Module, user_id: int, position: int, q: dict[str, Any]) -> Question:
    check(q, shown_version(module))
    draft = open_draft(module, user_id)
    question = _existing(draft, position)
    if q["type"] != question.kind:
        raise DomainError(_("Jenis soal tidak dapat diubah. Hapus soal lalu buat yang baru."))
    fill_columns(question, q)
    record_change(module, user_id, "question.update", _describe(question), draft)
    db.session.flush()
    return question


def delete_question(module: Module, user_id: int, position: int) -> None:
    draft = open_draft(module, user_id)
    question = _existing(draft, position)
    record_change(module, user_id, "question.delete", _describe(question), draft)
    db.session.delete(question)
    db.session.flush()


def _existing(draft: ModuleVersion, position: int) -> Question:
    question = question_at(draft.id, position)
    if question is None:
        raise DomainError(_("Soal ini sudah tidak ada di bank soal. Muat ulang halaman."))
    return question


def _describe(question: Question) -> str:
    """The change-history line, in Indonesian like the rest of the stored history."""
    with force_locale("id"):
        kind = str(KINDS[question.kind].label)
    return f"soal {question.position} ({kind}): {question.title}"


def preview(data: dict[str, Any]) -> dict[str, Any]:
    """What a learner is shown, and what the trainer needs beside it: key and feedback."""
    kind = KINDS[data["type"]]
    presented = kind.present(data, random.Random(PREVIEW_SEED))
    return {"data": data, "presented": presented, "key": kind.feedback(data, presented, None)}


def acting_user(nip: str | None) -> User:
    """Who a command's change is recorded under: the given trainer or admin, else the first admin.

    The change log needs a person; a command run on the server is run by an administrator, so
    without --nip the oldest active admin account stands in.
    """
    if nip:
        user = db.session.scalar(select(User).where(User.nip == normalise_nip(nip)))
        if user is None or not user.active or not user.granted_roles & {"trainer", "admin"}:
            raise DomainError(_("NIP %(nip)s bukan pengajar atau admin yang aktif.", nip=nip))
        return user
    user = db.session.scalar(
        select(User)
        .join(RoleGrant, RoleGrant.user_id == User.id)
        .where(RoleGrant.role == "admin", User.active.is_(True))
        .order_by(User.id)
        .limit(1)
    )
    if user is None:
        raise DomainError(_("Belum ada admin aktif. Sebutkan pengajar dengan --nip."))
    return user
