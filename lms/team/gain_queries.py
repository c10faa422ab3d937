"""Competency gains (Kirkpatrick level 2) of a population, as set-based queries.

`population` is a Select of user ids (a supervisor's subtree, a unit, the province), so the
province reports can reuse these queries. Every figure follows lms.team.gains: the first submitted
pre-test attempt against the first submitted post-test attempt, scores in percent; the queries
return the pairs and lms.team.gains.summarise turns them into the group's figures (the median needs
every pair, so it is computed in Python from one query).
"""

from dataclasses import dataclass

from sqlalchemy import Select, and_, func, select

from lms.extensions import db
from lms.learning.models import Competency, Enrollment, ModuleVersion
from lms.people.models import User
from lms.quizzes.models import Attempt, AttemptItem
from lms.team import gains


@dataclass(frozen=True)
class EnrollmentGain:
    user_id: int
    name: str
    nip: str
    module: str
    pre: float
    post: float | None  # the first post-test: the gain's score
    best_post: float | None  # the best post-test: the pass decision's score

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
    gain: gains.GroupGain


def enrollment_gains(population: Select) -> Select:
    """Per person and module with a pre-test: name, NIP, module, pre, first and best post."""
    return (
        select(
            User.id.label("user_id"),
            User.name,
            User.nip,
            ModuleVersion.title.label("module"),
            Enrollment.pretest_score.label("pre"),
            Enrollment.first_posttest_score.label("post"),
            Enrollment.best_posttest_score.label("best_post"),
        )
        .join(User, User.id == Enrollment.user_id)
        .join(ModuleVersion, ModuleVersion.id == Enrollment.version_id)
        .where(Enrollment.user_id.in_(population), Enrollment.pretest_score.is_not(None))
        .order_by(User.name, User.id, ModuleVersion.title)
    )


def as_gains(rows) -> list[EnrollmentGain]:
    return [EnrollmentGain(**row._mapping) for row in rows]


def enrollment_gain(enrollment: Enrollment) -> float | None:
    """One enrolment's N-Gain: pre-test against the first post-test."""
    return gains.n_gain(enrollment.pretest_score, enrollment.first_posttest_score)


def module_pairs(population: Select) -> Select:
    """(pre, first post) of every enrolment with a pre-test in the population."""
    return select(Enrollment.pretest_score, Enrollment.first_posttest_score).where(
        Enrollment.user_id.in_(population), Enrollment.pretest_score.is_not(None)
    )


def group_gain(population: Select) -> gains.GroupGain:
    """The population's module-level N-Gain figures (the headline of the supervisor's page)."""
    return gains.summarise(db.session.execute(module_pairs(population)).all())


def _first_attempts(population: Select, test: str):
    """The first submitted attempt per enrolment of one test (pre or post)."""
    ranked = (
        select(
            Attempt.enrollment_id,
            Attempt.id.label("attempt_id"),
            func.row_number()
            .over(partition_by=Attempt.enrollment_id, order_by=Attempt.number.asc())
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


def competency_pairs(population: Select) -> Select:
    """(code, name, pre, first post or None) per enrolment and competency of its pre-test."""
    pre = _competency_scores(_first_attempts(population, "pre"), "pre_scores")
    post = _competency_scores(_first_attempts(population, "post"), "post_scores")
    name = func.coalesce(Competency.name, pre.c.code)
    return (
        select(pre.c.code, name.label("name"), pre.c.score, post.c.score)
        .outerjoin(
            post, and_(post.c.enrollment_id == pre.c.enrollment_id, post.c.code == pre.c.code)
        )
        .outerjoin(Competency, Competency.code == pre.c.code)
        .order_by(name, pre.c.code)
    )


def competency_gains(population: Select) -> list[CompetencyGain]:
    rows = db.session.execute(competency_pairs(population)).all()
    grouped = gains.summarise_by(((code, name), pre, post) for code, name, pre, post in rows)
    return [CompetencyGain(code, name, gain) for (code, name), gain in grouped.items()]
