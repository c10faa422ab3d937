"""Kirkpatrick levels 1-3 for a period, for the province, per module or per top-level unit.

Each table is one statement. Periods select: L1 surveys submitted, L2 enrolments started (the
pre-test comes first), L3 evaluations given in the period.
"""

from dataclasses import dataclass

from sqlalchemy import Float, Select, and_, case, cast, func, literal, select, true
from sqlalchemy.orm import aliased

from lms.evaluation.models import ACTION_PLAN_CARRIED_OUT, BehaviourEvaluation, BehaviourRating
from lms.extensions import db
from lms.learning.models import Competency, Enrollment, Module, ReactionSurvey
from lms.people.models import Unit, User
from lms.team import gains

from .periods import Period
from .services import module_title, unit_roots

DIMENSIONS = ("modul", "unit")
SURVEY_ITEMS = ("relevance", "clarity", "interactivity", "ease_of_use")


def _keyed(query: Select, dimension: str | None, group: bool = False) -> Select:
    """Add the module's or top-level unit's key and label to a query over enrolments (None:
    the province), grouping by them when `group` is set."""
    if dimension is None:
        return query.add_columns(literal(None).label("key"), literal(None).label("label"))
    if dimension == "modul":
        title = module_title()
        query = query.join(Module, Module.id == Enrollment.module_id).add_columns(
            Module.id.label("key"), title.label("label")
        )
        if group:
            query = query.group_by(Module.id, Module.slug, Module.current_version_id)
        return query.order_by(title, Module.id)
    roots = unit_roots()
    root = aliased(Unit)
    query = (
        query.join(User, User.id == Enrollment.user_id)
        .outerjoin(roots, roots.c.unit_id == User.unit_id)
        .outerjoin(root, root.id == roots.c.root_id)
        .add_columns(roots.c.root_id.label("key"), root.name.label("label"))
    )
    if group:
        query = query.group_by(roots.c.root_id, root.name)
    return query.order_by(root.name.is_(None), root.name, roots.c.root_id)


def _grouped(query: Select, dimension: str | None) -> Select:
    """Group a query over enrolments by module or top-level unit (None: one province row)."""
    return _keyed(query, dimension, group=True)


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
    gain: gains.GroupGain


def learning_pairs(period: Period, dimension: str | None = None) -> Select:
    """(key, label, pre, first post) per enrolment of an active employee started in the period
    with a pre-test: the same population and pairs as the supervisor's pages."""
    query = (
        select(Enrollment.pretest_score.label("pre"), Enrollment.first_posttest_score.label("post"))
        .select_from(Enrollment)
        .where(
            _between(Enrollment.started_at, period),
            Enrollment.pretest_score.is_not(None),
            Enrollment.user_id.in_(select(User.id).where(User.active.is_(True))),
        )
    )
    return _keyed(query, dimension)


def learning(period: Period, dimension: str | None = None) -> list[Learning]:
    """L2 with lms.gains' definition: one query of pairs, summarised per module or unit.

    The province row (dimension None) always exists, empty when nobody took a pre-test.
    """
    rows = db.session.execute(learning_pairs(period, dimension)).all()
    grouped = gains.summarise_by(((row.key, row.label), row.pre, row.post) for row in rows)
    if dimension is None and not grouped:
        grouped = {(None, None): gains.summarise([])}
    return [Learning(key, label, gain) for (key, label), gain in grouped.items()]


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


@dataclass(frozen=True)
class BehaviourChange:
    key: int | None
    label: str | None
    employees: int  # n: enrolments with a before and an after rating of the same behaviour
    before: float | None
    after: float | None

    @property
    def change(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


def behaviour_change(period: Period, dimension: str | None = None) -> list[BehaviourChange]:
    """L3 before and after: per enrolment whose post-training evaluation was given in the
    period, the mean 1-4 rating of its behaviours at acknowledgement and at the evaluation,
    over the behaviours rated both times; then the mean over enrolments, with their number."""
    before, after = aliased(BehaviourRating), aliased(BehaviourRating)
    per_enrollment = (
        select(
            before.enrollment_id,
            func.avg(cast(before.rating, Float)).label("before"),
            func.avg(cast(after.rating, Float)).label("after"),
        )
        .join(
            after,
            and_(
                after.enrollment_id == before.enrollment_id,
                after.position == before.position,
                after.stage == "after",
            ),
        )
        .join(BehaviourEvaluation, BehaviourEvaluation.enrollment_id == before.enrollment_id)
        .where(before.stage == "before", _between(BehaviourEvaluation.created_at, period))
        .group_by(before.enrollment_id)
        .subquery("per_enrollment")
    )
    query = (
        select(
            func.count(per_enrollment.c.enrollment_id).label("employees"),
            func.avg(per_enrollment.c.before).label("before"),
            func.avg(per_enrollment.c.after).label("after"),
        )
        .select_from(Enrollment)
        .join(per_enrollment, per_enrollment.c.enrollment_id == Enrollment.id)
    )
    rows = db.session.execute(_grouped(query, dimension)).all()
    if dimension is None and not rows:
        return [BehaviourChange(None, None, 0, None, None)]
    return [BehaviourChange(**row._mapping) for row in rows]
