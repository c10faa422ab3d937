"""Kirkpatrick level 3: the supervisor's post-training evaluation of a completed module."""

from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, exists, func, select
from sqlalchemy.orm import joinedload

from lms.assignments.services import OutOfScope
from lms.errors import DomainError
from lms.extensions import db
from lms.learning.models import Enrollment
from lms.people.models import User
from lms.people.services import direct_report_ids, is_direct_report
from lms.web.params import to_int

from . import action_plans
from .models import ACTION_PLAN_LEVELS, RATINGS, BehaviourEvaluation

NOTE_MAX = 2000
RATING_LABELS = {
    1: _l("1 – Belum menerapkan"),
    2: _l("2 – Mulai menerapkan"),
    3: _l("3 – Cukup menerapkan"),
    4: _l("4 – Menerapkan dengan baik"),
    5: _l("5 – Menerapkan dan menularkan"),
}
ACTION_PLAN_LABELS = {
    0: _l("Tidak dilaksanakan"),
    1: _l("Sebagian dilaksanakan"),
    2: _l("Sebagian besar dilaksanakan"),
    3: _l("Sepenuhnya dilaksanakan"),
}


def cutoff(delay_days: int, now: datetime) -> datetime:
    """Modules completed on or before this moment are due for evaluation."""
    return now - timedelta(days=delay_days)


def due_for_evaluation(supervisor_id: int, delay_days: int, now: datetime) -> Select:
    """Completed enrolments of active direct reports, old enough and not yet evaluated.

    Only the direct supervisor (or the acting one while that post is vacant) evaluates: a head
    further up sees the result, but giving it would lock the direct supervisor out.
    """
    return (
        _due(select(Enrollment), supervisor_id, delay_days, now)
        .options(joinedload(Enrollment.user), joinedload(Enrollment.version))
        .order_by(Enrollment.completed_at, Enrollment.id)
    )


def count_due_for_evaluation(supervisor_id: int, delay_days: int, now: datetime) -> int:
    """How many evaluations wait for this supervisor: the figure their team page leads with."""
    counted = select(func.count(Enrollment.id))
    return db.session.scalar(_due(counted, supervisor_id, delay_days, now)) or 0


def _due(query: Select, supervisor_id: int, delay_days: int, now: datetime) -> Select:
    return query.join(User, User.id == Enrollment.user_id).where(
        Enrollment.user_id.in_(direct_report_ids(supervisor_id)),
        User.active.is_(True),
        Enrollment.completed_at.is_not(None),
        Enrollment.completed_at <= cutoff(delay_days, now),
        ~exists().where(BehaviourEvaluation.enrollment_id == Enrollment.id),
    )


def is_due(enrollment: Enrollment, delay_days: int, now: datetime) -> bool:
    completed = enrollment.completed_at
    return completed is not None and completed <= cutoff(delay_days, now)


def scoped_completed_enrollment(supervisor_id: int, enrollment_id: int) -> Enrollment | None:
    """A completed enrolment of a direct report, or None (the view answers 404)."""
    return db.session.scalar(
        select(Enrollment).where(
            Enrollment.id == enrollment_id,
            Enrollment.completed_at.is_not(None),
            Enrollment.user_id.in_(direct_report_ids(supervisor_id)),
        )
    )


def evaluation_for(enrollment_id: int) -> BehaviourEvaluation | None:
    return db.session.scalar(
        select(BehaviourEvaluation).where(BehaviourEvaluation.enrollment_id == enrollment_id)
    )


def evaluations_by_enrollment(user_id: int) -> dict[int, BehaviourEvaluation]:
    rows = db.session.scalars(
        select(BehaviourEvaluation)
        .join(Enrollment, Enrollment.id == BehaviourEvaluation.enrollment_id)
        .where(Enrollment.user_id == user_id)
        .options(joinedload(BehaviourEvaluation.supervisor))
    )
    return {row.enrollment_id: row for row in rows}


def _int_in(value, allowed) -> int | None:
    number = to_int(value)
    return number if number in allowed else None


def _checked_ratings(codes: list[str], ratings: dict) -> dict[str, int]:
    if set(ratings) - set(codes):
        raise DomainError(_l("Penilaian memuat kompetensi yang bukan bagian dari modul ini."))
    checked = {}
    for code in codes:
        value = _int_in(ratings.get(code), RATINGS)
        if value is None:
            raise DomainError(_l("Pilih nilai 1–5 untuk setiap kompetensi."), code)
        checked[code] = value
    return checked


def record(
    supervisor_id: int,
    enrollment: Enrollment,
    ratings: dict,
    action_plan,
    note: str,
    *,
    delay_days: int,
    now: datetime,
    behaviours: dict | None = None,
) -> BehaviourEvaluation:
    """Store the evaluation once; every competency of the module version gets a 1-5 rating,
    and every observable behaviour of the version its "after" rating (1-4)."""
    if not is_direct_report(supervisor_id, enrollment.user_id):
        raise OutOfScope()
    if not is_due(enrollment, delay_days, now):
        raise DomainError(
            _l("Evaluasi baru dapat diisi %(n)s hari setelah modul selesai.", n=delay_days)
        )
    if evaluation_for(enrollment.id) is not None:
        raise DomainError(_l("Evaluasi pasca pelatihan untuk modul ini sudah diisi."), "done")
    checked = _checked_ratings(enrollment.version.competency_codes, ratings)
    after = action_plans.checked_behaviour_ratings(enrollment.version.behaviours, behaviours or {})
    level = _int_in(action_plan, ACTION_PLAN_LEVELS)
    if level is None:
        raise DomainError(_l("Pilih sejauh mana RTL dilaksanakan."), "action_plan")
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise DomainError(_l("Catatan paling banyak %(n)s karakter.", n=NOTE_MAX), "note")
    evaluation = BehaviourEvaluation(
        enrollment_id=enrollment.id,
        supervisor_id=supervisor_id,
        ratings=checked,
        action_plan_rating=level,
        note=note,
    )
    db.session.add(evaluation)
    action_plans.add_ratings(enrollment, "after", after, supervisor_id, now)
    db.session.flush()
    return evaluation
