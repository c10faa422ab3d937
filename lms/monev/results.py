"""Kirkpatrick level 4: units' public-service indicators, recorded monthly, beside training.

The programme's start in a unit is the month an admin set, else the month of the first
completed module by anyone in the unit or its sub-units. Months before it are "before", the
start month and later "after". Means are weighted: IKM by respondents, waiting time by the
services measured. The report's months stand beside the same months a year earlier, and units
with little participation form a comparison group. All of it shows association, not cause.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, and_, case, func, or_, select

from lms import clock
from lms.errors import DomainError
from lms.extensions import db
from lms.learning.models import Enrollment
from lms.people.models import Unit, User

from .indicators import ikm_grade
from .models import ProgrammeStart, ServiceIndicator
from .periods import Period, add_months, month_start
from .services import index_month, month_index, unit_closure, unit_members


def set_programme_start(unit_id: int, month: date | None, set_by_id: int, today: date) -> None:
    """Set the month the programme started in a unit; None goes back to the derived month."""
    if db.session.get(Unit, unit_id) is None:
        raise DomainError(_l("Unit kerja tidak ditemukan."), "unit_id")
    row = db.session.scalar(select(ProgrammeStart).where(ProgrammeStart.unit_id == unit_id))
    if month is None:
        if row is not None:
            db.session.delete(row)
        db.session.flush()
        return
    if month_start(month) > month_start(today):
        raise DomainError(_l("Bulan tidak boleh di masa depan."), "start_month")
    if row is None:
        row = ProgrammeStart(unit_id=unit_id)
        db.session.add(row)
    row.month, row.set_by_id = month_start(month), set_by_id
    db.session.flush()


def _first_completions():
    """(unit_id, first completion) for every unit, sub-units' employees included."""
    closure = unit_closure()
    return (
        select(
            closure.c.ancestor_id.label("unit_id"),
            func.min(Enrollment.completed_at).label("first"),
        )
        .join(User, User.unit_id == closure.c.unit_id)
        .join(Enrollment, Enrollment.user_id == User.id)
        .where(Enrollment.completed_at.is_not(None))
        .group_by(closure.c.ancestor_id)
        .subquery("first_completions")
    )


def _start_index():
    """Columns and joins shared by the L4 queries: the programme start as a month index."""
    first = _first_completions()
    start = func.coalesce(month_index(ProgrammeStart.month), month_index(first.c.first))
    return first, start


@dataclass
class Weighted:
    """Weighted means over some months: waiting time by services measured, IKM by respondents.

    Rows without a weight (legacy monthly IKM values, waiting times without n) carry none.
    """

    months: int = 0
    waiting_sum: float = 0.0
    waiting_n: int = 0
    ikm_sum: float = 0.0
    respondents: int = 0

    @property
    def waiting(self) -> float | None:
        return self.waiting_sum / self.waiting_n if self.waiting_n else None

    @property
    def ikm(self) -> float | None:
        return self.ikm_sum / self.respondents if self.respondents else None

    def add(self, other: "Weighted") -> None:
        for name in ("months", "waiting_sum", "waiting_n", "ikm_sum", "respondents"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def _weighted(row) -> Weighted:
    return Weighted(
        months=int(row.months),
        waiting_sum=float(row.waiting_sum or 0),
        waiting_n=int(row.waiting_n or 0),
        ikm_sum=float(row.ikm_sum or 0),
        respondents=int(row.respondents or 0),
    )


def _weighted_columns() -> list:
    indicator = ServiceIndicator
    return [
        func.count(indicator.id).label("months"),
        func.sum(indicator.waiting_minutes * indicator.waiting_n).label("waiting_sum"),
        func.sum(indicator.waiting_n).label("waiting_n"),
        func.sum(indicator.ikm * indicator.respondents).label("ikm_sum"),
        func.sum(indicator.respondents).label("respondents"),
    ]


@dataclass
class UnitResults:
    unit_id: int
    start: date | None
    start_set_by_admin: bool
    before: Weighted = field(default_factory=Weighted)
    after: Weighted = field(default_factory=Weighted)
    this_period: Weighted = field(default_factory=Weighted)
    year_earlier: Weighted = field(default_factory=Weighted)
    unweighted: int = 0  # months whose figures have no weight (legacy rows)
    employees: int = 0
    trained: int = 0

    @property
    def trained_share(self) -> float | None:
        return 100.0 * self.trained / self.employees if self.employees else None

    def low_participation(self, threshold: float) -> bool:
        """Too few employees trained to expect an effect: a comparison unit."""
        return (self.trained_share or 0.0) < threshold


def results_summary(period: Period) -> list[UnitResults]:
    """Per unit with indicators up to the period's end: weighted means before and after the
    programme start, and over the period's months beside the same months a year earlier."""
    first, start = _start_index()
    phase = case(
        (start.is_(None), "before"),
        (month_index(ServiceIndicator.month) >= start, "after"),
        else_="before",
    )
    no_weight = or_(
        and_(ServiceIndicator.ikm.is_not(None), ServiceIndicator.respondents.is_(None)),
        and_(ServiceIndicator.waiting_minutes.is_not(None), ServiceIndicator.waiting_n.is_(None)),
    )
    rows = db.session.execute(
        select(
            ServiceIndicator.unit_id,
            start.label("start"),
            ProgrammeStart.id.is_not(None).label("by_admin"),
            phase.label("phase"),
            func.sum(case((no_weight, 1), else_=0)).label("unweighted"),
            *_weighted_columns(),
        )
        .outerjoin(ProgrammeStart, ProgrammeStart.unit_id == ServiceIndicator.unit_id)
        .outerjoin(first, first.c.unit_id == ServiceIndicator.unit_id)
        .where(ServiceIndicator.month < period.end)
        .group_by(ServiceIndicator.unit_id, start, ProgrammeStart.id, phase)
    ).all()
    summary: dict[int, UnitResults] = {}
    for row in rows:
        item = summary.setdefault(
            row.unit_id,
            UnitResults(
                unit_id=row.unit_id,
                start=None if row.start is None else index_month(row.start),
                start_set_by_admin=bool(row.by_admin),
            ),
        )
        setattr(item, row.phase, _weighted(row))
        item.unweighted += int(row.unweighted or 0)
    _add_year_on_year(summary, period)
    _add_training(summary, period.end_at)
    return list(summary.values())


def _add_year_on_year(summary: dict[int, UnitResults], period: Period) -> None:
    """The period's months beside the same months a year earlier, per unit."""
    earlier_start, earlier_end = add_months(period.start, -12), add_months(period.end, -12)
    month = ServiceIndicator.month
    window = case(
        (and_(month >= period.start, month < period.end), "this_period"),
        (and_(month >= earlier_start, month < earlier_end), "year_earlier"),
    )
    rows = db.session.execute(
        select(ServiceIndicator.unit_id, window.label("window"), *_weighted_columns())
        .where(window.is_not(None))
        .group_by(ServiceIndicator.unit_id, window)
    )
    for row in rows:
        if row.unit_id in summary:
            setattr(summary[row.unit_id], row.window, _weighted(row))


@dataclass
class GroupResults:
    """Units pooled by participation: their period and the same months a year earlier."""

    low_participation: bool
    units: int = 0
    this_period: Weighted = field(default_factory=Weighted)
    year_earlier: Weighted = field(default_factory=Weighted)

    @staticmethod
    def _change(now: float | None, before: float | None) -> float | None:
        return None if now is None or before is None else now - before

    @property
    def ikm_change(self) -> float | None:
        return self._change(self.this_period.ikm, self.year_earlier.ikm)

    @property
    def waiting_change(self) -> float | None:
        return self._change(self.this_period.waiting, self.year_earlier.waiting)


def participation_groups(summary: list[UnitResults], threshold: float) -> list[GroupResults]:
    """The trained units and the comparison units (trained share below `threshold` percent)."""
    groups = {flag: GroupResults(flag) for flag in (False, True)}
    for unit in summary:
        group = groups[unit.low_participation(threshold)]
        group.units += 1
        group.this_period.add(unit.this_period)
        group.year_earlier.add(unit.year_earlier)
    return [groups[False], groups[True]]


def _add_training(summary: dict[int, UnitResults], until: datetime) -> None:
    """Employees of each unit (sub-units included) and how many completed a module by `until`."""
    if not summary:
        return
    closure = unit_closure()
    done = (
        select(Enrollment.user_id)
        .where(Enrollment.completed_at < until)
        .distinct()
        .subquery("trained_users")
    )
    rows = db.session.execute(
        select(
            closure.c.ancestor_id,
            func.count(User.id).label("employees"),
            func.count(done.c.user_id).label("trained"),
        )
        .join(User, User.unit_id == closure.c.unit_id)
        .outerjoin(done, done.c.user_id == User.id)
        .where(User.active.is_(True), closure.c.ancestor_id.in_(list(summary)))
        .group_by(closure.c.ancestor_id)
    )
    for row in rows:
        summary[row.ancestor_id].employees = int(row.employees)
        summary[row.ancestor_id].trained = int(row.trained)


def programme_start(unit_id: int) -> tuple[date | None, bool]:
    """(start month, set by an admin?) of one unit."""
    first, start = _start_index()
    row = db.session.execute(
        select(start.label("start"), ProgrammeStart.id.is_not(None).label("by_admin"))
        .select_from(Unit)
        .outerjoin(ProgrammeStart, ProgrammeStart.unit_id == Unit.id)
        .outerjoin(first, first.c.unit_id == Unit.id)
        .where(Unit.id == unit_id)
    ).one_or_none()
    if row is None or row.start is None:
        return None, False
    return index_month(row.start), bool(row.by_admin)


@dataclass(frozen=True)
class MonthResult:
    month: date
    waiting_minutes: float | None
    waiting_n: int | None
    ikm: float | None
    respondents: int | None  # None with an IKM: a legacy monthly value without its survey
    completions: int
    trained: int  # employees who had completed at least one module by the month's end
    employees: int

    @property
    def trained_share(self) -> float | None:
        return 100.0 * self.trained / self.employees if self.employees else None

    @property
    def grade(self) -> tuple[str, str] | None:
        return ikm_grade(self.ikm)


def unit_series(unit_id: int, months: list[date]) -> list[MonthResult]:
    """The unit's indicators month by month beside its employees' training."""
    end = add_months(months[-1], 1)
    indicators = {
        row.month: row
        for row in db.session.scalars(
            select(ServiceIndicator).where(
                ServiceIndicator.unit_id == unit_id,
                ServiceIndicator.month >= months[0],
                ServiceIndicator.month < end,
            )
        )
    }
    members = unit_members(unit_id)
    employees = db.session.scalar(select(func.count()).select_from(members.subquery()))
    completions, first_done = _training_by_month(members, end)
    trained, series = sum(n for m, n in first_done.items() if m < months[0]), []
    for month in months:
        trained += first_done.get(month, 0)
        found = indicators.get(month)
        series.append(
            MonthResult(
                month=month,
                waiting_minutes=found.waiting_minutes if found else None,
                waiting_n=found.waiting_n if found else None,
                ikm=found.ikm if found else None,
                respondents=found.respondents if found else None,
                completions=completions.get(month, 0),
                trained=trained,
                employees=int(employees or 0),
            )
        )
    return series


def _training_by_month(members: Select, end: date) -> tuple[dict, dict]:
    """Completions per month, and employees per month of their first completion, before `end`."""
    end_at = clock.day_start(end)
    per_user = (
        select(
            Enrollment.user_id,
            func.min(Enrollment.completed_at).label("first"),
        )
        .where(Enrollment.user_id.in_(members), Enrollment.completed_at < end_at)
        .group_by(Enrollment.user_id)
        .subquery("first_done")
    )
    index = month_index(per_user.c.first)
    first_done = {
        index_month(month): int(count)
        for month, count in db.session.execute(
            select(index, func.count()).select_from(per_user).group_by(index)
        )
    }
    done_index = month_index(Enrollment.completed_at)
    completions = {
        index_month(month): int(count)
        for month, count in db.session.execute(
            select(done_index, func.count(Enrollment.id))
            .where(Enrollment.user_id.in_(members), Enrollment.completed_at < end_at)
            .group_by(done_index)
        )
    }
    return completions, first_done
