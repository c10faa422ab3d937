"""Set-based queries behind the supervisor's pages; a team of 5 or 500 costs the same statements."""

from dataclasses import dataclass
from datetime import date
from functools import cache

from flask_babel import lazy_gettext as _l
from sqlalchemy import BindParameter, Select, and_, bindparam, case, func, select

from lms import clock
from lms.assignments import services as assignments
from lms.assignments.models import Assignment
from lms.assignments.services import AssignResult
from lms.errors import DomainError
from lms.extensions import db
from lms.learning.models import Competency, Enrollment, Module, ModuleVersion, Reflection
from lms.learning.services import published_modules
from lms.people.models import Unit, User
from lms.people.services import pppk_condition, subtree_ids

PER_PAGE = 50

# Sort key in the URL -> the overview column it orders by.
SORT_KEYS = (
    "nama",
    "nip",
    "unit",
    "ditugaskan",
    "berlangsung",
    "selesai",
    "terlambat",
    "jp",
    "aktivitas",
)
MEMBER_STATUSES = {
    "terlambat": _l("Ada tugas terlambat"),
    "belum-mulai": _l("Belum memulai modul apa pun"),
    "berlangsung": _l("Sedang belajar"),
    "target-tercapai": _l("PNS: target JP tercapai"),
    "di-bawah-target": _l("PNS: di bawah target JP"),
}
ASSIGNMENT_STATUSES = {
    "belum-dimulai": _l("Belum dimulai"),
    "berlangsung": _l("Sedang berlangsung"),
    "selesai": _l("Selesai"),
    "terlambat": _l("Terlambat"),
}


@dataclass
class Page:
    items: list
    page: int
    total: int
    per_page: int = PER_PAGE

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def paginate_rows(
    query: Select, page: int, per_page: int = PER_PAGE, params: dict | None = None
) -> Page:
    """One page of a row query (db.paginate only returns the first column of each row)."""
    count = select(func.count()).select_from(query.order_by(None).subquery())
    total = db.session.scalar(count, params)
    page = min(max(page, 1), max(1, -(-total // per_page)))
    rows = db.session.execute(query.limit(per_page).offset((page - 1) * per_page), params).all()
    return Page(items=rows, page=page, total=total, per_page=per_page)


def team_ids(supervisor_id: int | BindParameter) -> Select:
    """Ids of the active accounts in the supervisor's subtree: the team the pages report on."""
    # Never correlated: it is also used inside queries over users, where it must stay whole.
    return (
        select(User.id)
        .where(User.id.in_(subtree_ids(supervisor_id)), User.active.is_(True))
        .correlate(None)
    )


def person_ids(user_id: int) -> Select:
    """One person as a population for the queries that take a Select of user ids."""
    return select(User.id).where(User.id == user_id).correlate(None)


def team_units(supervisor_id: int, paths: dict[int, str]) -> list[tuple[int, str]]:
    """(unit id, full name) of the units the active team members belong to."""
    ids = db.session.scalars(
        select(User.unit_id)
        .where(User.id.in_(team_ids(supervisor_id)), User.unit_id.is_not(None))
        .distinct()
    ).all()
    return sorted(((uid, paths[uid]) for uid in ids), key=lambda pair: pair[1].lower())


def team_members(supervisor_id: int) -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .where(User.id.in_(subtree_ids(supervisor_id)), User.active.is_(True))
            .order_by(User.name, User.id)
        )
    )


def member(supervisor_id: int, user_id: int) -> User | None:
    """Someone in the supervisor's subtree, or None (the view answers 404)."""
    return db.session.scalar(
        select(User).where(User.id == user_id, User.id.in_(subtree_ids(supervisor_id)))
    )


def assignable_modules() -> list[tuple[int, str]]:
    """(module id, title) of the modules that can be assigned: published and not archived."""
    return [(v.module_id, v.title) for v in db.session.scalars(published_modules())]


def assign(
    supervisor_id: int,
    user_ids: list[int],
    module_ids: list[int],
    due_date: date | None,
    note: str,
    *,
    today: date,
) -> AssignResult:
    """Check the modules can be assigned, then assign (which checks the people and the date)."""
    if not set(module_ids) <= {module_id for module_id, _title in assignable_modules()}:
        raise DomainError(_l("Modul yang dipilih tidak tersedia."), "module_ids")
    return assignments.assign(supervisor_id, user_ids, module_ids, due_date, note, today=today)


def cancel_assignment(supervisor_id: int, assignment_id: int) -> Assignment:
    """Cancel an open assignment; one the employee has completed stays on the record."""
    assignment = assignments.scoped_assignment(supervisor_id, assignment_id)
    completed = select(Enrollment.id).where(
        Enrollment.user_id == assignment.user_id,
        Enrollment.module_id == assignment.module_id,
        Enrollment.completed_at.is_not(None),
    )
    if db.session.scalar(completed.limit(1)) is not None:
        raise DomainError(
            _l("Tugas ini sudah diselesaikan pegawai dan tetap tercatat; tidak dapat dibatalkan.")
        )
    return assignments.cancel(supervisor_id, assignment_id)


def competency_name_map() -> dict[str, str]:
    return dict(db.session.execute(select(Competency.code, Competency.name)).all())


def enrollment_rtls(enrollment_id: int) -> list[Reflection]:
    return list(
        db.session.scalars(
            select(Reflection).where(
                Reflection.enrollment_id == enrollment_id, Reflection.kind == "rtl"
            )
        )
    )


def _enrollment_totals(team: Select, year_start: BindParameter, year_end: BindParameter):
    in_year = and_(Enrollment.completed_at >= year_start, Enrollment.completed_at < year_end)
    return (
        select(
            Enrollment.user_id.label("user_id"),
            func.sum(case((Enrollment.completed_at.is_(None), 1), else_=0)).label("in_progress"),
            func.sum(case((Enrollment.completed_at.is_not(None), 1), else_=0)).label("completed"),
            func.sum(case((in_year, Enrollment.jp_credited), else_=0)).label("jp_year"),
            func.max(Enrollment.last_activity_at).label("last_activity"),
        )
        .where(Enrollment.user_id.in_(team))
        .group_by(Enrollment.user_id)
        .subquery("enrolled")
    )


def _assignment_totals(team: Select, today: BindParameter):
    overdue = and_(Assignment.due_date < today, Enrollment.completed_at.is_(None))
    return (
        select(
            Assignment.user_id.label("user_id"),
            func.count(Assignment.id).label("assigned"),
            func.sum(case((overdue, 1), else_=0)).label("overdue"),
        )
        .outerjoin(
            Enrollment,
            and_(
                Enrollment.user_id == Assignment.user_id,
                Enrollment.module_id == Assignment.module_id,
            ),
        )
        .where(Assignment.cancelled_at.is_(None), Assignment.user_id.in_(team))
        .group_by(Assignment.user_id)
        .subquery("assigned")
    )


def team_overview(
    supervisor_id: int,
    *,
    today: date,
    jp_target: int,
    unit_id: int | None = None,
    status: str | None = None,
    sort: str = "nama",
    descending: bool = False,
) -> tuple[Select, dict]:
    """One row per active team member with their counts, JP this year and latest activity:
    the select and the values of its parameters."""
    params = {
        "supervisor_id": supervisor_id,
        "today": today,
        "year_start": clock.day_start(date(today.year, 1, 1)),
        "year_end": clock.day_start(date(today.year + 1, 1, 1)),
        "jp_target": jp_target,
        "unit_id": unit_id,
    }
    return _overview_select(unit_id is not None, status, sort, descending), params


@cache
def _overview_select(by_unit: bool, status: str | None, sort: str, descending: bool) -> Select:
    # Built once per filter and sort, every value a bind parameter: building and preparing a new
    # select (cache key, ORM set-up) costs SQLAlchemy about as long as SQLite takes to run it.
    team = team_ids(bindparam("supervisor_id"))
    enrolled = _enrollment_totals(team, bindparam("year_start"), bindparam("year_end"))
    assigned = _assignment_totals(team, bindparam("today"))
    columns = {
        "nama": User.name,
        "nip": User.nip,
        "unit": Unit.name,
        "ditugaskan": func.coalesce(assigned.c.assigned, 0),
        "berlangsung": func.coalesce(enrolled.c.in_progress, 0),
        "selesai": func.coalesce(enrolled.c.completed, 0),
        "terlambat": func.coalesce(assigned.c.overdue, 0),
        "jp": func.coalesce(enrolled.c.jp_year, 0),
        "aktivitas": enrolled.c.last_activity,
    }
    query = (
        select(
            User.id,
            User.unit_id,
            *(col.label(key) for key, col in columns.items()),
            pppk_condition().label("pppk"),
        )
        .outerjoin(Unit, Unit.id == User.unit_id)
        .outerjoin(enrolled, enrolled.c.user_id == User.id)
        .outerjoin(assigned, assigned.c.user_id == User.id)
        .where(User.id.in_(team))
    )
    if by_unit:
        query = query.where(User.unit_id == bindparam("unit_id"))
    if status is not None:
        query = query.where(_status_condition(status, columns, bindparam("jp_target")))
    order = columns[sort].desc() if descending else columns[sort].asc()
    return query.order_by(order.nulls_last(), User.name, User.id)


def _status_condition(status: str, columns: dict, jp_target: BindParameter):
    # The annual target binds PNS only: PPPK have a maximum entitlement, never a shortfall.
    pns = ~pppk_condition()
    return {
        "terlambat": columns["terlambat"] > 0,
        "belum-mulai": columns["berlangsung"] + columns["selesai"] == 0,
        "berlangsung": columns["berlangsung"] > 0,
        "target-tercapai": and_(pns, columns["jp"] >= jp_target),
        "di-bawah-target": and_(pns, columns["jp"] < jp_target),
    }[status]


def assignment_status(today: date):
    """SQL expression: the assignment's status key, from the assignee's enrolment."""
    return case(
        (Enrollment.completed_at.is_not(None), "selesai"),
        (Assignment.due_date < today, "terlambat"),
        (Enrollment.id.is_not(None), "berlangsung"),
        else_="belum-dimulai",
    )


def with_module_and_enrollment(query: Select) -> Select:
    """An assignment query joined to its module's current title and the assignee's enrolment,
    which `assignment_status` reads."""
    return (
        query.join(Module, Module.id == Assignment.module_id)
        .outerjoin(ModuleVersion, ModuleVersion.id == Module.current_version_id)
        .outerjoin(
            Enrollment,
            and_(
                Enrollment.user_id == Assignment.user_id,
                Enrollment.module_id == Assignment.module_id,
            ),
        )
    )


def assignment_rows(supervisor_id: int, today: date, status: str | None = None) -> Select:
    """Active assignments of the subtree with assignee, module title and status, soonest first."""
    status_expr = assignment_status(today)
    query = (
        with_module_and_enrollment(
            select(
                Assignment.id,
                Assignment.due_date,
                Assignment.note,
                Assignment.created_at,
                User.id.label("user_id"),
                User.name,
                User.nip,
                ModuleVersion.title,
                Enrollment.completed_at,
                status_expr.label("status"),
            ).join(User, User.id == Assignment.user_id)
        )
        .where(
            Assignment.cancelled_at.is_(None), Assignment.user_id.in_(subtree_ids(supervisor_id))
        )
        .order_by(Assignment.due_date, User.name, ModuleVersion.title, Assignment.id)
    )
    if status is not None:
        query = query.where(status_expr == status)
    return query
