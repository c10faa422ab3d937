"""Kirkpatrick levels 1-3 for a period, for the province, per module or per top-level unit.

Each table is one grouped statement. Periods select: L1 surveys submitted, L2 enrolments
completed, L3 evaluations given in the period.
"""

from dataclasses import dataclass

from sqlalchemy import Float, Select, and_, case, cast, func, literal, select, true
from sqlalchemy.orm import aliased

from lms.evaluation.models import ACTION_PLAN_CARRIED_OUT, BehaviourEvaluation
from lms.extensions import db
from lms.learning.models import Competency, Enrollment, Module, ReactionSurvey
from lms.people.models import Unit, User
from lms.team import gains

from .periods import Period
from .services import module_title, unit_roots

DIMENSIONS = ("modul", "unit")
SURVEY_ITEMS = ("relevance", "clarity", "interactivity", "ease_of_use")
# Percent scores are means of fractions: anything this close to 100 is a perfect pre-test.
FULL_SCORE = 100 - 1e-9
_EPSILON = 1e-9


def _grouped(query: Select, dimension: str | None) -> Select:
    """Group a query over enrolments by module or top-level unit (None: one province row)."""
    if dimension is None:
        return query.add_columns(literal(None).label("key"), literal(None).label("label"))
    if dimension == "modul":
        title = module_title()
        return (
            query.join(Module, Module.id == Enrollment.module_id)
            .add_columns(Module.id.label("key"), title.label("label"))
            .group_by(Module.id, Module.slug, Module.current_version_id)
            .order_by(title)
        )
    roots = unit_roots()
    root = aliased(Unit)
    return (
        query.join(User, User.id == Enrollment.user_id)
        .outerjoin(roots, roots.c.unit_id == User.unit_id)
        .outerjoin(root, root.id == roots.c.root_id)
        .add_columns(roots.c.root_id.label("key"), root.name.label("label"))
        .group_by(roots.c.root_id, root.name)
        .order_by(root.name.is_(None), root.name)
    )


def _between(column, period: Period):
    return and_(column >= period.start_at, column < period.end_at)


@dataclass(frozen=True)
class Reaction:
    key: int | None
    label: str | None
    responses: int
    relevance: float | None
    clarity: float | None
    interactivity: float | None
    ease_of_use: float | None
    overall: float | None


def reaction(period: Period, dimension: str | None = None) -> list[Reaction]:
    """L1: mean of each 1-5 survey item and of all four, and the number of responses."""
    items = [getattr(ReactionSurvey, name) for name in SURVEY_ITEMS]
    query = (
        select(
            func.count(ReactionSurvey.id).label("responses"),
            *(func.avg(cast(item, Float)).label(item.key) for item in items),
            func.avg(cast(sum(items[1:], items[0]), Float) / len(items)).label("overall"),
        )
        .select_from(ReactionSurvey)
        .join(Enrollment, Enrollment.id == ReactionSurvey.enrollment_id)
        .where(_between(ReactionSurvey.submitted_at, period))
    )
    rows = db.session.execute(_grouped(query, dimension)).all()
    return [Reaction(**row._mapping) for row in rows]


@dataclass(frozen=True)
class Learning:
    key: int | None
    label: str | None
    completed: int
    pairs: int
    mean_pre: float | None
    mean_post: float | None
    mean_gain: float | None
    high: int
    medium: int
    low: int
    perfect_pre: int
    missing: int

    @property
    def class_gain(self) -> float | None:
        return gains.class_gain(self.mean_pre, self.mean_post)

    def share(self, count: int) -> float | None:
        return 100.0 * count / self.pairs if self.pairs else None


def learning(period: Period, dimension: str | None = None) -> list[Learning]:
    """L2 over enrolments completed in the period: first pre-test against best post-test.

    A pair needs both scores and a pre-test below 100 (N-gain is undefined at 100); the others
    are counted as left out, with the reason.
    """
    pre, post = Enrollment.pretest_score, Enrollment.best_posttest_score
    both = and_(pre.is_not(None), post.is_not(None))
    pair = and_(both, pre < FULL_SCORE)
    gain = (post - pre) / (100.0 - pre)

    def count(condition):
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    query = (
        select(
            func.count(Enrollment.id).label("completed"),
            count(pair).label("pairs"),
            func.avg(case((pair, pre))).label("mean_pre"),
            func.avg(case((pair, post))).label("mean_post"),
            func.avg(case((pair, gain))).label("mean_gain"),
            count(and_(pair, gain >= gains.HIGH - _EPSILON)).label("high"),
            count(and_(pair, gain < gains.HIGH - _EPSILON, gain >= gains.MEDIUM - _EPSILON)).label(
                "medium"
            ),
            count(and_(pair, gain < gains.MEDIUM - _EPSILON)).label("low"),
            count(and_(both, pre >= FULL_SCORE)).label("perfect_pre"),
            count(~both).label("missing"),
        )
        .select_from(Enrollment)
        .where(_between(Enrollment.completed_at, period))
    )
    rows = db.session.execute(_grouped(query, dimension)).all()
    return [Learning(**row._mapping) for row in rows]


def _ratings():
    """(evaluation id, competency code, rating) for every rating in the JSON column."""
    each = func.json_each_text if db.engine.dialect.name == "postgresql" else func.json_each
    rating = each(BehaviourEvaluation.ratings).table_valued("key", "value").alias("rating")
    return (
        select(
            BehaviourEvaluation.id.label("evaluation_id"),
            rating.c.key.label("code"),
            cast(rating.c.value, Float).label("rating"),
        )
        .select_from(BehaviourEvaluation)
        .join(rating, true())
        .subquery("ratings")
    )


@dataclass(frozen=True)
class Behaviour:
    key: int | None
    label: str | None
    evaluations: int
    mean_rating: float | None
    carried_out: int

    @property
    def carried_out_share(self) -> float | None:
        return 100.0 * self.carried_out / self.evaluations if self.evaluations else None


def behaviour(period: Period, dimension: str | None = None) -> list[Behaviour]:
    """L3 over evaluations given in the period: the mean of each evaluation's 1-5 ratings,
    averaged, and how many action plans were carried out (mostly or fully)."""
    ratings = _ratings()
    per_evaluation = (
        select(ratings.c.evaluation_id, func.avg(ratings.c.rating).label("mean"))
        .group_by(ratings.c.evaluation_id)
        .subquery("per_evaluation")
    )
    carried = BehaviourEvaluation.action_plan_rating >= ACTION_PLAN_CARRIED_OUT
    query = (
        select(
            func.count(BehaviourEvaluation.id).label("evaluations"),
            func.avg(per_evaluation.c.mean).label("mean_rating"),
            func.coalesce(func.sum(case((carried, 1), else_=0)), 0).label("carried_out"),
        )
        .select_from(BehaviourEvaluation)
        .join(Enrollment, Enrollment.id == BehaviourEvaluation.enrollment_id)
        .outerjoin(per_evaluation, per_evaluation.c.evaluation_id == BehaviourEvaluation.id)
        .where(_between(BehaviourEvaluation.created_at, period))
    )
    rows = db.session.execute(_grouped(query, dimension)).all()
    return [Behaviour(**row._mapping) for row in rows]


@dataclass(frozen=True)
class CompetencyRating:
    code: str
    name: str
    ratings: int
    mean: float


def behaviour_by_competency(period: Period) -> list[CompetencyRating]:
    """L3 per competency: the mean supervisor rating over the evaluations of the period."""
    ratings = _ratings()
    name = func.coalesce(Competency.name, ratings.c.code)
    rows = db.session.execute(
        select(
            ratings.c.code,
            name.label("name"),
            func.count().label("ratings"),
            func.avg(ratings.c.rating).label("mean"),
        )
        .join(BehaviourEvaluation, BehaviourEvaluation.id == ratings.c.evaluation_id)
        .outerjoin(Competency, Competency.code == ratings.c.code)
        .where(_between(BehaviourEvaluation.created_at, period))
        .group_by(ratings.c.code, Competency.name)
        .order_by(name)
    ).all()
    return [CompetencyRating(**row._mapping) for row in rows]
