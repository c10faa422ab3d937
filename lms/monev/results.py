"""Kirkpatrick level 4: units' public-service indicators, recorded monthly, beside training.

The programme's start in a unit is the month an admin set, else the month of the first
completed module by anyone in the unit or its sub-units. Months before it are "before", the
start month and later "after". The comparison shows change over time, not its cause.
"""

import math
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, case, func, select
from sqlalchemy.exc import IntegrityError

from lms import clock
from lms.errors import DomainError
from lms.extensions import db
from lms.learning.models import Enrollment
from lms.people.models import Unit, User

from .models import IKM_MAX, IKM_MIN, ProgrammeStart, ServiceIndicator
from .periods import Period, add_months, month_start
from .services import index_month, month_index, unit_closure, unit_members

NOTE_MAX = 500
# PermenPANRB 14/2017: IKM conversion intervals, on the value rounded to two decimals.
IKM_GRADES = (
    (88.31, "A", _l("Sangat Baik")),
    (76.61, "B", _l("Baik")),
    (65.00, "C", _l("Kurang Baik")),
    (0.00, "D", _l("Tidak Baik")),
)


def ikm_grade(ikm: float | None) -> tuple[str, str] | None:
    """('A', 'Sangat Baik') for an IKM of 90; None when there is no value."""
    if ikm is None:
        return None
    value = round(ikm, 2)
    for lower, letter, label in IKM_GRADES:
        if value >= lower:
            return letter, str(label)
    return IKM_GRADES[-1][1], str(IKM_GRADES[-1][2])


class IndicatorRefused(DomainError):
    """One or more values cannot be stored; `errors` holds (field, message) for each."""

    def __init__(self, errors: list[tuple[str, str]]):
        super().__init__(" ".join(message for _field, message in errors), errors[0][0])
        self.errors = errors

    def show_on(self, form, default_field: str) -> None:
        for field, message in self.errors:
            form[field if field in form else default_field].errors.append(message)


def _number_problem(value: float | None, low: float, high: float, message) -> str | None:
    if value is None:
        return None
    if not math.isfinite(value):
        return str(_l("Nilai harus berupa angka."))
    return None if low <= value <= high else str(message)


def _check_values(unit_id: int | None, month: date | None, waiting, ikm, today: date) -> None:
    """Refuse what cannot be true, with a message on every field that is wrong."""
    errors = []
    if unit_id is None or db.session.get(Unit, unit_id) is None:
        errors.append(("unit_id", str(_l("Unit kerja tidak ditemukan."))))
    if month is None:
        errors.append(("month", str(_l("Bulan wajib diisi."))))
    elif month_start(month) > month_start(today):
        errors.append(("month", str(_l("Bulan tidak boleh di masa depan."))))
    if waiting is None and ikm is None:
        errors.append(("waiting_minutes", str(_l("Isi waktu tunggu, IKM, atau keduanya."))))
    problems = [
        (
            "waiting_minutes",
            _number_problem(waiting, 0, math.inf, _l("Waktu tunggu tidak boleh negatif.")),
        ),
        ("ikm", _number_problem(ikm, IKM_MIN, IKM_MAX, _l("IKM harus antara 0 dan 100."))),
    ]
    errors += [(field, message) for field, message in problems if message]
    if errors:
        raise IndicatorRefused(errors)


def save_indicator(
    indicator: ServiceIndicator,
    *,
    unit_id: int | None,
    month: date | None,
    waiting_minutes: float | None,
    ikm: float | None,
    note: str,
    recorded_by_id: int,
    today: date,
    now: datetime,
) -> ServiceIndicator:
    """Create or edit a unit's figures for a month; nothing is stored when a value is refused."""
    _check_values(unit_id, month, waiting_minutes, ikm, today)
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise DomainError(_l("Catatan paling banyak %(n)s karakter.", n=NOTE_MAX), "note")
    values = {
        "unit_id": unit_id,
        "month": month_start(month),
        "waiting_minutes": waiting_minutes,
        "ikm": ikm,
        "note": note,
        "recorded_by_id": recorded_by_id,
        "recorded_at": now,
    }
    try:
        with db.session.begin_nested():
            for key, value in values.items():
                setattr(indicator, key, value)
            db.session.add(indicator)
    except IntegrityError:
        raise DomainError(
            _l("Data unit ini untuk bulan tersebut sudah ada. Ubah data yang sudah ada."), "month"
        ) from None
    return indicator


def indicators_query(unit_id: int | None = None) -> Select:
    """Recorded indicators, latest month first."""
    query = select(ServiceIndicator).order_by(
        ServiceIndicator.month.desc(), ServiceIndicator.unit_id
    )
    if unit_id is not None:
        query = query.where(ServiceIndicator.unit_id == unit_id)
    return query


def indicator_units() -> list[int]:
    """Ids of the units with at least one recorded month."""
    return list(db.session.scalars(select(ServiceIndicator.unit_id).distinct()))


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
class UnitResults:
    unit_id: int
    start: date | None
    start_set_by_admin: bool
    months_before: int = 0
    months_after: int = 0
    waiting_before: float | None = None
    waiting_after: float | None = None
    ikm_before: float | None = None
    ikm_after: float | None = None
    employees: int = 0
    trained: int = 0

    @property
    def trained_share(self) -> float | None:
        return 100.0 * self.trained / self.employees if self.employees else None


def results_summary(period: Period) -> list[UnitResults]:
    """Per unit with indicators up to the period's end: means before and after the start."""
    first, start = _start_index()
    phase = case(
        (start.is_(None), "before"),
        (month_index(ServiceIndicator.month) >= start, "after"),
        else_="before",
    )
    rows = db.session.execute(
        select(
            ServiceIndicator.unit_id,
            start.label("start"),
            ProgrammeStart.id.is_not(None).label("by_admin"),
            phase.label("phase"),
            func.count(ServiceIndicator.id).label("months"),
            func.avg(ServiceIndicator.waiting_minutes).label("waiting"),
            func.avg(ServiceIndicator.ikm).label("ikm"),
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
        setattr(item, f"months_{row.phase}", int(row.months))
        setattr(item, f"waiting_{row.phase}", row.waiting)
        setattr(item, f"ikm_{row.phase}", row.ikm)
    _add_training(summary, period.end_at)
    return list(summary.values())


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
    ikm: float | None
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
                ikm=found.ikm if found else None,
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
