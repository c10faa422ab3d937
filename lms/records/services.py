"""The employee's learning record: the admin's list with JP this year, and one person's record.

Set-based: the list is one statement however many employees it shows, and a record is a
fixed handful of statements (the supervisor's employee page's queries, reused).
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import Select, and_, func, select

from lms import clock
from lms.evaluation import services as evaluation
from lms.extensions import db
from lms.learning.models import Enrollment, Reflection
from lms.people.models import User
from lms.people.services import pppk_condition, search_condition, unit_subtree_ids
from lms.team import gain_queries, members
from lms.team import services as team

# The JP filters of the list; the target binds PNS only (PPPK: a maximum, never a shortfall).
JP_FILTERS = ("di-bawah-target", "target-tercapai", "tanpa-jp", "pppk")


def year_bounds(year: int) -> tuple[datetime, datetime]:
    """The local calendar year as stored (naive UTC) instants: [start, end)."""
    return clock.day_start(date(year, 1, 1)), clock.day_start(date(year + 1, 1, 1))


def employee_rows(
    year: int,
    jp_target: int,
    *,
    search: str = "",
    unit_id: int | None = None,
    jp_filter: str | None = None,
    active_only: bool = False,
) -> Select:
    """One row per employee: the account, JP credited in the local calendar year, PPPK or not."""
    start, end = year_bounds(year)
    credited = (
        select(Enrollment.user_id.label("user_id"), func.sum(Enrollment.jp_credited).label("jp"))
        .where(Enrollment.completed_at >= start, Enrollment.completed_at < end)
        .group_by(Enrollment.user_id)
        .subquery("credited")
    )
    jp = func.coalesce(credited.c.jp, 0)
    query = (
        select(User, jp.label("jp"), pppk_condition().label("pppk"))
        .outerjoin(credited, credited.c.user_id == User.id)
        .order_by(User.name, User.id)
    )
    if search:
        query = query.where(search_condition(search))
    if unit_id is not None:
        query = query.where(User.unit_id.in_(unit_subtree_ids(unit_id)))
    if active_only:
        query = query.where(User.active.is_(True))
    if jp_filter is not None:
        query = query.where(_jp_condition(jp_filter, jp, jp_target))
    return query


def _jp_condition(jp_filter: str, jp, jp_target: int):
    pns = ~pppk_condition()
    return {
        "di-bawah-target": and_(pns, jp < jp_target),
        "target-tercapai": and_(pns, jp >= jp_target),
        "tanpa-jp": jp == 0,
        "pppk": pppk_condition(),
    }[jp_filter]


def can_see_record(viewer_id: int, is_admin: bool, user_id: int) -> User | None:
    """The person, if the viewer may open their record: an admin anyone, a supervisor their
    reporting subtree (as the team pages), nobody else (the view answers 404)."""
    if is_admin:
        return db.session.get(User, user_id)
    return team.member(viewer_id, user_id)


@dataclass
class YearJP:
    """JP credited in one calendar year, by source."""

    year: int
    bina: int = 0
    # Training recorded outside Bina (e.g. a classroom Latsar) has no table yet: once it
    # exists its JP is added here and counted in `total`, which the page already shows.
    external: int | None = None

    @property
    def total(self) -> int:
        return self.bina + (self.external or 0)


@dataclass
class Record:
    person: User
    years: list[YearJP]
    enrollments: list  # (Enrollment, title, lessons) rows, as the team's employee page
    test_dates: dict[int, dict[str, datetime]]  # enrolment id -> first 'pre' / 'post' submitted
    certificates: list
    action_plans: dict[int, datetime]  # enrolment id -> when its RTL was last written
    evaluations: dict = field(default_factory=dict)
    competencies: list = field(default_factory=list)  # gain_queries.PersonCompetencyGain


def jp_by_year(enrollments: list, this_year: int) -> list[YearJP]:
    """Newest year first; the current year always, so a year with nothing yet shows 0."""
    years = {this_year: YearJP(this_year)}
    for row in enrollments:
        done = row.Enrollment.completed_at
        if done is not None:
            year = clock.local_date(done).year
            years.setdefault(year, YearJP(year)).bina += row.Enrollment.jp_credited
    return sorted(years.values(), key=lambda y: y.year, reverse=True)


def _test_dates(user_id: int) -> dict[int, dict[str, datetime]]:
    dates: dict[int, dict[str, datetime]] = {}
    for row in members.member_attempts(user_id):  # latest first: the earliest one wins
        attempt = row.Attempt
        dates.setdefault(attempt.enrollment_id, {})[attempt.test] = attempt.submitted_at
    return dates


def _action_plans(user_id: int) -> dict[int, datetime]:
    """When each module's RTL was written; its text stays with the direct supervisor, as the
    learner is told on the lesson page ("admin tidak dapat membacanya")."""
    rows = db.session.execute(
        select(Reflection.enrollment_id, func.max(Reflection.updated_at))
        .join(Enrollment, Enrollment.id == Reflection.enrollment_id)
        .where(Enrollment.user_id == user_id, Reflection.kind == "rtl")
        .group_by(Reflection.enrollment_id)
    )
    return dict(rows.all())


def learning_record(person: User, this_year: int) -> Record:
    enrollments = members.member_enrollments(person.id)
    return Record(
        person=person,
        years=jp_by_year(enrollments, this_year),
        enrollments=enrollments,
        test_dates=_test_dates(person.id),
        certificates=members.member_certificates(person.id),
        action_plans=_action_plans(person.id),
        evaluations=evaluation.evaluations_by_enrollment(person.id),
        competencies=gain_queries.person_competency_gains(team.person_ids(person.id)),
    )
