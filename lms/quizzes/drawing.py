"""The questions an attempt draws: the learner's parallel form, pins and what they have seen."""

import random

from sqlalchemy import func, select

from lms.extensions import db
from lms.learning.models import Enrollment, ModuleVersion
from lms.questions.kinds import KINDS
from lms.questions.plan import FORMS, draw_test

from .models import Attempt, AttemptItem, Question


def test_form(enrollment: Enrollment, test: str) -> str:
    """The parallel form of the learner's pre-test, or the other one for the first post-test."""
    if test == "pre":
        return enrollment.pretest_form
    return next(form for form in FORMS if form != enrollment.pretest_form)


def draw_items(
    enrollment: Enrollment, test: str, count: int, rng: random.Random, *, first: bool
) -> list[AttemptItem]:
    """The items of a new attempt (none when the bank cannot fill it); `first`: the pre-test or
    the first post-test."""
    ids = _question_ids(enrollment, test, count, rng, first)
    return _items(enrollment.version, ids, rng)


def _question_ids(
    enrollment: Enrollment, test: str, count: int, rng: random.Random, first: bool
) -> list[int]:
    """The pre-test and first post-test are the learner's two forms; retakes prefer the unseen.

    A trainer pins a question to a form with the GIFT comment `// [tag:form-A]` (or B); the
    importer keeps it as the question's "form".
    """
    version = enrollment.version
    rows = db.session.execute(
        select(
            Question.id, Question.competency_code, Question.data["form"].as_string().label("form")
        )
        .where(Question.version_id == version.id, Question.gradeable.is_(True))
        .order_by(Question.position)
    ).all()
    bank = [(row.id, row.competency_code) for row in rows]
    form = test_form(enrollment, test) if first else None
    pins = {row.id: row.form for row in rows if row.form in FORMS}
    order = version.competency_codes
    try:
        return draw_test(bank, count, rng, order, form=form, pins=pins, seen=_seen(enrollment))
    except ValueError:
        return []


def _seen(enrollment: Enrollment) -> dict[int, int]:
    """How many of the learner's earlier attempts showed each question."""
    return dict(
        db.session.execute(
            select(AttemptItem.question_id, func.count())
            .join(Attempt)
            .where(Attempt.enrollment_id == enrollment.id)
            .group_by(AttemptItem.question_id)
        ).all()
    )


def _items(version: ModuleVersion, ids: list[int], rng: random.Random) -> list[AttemptItem]:
    """The attempt's items, with each question as it is now and as the learner will see it."""
    if not ids:
        return []
    bank = {
        q.id: q
        for q in db.session.scalars(
            select(Question).where(Question.version_id == version.id, Question.id.in_(ids))
        )
    }
    return [
        AttemptItem(
            position=position,
            question_id=question_id,
            competency_code=bank[question_id].competency_code,
            snapshot=dict(bank[question_id].data),
            presented=KINDS[bank[question_id].kind].present(bank[question_id].data, rng),
        )
        for position, question_id in enumerate(ids, start=1)
    ]
