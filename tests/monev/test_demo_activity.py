"""The demo's year of activity: the demo learner's state, consistent rows, idempotence."""

from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

import config
from lms.assignments.models import Assignment
from lms.certificates.models import Certificate
from lms.content.importer import import_content
from lms.content.loader import load_content
from lms.demo import activity as demo_activity
from lms.demo import people
from lms.evaluation.models import BehaviourEvaluation, BehaviourRating
from lms.extensions import db
from lms.learning.models import Enrollment, ReactionSurvey, Reflection
from lms.monev import levels, periods, results
from lms.monev.models import ServiceIndicator
from lms.people.models import User
from lms.questions.kinds import KINDS
from lms.quizzes.models import Attempt, AttemptItem
from tests.conftest import FAST_HASH

NOW = datetime(2026, 11, 28, 10, 0)


@pytest.fixture
def demo(app, in_request):
    people.load(FAST_HASH)
    import_content(load_content(config.BASE_DIR / "content"), NOW - timedelta(days=400))
    db.session.commit()
    assert demo_activity.load_activity(rng_seed=7, now=NOW)
    db.session.commit()


def _count(column, *where) -> int:
    return db.session.scalar(select(func.count(column)).where(*where))


def test_demo_learner_has_one_done_one_going_one_untouched(demo):
    learner = db.session.scalar(select(User).where(User.nip == people.LEARNER_NIP))
    rows = db.session.scalars(select(Enrollment).where(Enrollment.user_id == learner.id)).all()
    by_slug = {row.module.slug: row for row in rows}
    assert set(by_slug) == {"manajemen-waktu", "manajemen-proyek"}
    done, going = by_slug["manajemen-waktu"], by_slug["manajemen-proyek"]
    assert done.completed_at is not None and done.best_posttest_score >= 70
    assert _count(Certificate.id, Certificate.enrollment_id == done.id) == 1
    assert going.completed_at is None and going.pretest_score is not None
    assert going.lessons_done == 2 and going.posttest_attempts == 0
    wajib = db.session.scalars(select(Assignment).where(Assignment.user_id == learner.id)).all()
    assert [a.module_id for a in wajib] == [going.module_id]


def test_action_plans_are_structured_and_acknowledged_by_the_direct_supervisor(demo):
    plans = db.session.scalars(select(Reflection).where(Reflection.kind == "rtl")).all()
    assert plans and all(plan.plan_complete for plan in plans)
    acknowledged = [plan for plan in plans if plan.acknowledged_at]
    assert len(acknowledged) >= len(plans) // 2
    for plan in acknowledged:
        assert plan.acknowledged_by_id == plan.enrollment.user.supervisor_id
        assert plan.acknowledged_at >= plan.updated_at
    for rating in db.session.scalars(select(BehaviourRating)):
        assert 1 <= rating.rating <= 4
        assert rating.position <= len(rating_version(rating).behaviours)


def rating_version(rating):
    return db.session.get(Enrollment, rating.enrollment_id).version


def test_rows_agree_with_each_other(demo):
    # Every graded item's fraction is what its kind gives for the stored response.
    for item in db.session.scalars(select(AttemptItem).limit(300)):
        kind = KINDS[item.snapshot["type"]]
        assert kind.grade(item.snapshot, item.presented, item.response) == item.fraction
    for enrollment in db.session.scalars(select(Enrollment)):
        first_pre = db.session.scalar(
            select(Attempt.score).where(
                Attempt.enrollment_id == enrollment.id, Attempt.test == "pre", Attempt.number == 1
            )
        )
        assert enrollment.pretest_score == first_pre
        if enrollment.completed_at:
            assert enrollment.posttest_passed_at <= enrollment.completed_at <= NOW
            assert enrollment.jp_credited == enrollment.version.jp
    completed = _count(Enrollment.id, Enrollment.completed_at.is_not(None))
    assert completed >= 30
    assert _count(Certificate.id) == completed
    assert 0 < _count(ReactionSurvey.id) <= completed
    # Level-3 evaluations only for modules completed at least 90 days before.
    evaluated = db.session.scalars(
        select(Enrollment.completed_at).join(
            BehaviourEvaluation, BehaviourEvaluation.enrollment_id == Enrollment.id
        )
    ).all()
    assert evaluated and all(done <= NOW - timedelta(days=90) for done in evaluated)


def test_reports_have_something_to_say(demo):
    year = periods.parse("2026", NOW.date())
    learning = levels.learning(year)[0].gain
    assert learning.pairs >= 20 and learning.tinggi and learning.sedang
    assert levels.reaction(year)[0].responses >= 10
    assert levels.behaviour(periods.parse("2026", NOW.date()))[0].evaluations >= 5
    change = levels.behaviour_change(year)[0]  # Level 3 before/after, with n
    assert change.employees >= 5 and change.after > change.before
    assert len(levels.behaviour_change(year, "modul")) == 3
    summary = results.results_summary(year)
    assert len(summary) == 5
    for unit in (u for u in summary if not u.low_participation(30)):
        assert unit.start is not None and unit.before.months >= 2 and unit.after.months >= 3
        assert unit.after.waiting < unit.before.waiting
        assert unit.after.ikm > unit.before.ikm and unit.unweighted == 0
    surveys = db.session.scalars(
        select(ServiceIndicator).where(ServiceIndicator.respondents.is_not(None))
    ).all()
    assert len(surveys) >= 24
    for survey in surveys:  # nine elements scored 1-4, and IKM = their mean x 25
        elements = [getattr(survey, f"u{i}") for i in range(1, 10)]
        assert all(1 <= e <= 4 for e in elements) and survey.respondents >= 1
        assert survey.ikm == pytest.approx(sum(elements) / 9 * 25)
    programme, comparison = results.participation_groups(summary, 30)
    assert (programme.units, comparison.units) == (4, 1)
    assert programme.ikm_change > comparison.ikm_change
    assert _count(ServiceIndicator.id) == 5 * 24
    boss = db.session.scalar(select(User).where(User.nip == people.SUPERVISOR_NIP))
    overdue = _count(
        Assignment.id, Assignment.assigned_by_id == boss.id, Assignment.due_date < NOW.date()
    )
    assert overdue >= 1


def test_loading_twice_changes_nothing(demo):
    before = _count(Attempt.id), _count(ServiceIndicator.id), _count(Assignment.id)
    assert demo_activity.load_activity(rng_seed=7, now=NOW) is False
    assert (_count(Attempt.id), _count(ServiceIndicator.id), _count(Assignment.id)) == before


def test_nothing_without_people_or_modules(app):
    assert demo_activity.load_activity() is False
