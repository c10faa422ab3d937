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
from lms.questions.plan import reportable_per_employee
from lms.quizzes.models import Attempt, AttemptItem
from lms.team import gains
from lms.team.item_counts import items_per_form


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
    """A group's figures on one competency. `per_form` is the fewest items of it in a test
    form among the module versions the group took: below the minimum it is reported only here,
    for the group, never per employee."""

    code: str
    name: str
    gain: gains.GroupGain
    per_form: int = 0

    @property
    def per_employee(self) -> bool:
        return reportable_per_employee(self.per_form)


@dataclass(frozen=True)
class PersonCompetencyGain:
    """One enrolment's score on one competency: its items in the pre-test against the first
    post-test. With too few items per form the scores are not shown (`reportable`)."""

    module: str
    code: str
    name: str
    pre: float
    post: float | None
    per_form: int

    @property
    def reportable(self) -> bool:
        return reportable_per_employee(self.per_form)

    @property
    def n_gain(self) -> float | None:
        return gains.n_gain(self.pre, self.post) if self.reportable else None

    @property
    def category(self) -> str | None:
        return gains.category(self.n_gain)


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
    """Per enrolment and competency of its pre-test: the enrolment, its module version and
    title, the competency's code and name, the pre-test score and the first post-test's or None."""
    pre = _competency_scores(_first_attempts(population, "pre"), "pre_scores")
    post = _competency_scores(_first_attempts(population, "post"), "post_scores")
    name = func.coalesce(Competency.name, pre.c.code)
    return (
        select(
            pre.c.enrollment_id,
            Enrollment.version_id,
            ModuleVersion.title.label("module"),
            pre.c.code,
            name.label("name"),
            pre.c.score.label("pre"),
            post.c.score.label("post"),
        )
        .join(Enrollment, Enrollment.id == pre.c.enrollment_id)
        .join(ModuleVersion, ModuleVersion.id == Enrollment.version_id)
        .outerjoin(
            post, and_(post.c.enrollment_id == pre.c.enrollment_id, post.c.code == pre.c.code)
        )
        .outerjoin(Competency, Competency.code == pre.c.code)
        .order_by(name, pre.c.code)
    )


def competency_gains(population: Select) -> list[CompetencyGain]:
    """The population's figures per competency, each with its fewest items per test form."""
    rows = db.session.execute(competency_pairs(population)).all()
    counts = items_per_form({row.version_id for row in rows})
    fewest: dict[str, int] = {}
    for row in rows:
        per_form = counts.get(row.version_id, {}).get(row.code, 0)
        fewest[row.code] = min(fewest.get(row.code, per_form), per_form)
    grouped = gains.summarise_by(((row.code, row.name), row.pre, row.post) for row in rows)
    return [
        CompetencyGain(code, name, gain, fewest[code]) for (code, name), gain in grouped.items()
    ]


def person_competency_gains(population: Select) -> list[PersonCompetencyGain]:
    """Per enrolment and competency, by module title and then the module's competency order."""
    rows = db.session.execute(competency_pairs(population)).all()
    counts = items_per_form({row.version_id for row in rows})

    def position(row) -> int:
        plan = list(counts.get(row.version_id, {}))  # in the module's competency order
        return plan.index(row.code) if row.code in plan else len(plan)

    rows.sort(key=lambda row: (row.module, row.enrollment_id, position(row), row.code))
    return [
        PersonCompetencyGain(
            row.module,
            row.code,
            row.name,
            row.pre,
            row.post,
            counts.get(row.version_id, {}).get(row.code, 0),
        )
        for row in rows
    ]
