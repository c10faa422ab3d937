"""Builders for the supervisor tests: teams, enrolment summaries, attempts and assignments."""

from datetime import date, datetime

from sqlalchemy import select

from lms.assignments.models import Assignment
from lms.extensions import db
from lms.learning.models import Enrollment, Reflection
from lms.learning.services import enroll
from lms.people.models import User
from lms.quizzes.models import Attempt, AttemptItem, Question

from ..factories import make_user


def make_team(supervisor: User, size: int, *, unit=None, prefix: str = "Anggota") -> list[User]:
    return [make_user(f"{prefix} {i:03d}", supervisor=supervisor, unit=unit) for i in range(size)]


def enrol(user: User, module, **summary) -> Enrollment:
    """Enrol and set summary fields directly (pretest_score, completed_at, jp_credited, ...)."""
    enrollment = enroll(user, module)
    for key, value in summary.items():
        setattr(enrollment, key, value)
    db.session.commit()
    return enrollment


def add_attempt(
    enrollment: Enrollment,
    test: str,
    number: int,
    fractions: dict[str, list[float]],
    *,
    state: str = "submitted",
    submitted_at: datetime | None = None,
) -> Attempt:
    """A submitted attempt whose items per competency code have the given fractions."""
    questions = db.session.scalars(
        select(Question).where(Question.version_id == enrollment.version_id)
    ).all()
    pool = {}
    for question in questions:
        pool.setdefault(question.competency_code, []).append(question)
    items = []
    for code, values in fractions.items():
        for question, fraction in zip(pool[code], values, strict=False):
            items.append((question, fraction))
    assert len(items) == sum(len(v) for v in fractions.values()), "not enough bank questions"
    score = 100 * sum(f for _, f in items) / len(items) if state == "submitted" else None
    attempt = Attempt(
        enrollment_id=enrollment.id,
        user_id=enrollment.user_id,
        version_id=enrollment.version_id,
        test=test,
        number=number,
        state=state,
        submitted_at=(submitted_at or datetime(2026, 1, 5, 9)) if state == "submitted" else None,
        score=score,
        passed=(score >= 70) if test == "post" and score is not None else None,
    )
    for position, (question, fraction) in enumerate(items, start=1):
        attempt.items.append(
            AttemptItem(
                position=position,
                question_id=question.id,
                competency_code=question.competency_code,
                snapshot=question.data,
                presented={},
                response=None,
                fraction=fraction if state == "submitted" else None,
            )
        )
    db.session.add(attempt)
    db.session.commit()
    return attempt


def add_assignment(
    user: User, module, due: date, *, by: User, cancelled: bool = False, note: str = ""
) -> Assignment:
    """An assignment as stored, e.g. one whose due date has passed since it was made."""
    assignment = Assignment(
        user_id=user.id,
        module_id=module.id,
        assigned_by_id=by.id,
        due_date=due,
        note=note,
        cancelled_at=datetime(2026, 1, 2) if cancelled else None,
    )
    db.session.add(assignment)
    db.session.commit()
    return assignment


def add_reflection(
    enrollment: Enrollment, text: str, *, kind: str = "reflection", shared: bool = False
) -> Reflection:
    lesson = enrollment.version.lessons[-1]
    reflection = Reflection(
        enrollment_id=enrollment.id,
        lesson_id=lesson.id,
        block_key=f"{kind}-{text[:10]}",
        kind=kind,
        prompt="Apa yang akan Anda ubah?",
        text=text,
        shared=shared,
    )
    db.session.add(reflection)
    db.session.commit()
    return reflection
