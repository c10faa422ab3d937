"""Participation and completion across the province: grouped queries over enrolment summaries.

Every figure comes from a fixed number of statements, whatever the number of employees: the
enrolment row is the per-(employee, module) summary, and units are grouped under their top-level
unit (the OPD) with a recursive common table expression.
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import CTE, and_, case, extract, func, select
from sqlalchemy.orm import aliased

from lms import clock
from lms.assignments.models import Assignment
from lms.extensions import db
from lms.learning.models import Enrollment, Module, ModuleVersion
from lms.people.models import Unit, User
from lms.people.services import pppk_condition

from .periods import Period, add_months, months_between


def unit_closure() -> CTE:
    """(ancestor_id, unit_id) for every unit and each of its ancestors, itself included."""
    closure = select(Unit.id.label("ancestor_id"), Unit.id.label("unit_id")).cte(
        "unit_closure", recursive=True
    )
    child = aliased(Unit)
    # UNION, not UNION ALL: even a corrupt parent cycle cannot recurse forever.
    return closure.union(
        select(closure.c.ancestor_id, child.id).join(child, child.parent_id == closure.c.unit_id)
    )


def unit_roots() -> CTE:
    """(unit_id, root_id): each unit with its top-level unit (the OPD)."""
    closure = unit_closure()
    root = aliased(Unit)
    return (
        select(closure.c.unit_id, closure.c.ancestor_id.label("root_id"))
        .join(root, root.id == closure.c.ancestor_id)
        .where(root.parent_id.is_(None))
        .cte("unit_roots")
    )


def month_index(column):
    """year * 12 + month - 1 as an integer, on SQLite and PostgreSQL alike."""
    return extract("year", column) * 12 + extract("month", column) - 1


def index_month(index: int) -> date:
    return date(int(index) // 12, int(index) % 12 + 1, 1)


def module_title():
    """The module's current title (a subquery column), falling back on its slug."""
    title = (
        select(ModuleVersion.title)
        .where(ModuleVersion.id == Module.current_version_id)
        .scalar_subquery()
    )
    return func.coalesce(title, Module.slug)


@dataclass
class Participation:
    unit_id: int | None
    unit: str | None  # None: employees without a unit
    employees: int
    started: int
    completed: int
    jp: int
    pns: int  # the annual JP target applies to PNS only (PPPK: a maximum entitlement)
    reached_target: int
    overdue: int

    @property
    def started_share(self) -> float | None:
        return _share(self.started, self.employees)

    @property
    def completed_share(self) -> float | None:
        return _share(self.completed, self.employees)

    @property
    def jp_per_employee(self) -> float | None:
        return self.jp / self.employees if self.employees else None

    @property
    def target_share(self) -> float | None:
        """Share of the PNS who reached the annual target."""
        return _share(self.reached_target, self.pns)


def _share(part: int, whole: int) -> float | None:
    return 100.0 * part / whole if whole else None


def _overdue_cutoff(period: Period, today: date) -> date:
    """Assignments count as overdue when due before this day and not completed by then."""
    return min(today, period.end)


def _per_user(period: Period):
    """One row per learner with enrolments: flags and JP for the period and its year."""
    in_period = and_(
        Enrollment.started_at >= period.start_at, Enrollment.started_at < period.end_at
    )
    done = and_(Enrollment.completed_at >= period.start_at, Enrollment.completed_at < period.end_at)
    year_start = clock.day_start(date(period.start.year, 1, 1))
    year_end = min(period.end_at, clock.day_start(date(period.start.year + 1, 1, 1)))
    in_year = and_(Enrollment.completed_at >= year_start, Enrollment.completed_at < year_end)
    return (
        select(
            Enrollment.user_id,
            func.max(case((in_period, 1), else_=0)).label("started"),
            func.max(case((done, 1), else_=0)).label("completed"),
            func.sum(case((done, Enrollment.jp_credited), else_=0)).label("jp"),
            func.sum(case((in_year, Enrollment.jp_credited), else_=0)).label("jp_year"),
        )
        .group_by(Enrollment.user_id)
        .subquery("per_user")
    )


def _overdue_per_user(period: Period, today: date):
    cutoff = _overdue_cutoff(period, today)
    cutoff_at = clock.day_start(cutoff)
    not_done = (Enrollment.completed_at.is_(None)) | (Enrollment.completed_at >= cutoff_at)
    return (
        select(Assignment.user_id, func.count(Assignment.id).label("overdue"))
        .outerjoin(
            Enrollment,
            and_(
                Enrollment.user_id == Assignment.user_id,
                Enrollment.module_id == Assignment.module_id,
            ),
        )
        .where(Assignment.cancelled_at.is_(None), Assignment.due_date < cutoff, not_done)
        .group_by(Assignment.user_id)
        .subquery("overdue_per_user")
    )


def participation(period: Period, today: date, jp_target: int) -> list[Participation]:
    """One row per top-level unit (sub-units included), and one for employees without a unit.

    Started / completed: employees who started / completed at least one module in the period.
    JP: credited for completions in the period. Target: a PNS's JP credited in the period's
    year up to the period's end reaches `jp_target` (PPPK have a maximum, not a target).
    Overdue: active assignments due before the end of the period (or today) and not completed
    by then.
    """
    roots = unit_roots()
    per_user = _per_user(period)
    overdue = _overdue_per_user(period, today)
    root = aliased(Unit)
    rows = db.session.execute(
        select(
            roots.c.root_id,
            root.name,
            func.count(User.id).label("employees"),
            func.coalesce(func.sum(per_user.c.started), 0).label("started"),
            func.coalesce(func.sum(per_user.c.completed), 0).label("completed"),
            func.coalesce(func.sum(per_user.c.jp), 0).label("jp"),
            func.sum(case((pppk_condition(), 0), else_=1)).label("pns"),
            func.sum(
                case((and_(~pppk_condition(), per_user.c.jp_year >= jp_target), 1), else_=0)
            ).label("reached"),
            func.coalesce(func.sum(overdue.c.overdue), 0).label("overdue"),
        )
        .select_from(User)
        .outerjoin(roots, roots.c.unit_id == User.unit_id)
        .outerjoin(root, root.id == roots.c.root_id)
        .outerjoin(per_user, per_user.c.user_id == User.id)
        .outerjoin(overdue, overdue.c.user_id == User.id)
        .where(User.active.is_(True))
        .group_by(roots.c.root_id, root.name)
        .order_by(root.name.is_(None), root.name)
    ).all()
    return [
        Participation(
            unit_id=row.root_id,
            unit=row.name,
            employees=int(row.employees),
            started=int(row.started),
            completed=int(row.completed),
            jp=int(row.jp),
            pns=int(row.pns or 0),
            reached_target=int(row.reached or 0),
            overdue=int(row.overdue),
        )
        for row in rows
    ]


def province_total(rows: list[Participation]) -> Participation:
    """The province's row: every employee sits in exactly one of the rows, so counts add up."""
    return Participation(
        unit_id=None,
        unit=None,
        **{
            name: sum(getattr(row, name) for row in rows)
            for name in (
                "employees",
                "started",
                "completed",
                "jp",
                "pns",
                "reached_target",
                "overdue",
            )
        },
    )


@dataclass(frozen=True)
class MonthCount:
    month: date
    completions: int
    learners: int
    jp: int


def chart_months(period: Period, today: date, count: int = 12) -> list[date]:
    """The `count` months ending with the period's last month, or this month if it is earlier."""
    last = min(period.last_month, today.replace(day=1))
    return months_between(add_months(last, 1 - count), last)


def completions_by_month(months: list[date], unit_id: int | None = None) -> list[MonthCount]:
    """Modules completed per month (and by how many people, how many JP), zero months included.

    The month is found by comparing timestamps with the month boundaries, which SQLite does far
    faster than extracting it from each row. `unit_id` limits it to employees of that unit and
    its sub-units.
    """
    bounds = [clock.day_start(m) for m in months[1:]]
    bounds.append(clock.day_start(add_months(months[-1], 1)))
    which = case(
        *((Enrollment.completed_at < bound, index) for index, bound in enumerate(bounds)),
    )
    query = (
        select(
            which.label("month"),
            func.count(Enrollment.id).label("completions"),
            func.count(func.distinct(Enrollment.user_id)).label("learners"),
            func.coalesce(func.sum(Enrollment.jp_credited), 0).label("jp"),
        )
        .where(
            Enrollment.completed_at >= clock.day_start(months[0]),
            Enrollment.completed_at < bounds[-1],
        )
        .group_by(which)
    )
    if unit_id is not None:
        query = query.where(Enrollment.user_id.in_(unit_members(unit_id)))
    found = {row.month: row for row in db.session.execute(query)}
    return [
        MonthCount(
            month=month,
            completions=int(found[i].completions) if i in found else 0,
            learners=int(found[i].learners) if i in found else 0,
            jp=int(found[i].jp) if i in found else 0,
        )
        for i, month in enumerate(months)
    ]


def unit_members(unit_id: int):
    """Ids of the active employees of a unit and its sub-units (a Select)."""
    closure = unit_closure()
    return (
        select(User.id)
        .join(closure, closure.c.unit_id == User.unit_id)
        .where(closure.c.ancestor_id == unit_id, User.active.is_(True))
        .correlate(None)
    )


def top_units() -> list[tuple[int, str]]:
    """(id, name) of the top-level units, by name."""
    return [
        (row.id, row.name)
        for row in db.session.execute(
            select(Unit.id, Unit.name).where(Unit.parent_id.is_(None)).order_by(Unit.name)
        )
    ]
