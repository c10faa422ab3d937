"""Assignments: a supervisor makes modules compulsory for people in their reporting subtree.

Every write takes the supervisor's id and refuses anyone outside that subtree with OutOfScope,
which views turn into 404 so that nobody learns whether the person exists.
"""

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, bindparam, select

from lms import clock
from lms.errors import DomainError
from lms.extensions import db
from lms.people.models import User
from lms.people.services import subtree_ids

from .models import Assignment

NOTE_MAX = 500


class OutOfScope(LookupError):
    """The person or record is not in the supervisor's subtree (or does not exist)."""


@dataclass(frozen=True)
class AssignResult:
    created: int
    updated: int


# Built once: it runs on every visit to the learner's home.
_ACTIVE_FOR = (
    select(Assignment)
    .where(Assignment.user_id == bindparam("user_id"), Assignment.cancelled_at.is_(None))
    .order_by(Assignment.due_date, Assignment.id)
)


def active_assignments_for(user_id: int) -> list[Assignment]:
    """The learner's compulsory modules ("Wajib"), soonest due first."""
    return list(db.session.scalars(_ACTIVE_FOR, {"user_id": user_id}))


def scoped_assignments(supervisor_id: int) -> Select:
    """Active assignments of everyone in the supervisor's subtree."""
    return select(Assignment).where(
        Assignment.cancelled_at.is_(None), Assignment.user_id.in_(subtree_ids(supervisor_id))
    )


def _check_due_date(due_date: date | None, today: date) -> None:
    if due_date is None:
        raise DomainError(_l("Batas waktu wajib diisi."), "due_date")
    if due_date < today:
        raise DomainError(_l("Batas waktu tidak boleh sebelum hari ini."), "due_date")


def _check_in_scope(supervisor_id: int, user_ids: set[int]) -> None:
    """Refuse unless every id is an active account in the subtree."""
    found = db.session.scalars(
        select(User.id).where(
            User.id.in_(user_ids), User.active.is_(True), User.id.in_(subtree_ids(supervisor_id))
        )
    ).all()
    if set(found) != user_ids:
        raise OutOfScope()


def assign(
    supervisor_id: int,
    user_ids: list[int],
    module_ids: list[int],
    due_date: date | None,
    note: str = "",
    *,
    today: date,
) -> AssignResult:
    """Assign every module to every person; an active assignment gets the new date and note.

    `module_ids` must be modules the caller has checked are assignable (published).
    Everything is checked before anything is written.
    """
    users, modules = set(user_ids), set(module_ids)
    if not users:
        raise DomainError(_l("Pilih minimal satu pegawai."), "user_ids")
    if not modules:
        raise DomainError(_l("Pilih minimal satu modul."), "module_ids")
    _check_due_date(due_date, today)
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise DomainError(_l("Catatan paling banyak %(n)s karakter.", n=NOTE_MAX), "note")
    _check_in_scope(supervisor_id, users)
    existing = {
        (a.user_id, a.module_id): a
        for a in db.session.scalars(
            select(Assignment).where(
                Assignment.user_id.in_(users),
                Assignment.module_id.in_(modules),
                Assignment.cancelled_at.is_(None),
            )
        )
    }
    for user_id in sorted(users):
        for module_id in sorted(modules):
            assignment = existing.get((user_id, module_id))
            if assignment is None:
                assignment = Assignment(user_id=user_id, module_id=module_id)
                db.session.add(assignment)
            assignment.assigned_by_id = supervisor_id
            assignment.due_date = due_date
            assignment.note = note
    db.session.flush()
    return AssignResult(created=len(users) * len(modules) - len(existing), updated=len(existing))


def scoped_assignment(supervisor_id: int, assignment_id: int) -> Assignment:
    """The active assignment if its assignee is in the subtree, else OutOfScope."""
    assignment = db.session.scalar(
        scoped_assignments(supervisor_id).where(Assignment.id == assignment_id)
    )
    if assignment is None:
        raise OutOfScope()
    return assignment


def cancel(supervisor_id: int, assignment_id: int) -> Assignment:
    assignment = scoped_assignment(supervisor_id, assignment_id)
    assignment.cancelled_at = clock.utcnow()
    db.session.flush()
    return assignment


def change_due_date(
    supervisor_id: int, assignment_id: int, due_date: date | None, *, today: date
) -> Assignment:
    assignment = scoped_assignment(supervisor_id, assignment_id)
    _check_due_date(due_date, today)
    assignment.due_date = due_date
    db.session.flush()
    return assignment
