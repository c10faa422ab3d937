"""How many items of each competency a module version's test forms hold, from its plan.

The pre-test and the post-test draw by lms.questions.plan: every form of a version holds the
same number of items per competency, computed from the version's gradeable bank. A trainer
building a module in the browser can publish a competency with only a few of them; its score per
employee is then too unsteady to report (lms.questions.plan.reportable_per_employee), while a
group's figure, with its n, still says something.
"""

from collections.abc import Iterable

from sqlalchemy import select

from lms.extensions import db
from lms.learning.models import ModuleVersion
from lms.questions.plan import draw_plan
from lms.quizzes.models import Question


def items_per_form(version_ids: Iterable[int]) -> dict[int, dict[str, int]]:
    """{version id: {competency code: items in each test form}}, in two statements."""
    ids = set(version_ids)
    if not ids:
        return {}
    banks: dict[int, list[tuple[int, str]]] = {}
    questions = db.session.execute(
        select(Question.version_id, Question.id, Question.competency_code)
        .where(Question.version_id.in_(ids), Question.gradeable.is_(True))
        .order_by(Question.version_id, Question.position)
    )
    for version_id, question_id, code in questions:
        banks.setdefault(version_id, []).append((question_id, code))
    versions = db.session.execute(
        select(
            ModuleVersion.id,
            ModuleVersion.pretest_questions,
            ModuleVersion.posttest_questions,
            ModuleVersion.competency_codes,
        ).where(ModuleVersion.id.in_(ids))
    )
    return {
        version_id: _per_form(banks.get(version_id, []), (pre, post), codes or [])
        for version_id, pre, post, codes in versions
    }


def _per_form(bank: list[tuple[int, str]], counts: tuple[int, int], order) -> dict[str, int]:
    """Items per competency in every form: the smaller of the pre-test's and post-test's plans."""
    plans = []
    for count in counts:
        try:
            plans.append(draw_plan(bank, count, order))
        except ValueError:  # a bank smaller than its test draws nothing
            return {}
    return {code: min(plan.get(code, 0) for plan in plans) for code in plans[0]}
