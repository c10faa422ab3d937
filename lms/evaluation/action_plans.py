"""The direct supervisor's acknowledgement of an RTL, with the baseline behaviour ratings.

Only the direct supervisor, or the acting one while that post is vacant
(lms.people.services.reports_to), acknowledges; a head further up sees that it happened.
"""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from lms.assignments.services import OutOfScope
from lms.errors import DomainError
from lms.extensions import db
from lms.learning.models import Enrollment, Reflection
from lms.people.services import is_direct_report
from lms.web.params import to_int

from .models import BEHAVIOUR_SCALE, BehaviourRating

BEHAVIOUR_LABELS = {
    1: _l("1 – Belum terlihat"),
    2: _l("2 – Kadang-kadang terlihat"),
    3: _l("3 – Sering terlihat"),
    4: _l("4 – Selalu terlihat, menjadi kebiasaan"),
}


def rtl_of(enrollment_id: int) -> Reflection | None:
    return db.session.scalar(
        select(Reflection)
        .where(Reflection.enrollment_id == enrollment_id, Reflection.kind == "rtl")
        .order_by(Reflection.id)
        .limit(1)
    )


def checked_behaviour_ratings(behaviours: list[str], ratings: dict) -> dict[int, int]:
    """{position: 1..4} for every behaviour of the version; DomainError names the first gap."""
    if set(ratings) - set(range(1, len(behaviours) + 1)):
        raise DomainError(_l("Penilaian memuat perilaku yang bukan bagian dari modul ini."))
    checked = {}
    for position in range(1, len(behaviours) + 1):
        value = to_int(ratings.get(position))
        if value not in BEHAVIOUR_SCALE:
            raise DomainError(
                _l("Pilih nilai 1–4 untuk perilaku: %(b)s", b=behaviours[position - 1]),
                f"behaviour_{position}",
            )
        checked[position] = value
    return checked


def add_ratings(
    enrollment: Enrollment, stage: str, checked: dict[int, int], supervisor_id: int, now
) -> None:
    for position, rating in checked.items():
        db.session.add(
            BehaviourRating(
                enrollment_id=enrollment.id,
                position=position,
                stage=stage,
                rating=rating,
                supervisor_id=supervisor_id,
                rated_at=now,
            )
        )


def acknowledge(
    supervisor_id: int, enrollment: Enrollment, ratings: dict, now: datetime
) -> Reflection:
    """Acknowledge the learner's RTL and rate each of the module's behaviours as the baseline.

    Raises OutOfScope for anyone but the direct (or acting) supervisor; the view answers 404.
    """
    if not is_direct_report(supervisor_id, enrollment.user_id):
        raise OutOfScope()
    rtl = rtl_of(enrollment.id)
    if rtl is None:
        raise DomainError(_l("Pegawai ini belum menulis RTL untuk modul ini."))
    if rtl.acknowledged_at is not None:
        raise DomainError(_l("RTL ini sudah diakui."))
    if not rtl.plan_complete:
        raise DomainError(
            _l(
                "RTL ini belum lengkap (ditulis sebelum RTL memiliki empat bagian). Minta pegawai "
                "melengkapi tanggal target, tanda keberhasilan, dan pihak yang terlibat."
            )
        )
    checked = checked_behaviour_ratings(enrollment.version.behaviours, ratings)
    add_ratings(enrollment, "before", checked, supervisor_id, now)
    rtl.acknowledged_at = now
    rtl.acknowledged_by_id = supervisor_id
    db.session.flush()
    return rtl


def ratings_of(enrollment_id: int) -> dict[str, dict[int, int]]:
    """{"before": {position: rating}, "after": {...}} of one enrolment."""
    rows = db.session.scalars(
        select(BehaviourRating).where(BehaviourRating.enrollment_id == enrollment_id)
    )
    found: dict[str, dict[int, int]] = {"before": {}, "after": {}}
    for row in rows:
        found[row.stage][row.position] = row.rating
    return found
