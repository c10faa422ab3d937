"""Competency gains (Kirkpatrick level 2) of a population, as grouped queries.

`population` is a Select of user ids (a supervisor's subtree, a unit, the province), so the
province reports can reuse these queries. The figures follow lms.team.gains: first submitted
pre-test attempt against the best submitted post-test attempt, scores in percent.
"""

from dataclasses import dataclass

from sqlalchemy import Select, and_, case, func, select

from lms.extensions import db
from lms.learning.models import Competency, Enrollment, ModuleVersion
from lms.people.models import User
from lms.quizzes.models import Attempt, AttemptItem
from lms.team import gains

# Competency scores are means of fractions; treat anything this close to 100 as a perfect pre.
FULL_SCORE = 100 - 1e-9


@dataclass(frozen=True)
class EnrollmentGain:
    user_id: int
    name: str
    nip: str
    module: str
    pre: float
    post: float | None

    @property
    def points(self) -> float | None:
        return None if self.post is None else self.post - self.pre

    @property
    def n_gain(self) -> float | None:
        return gains.n_gain(self.pre, self.post)

    @property
    def category(self) -> str | None:
        return gains.category(self.n_gain)


@dataclass(frozen=True)
class CompetencyGain:
    code: str
    name: str
    pairs: int
    mean_pre: float | None
    mean_post: float | None
    mean_of_gains: float | None
    no_post: int
    perfect_pre: int

    @property
    def class_gain(self) -> float | None:
        return gains.class_gain(self.mean_pre, self.mean_post)

    @property
    def class_category(self) -> str | None:
        return gains.category(self.class_gain)


def enrollment_gains(population: Select) -> Select:
    """Per person and module with a pre-test: name, NIP, module, pre, best post (or None)."""
    return (
        select(
            User.id.label("user_id"),
            User.name,
            User.nip,
            ModuleVersion.title.label("module"),
            Enrollment.pretest_score.label("pre"),
            Enrollment.best_posttest_score.label("post"),
        )
        .join(User, User.id == Enrollment.user_id)
        .join(ModuleVersion, ModuleVersion.id == Enrollment.version_id)
        .where(Enrollment.user_id.in_(population), Enrollment.pretest_score.is_not(None))
        .order_by(User.name, User.id, ModuleVersion.title)
    )


def as_gains(rows) -> list[EnrollmentGain]:
    return [EnrollmentGain(**row._mapping) for row in rows]


def _chosen_attempts(population: Select, test: str, order_by):
    """The one attempt per enrolment that counts: ranked first by `order_by`."""
    ranked = (
        select(
            Attempt.enrollment_id,
            Attempt.id.label("attempt_id"),
            func.row_number()
            .over(partition_by=Attempt.enrollment_id, order_by=order_by)
            .label("rank"),
        )
        .where(
            Attempt.test == test,
            Attempt.state == "submitted",
            Attempt.user_id.in_(population),
        )
        .subquery()
    )
    return select(ranked.c.enrollment_id, ranked.c.attempt_id).where(ranked.c.rank == 1).subquery()


def _competency_scores(chosen, name: str):
    """Per chosen attempt and competency: the percentage of that competency's items achieved."""
    return (
        select(
            chosen.c.enrollment_id,
            AttemptItem.competency_code.label("code"),
            (func.avg(func.coalesce(AttemptItem.fraction, 0.0)) * 100.0).label("score"),
        )
        .join(AttemptItem, AttemptItem.attempt_id == chosen.c.attempt_id)
        .group_by(chosen.c.enrollment_id, AttemptItem.competency_code)
        .subquery(name)
    )


def competency_gains_query(population: Select) -> Select:
    """One grouped row per competency over (enrolment, competency) pre/post pairs.

    A pair counts when both scores exist and the pre-test score is below 100; the rest are
    counted as left out: no post-test yet, or a perfect pre-test (N-gain undefined).
    """
    pre = _competency_scores(
        _chosen_attempts(population, "pre", Attempt.number.asc()), "pre_scores"
    )
    post = _competency_scores(
        _chosen_attempts(population, "post", (Attempt.score.desc(), Attempt.number.asc())),
        "post_scores",
    )
    pair = and_(post.c.score.is_not(None), pre.c.score < FULL_SCORE)
    gain = (post.c.score - pre.c.score) / (100.0 - pre.c.score)
    return (
        select(
            pre.c.code,
            func.coalesce(Competency.name, pre.c.code).label("name"),
            func.sum(case((pair, 1), else_=0)).label("pairs"),
            func.avg(case((pair, pre.c.score))).label("mean_pre"),
            func.avg(case((pair, post.c.score))).label("mean_post"),
            func.avg(case((pair, gain))).label("mean_of_gains"),
            func.sum(case((post.c.score.is_(None), 1), else_=0)).label("no_post"),
            func.sum(
                case((and_(post.c.score.is_not(None), pre.c.score >= FULL_SCORE), 1), else_=0)
            ).label("perfect_pre"),
        )
        .outerjoin(
            post, and_(post.c.enrollment_id == pre.c.enrollment_id, post.c.code == pre.c.code)
        )
        .outerjoin(Competency, Competency.code == pre.c.code)
        .group_by(pre.c.code, Competency.name)
        .order_by(func.coalesce(Competency.name, pre.c.code))
    )


def competency_gains(population: Select) -> list[CompetencyGain]:
    rows = db.session.execute(competency_gains_query(population)).all()
    return [
        CompetencyGain(
            **{
                **row._mapping,
                "pairs": int(row.pairs or 0),
                "no_post": int(row.no_post or 0),
                "perfect_pre": int(row.perfect_pre or 0),
            }
        )
        for row in rows
    ]
