"""Time on task, recorded on the server from page-to-page intervals.

Each page a learner opens in a module (a lesson, a check, the module page, a test page) opens
an interval on that enrolment; the learner's next page of any tracked kind closes it and adds
its length, capped at STUDY_PAGE_CAP_MINUTES, to the enrolment's study time. The cap bounds what
an idle tab or a walk away from the desk can add; the last page before leaving is closed (and
capped) at the next visit. Only time before completion counts: it is what the "terlalu cepat"
flag compares with the module's duration (lms.learning.duration).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import bindparam, func, select

from lms.extensions import db

from .duration import module_minutes, too_fast
from .models import Enrollment, Lesson, ModuleVersion

_OPEN_PAGES = select(Enrollment).where(
    Enrollment.user_id == bindparam("user_id"), Enrollment.page_opened_at.is_not(None)
)


def _close(enrollment: Enrollment, now: datetime, cap: timedelta) -> None:
    spent = min(max(now - enrollment.page_opened_at, timedelta(0)), cap)
    if enrollment.study_seconds is not None and enrollment.completed_at is None:
        enrollment.study_seconds += int(spent.total_seconds())
    enrollment.page_opened_at = None


def close_pages(user_id: int, now: datetime, cap_minutes: int) -> bool:
    """Add the time since each open page of the learner's (capped) to its enrolment; True when
    a page was open."""
    cap = timedelta(minutes=cap_minutes)
    closed = False
    for enrollment in db.session.scalars(_OPEN_PAGES, {"user_id": user_id}):
        _close(enrollment, now, cap)
        closed = True
    return closed


def record_page(
    user_id: int,
    enrollment: Enrollment | None,
    now: datetime,
    cap_minutes: int,
    others_open: bool = True,
) -> bool:
    """The learner opened a page: close the page before it, open this one on `enrollment`
    (None: a page outside any module, such as the home page). Each interval counts for at most
    `cap_minutes` (STUDY_PAGE_CAP_MINUTES). `others_open=False`: the caller knows that none of
    the learner's pages is open. True when there is something to store.

    Shortcut for speed: opening a page closes every other, so a learner has one open page; when
    it is this enrolment's (a learner going from page to page in a module), it is closed and
    opened again on the row already loaded, stored in the UPDATE the request makes anyway, with
    no look-up of the others. Two tabs in two modules at the same instant can leave a second
    page open; it is closed, capped, when the learner next opens a page elsewhere or the home
    page (tests/learning/test_study_statements.py).
    """
    changed = False
    if enrollment is not None and enrollment.page_opened_at is not None:
        if enrollment.page_opened_at == now and enrollment.completed_at is None:
            return False  # the same page again within the second: nothing changes
        _close(enrollment, now, timedelta(minutes=cap_minutes))
        changed = True
    elif others_open:
        changed = close_pages(user_id, now, cap_minutes)
    if enrollment is not None and enrollment.completed_at is None:
        enrollment.page_opened_at = now
        changed = True
    return changed


def version_minutes(version_ids: set[int]) -> dict[int, int]:
    """Each version's duration (lms.learning.duration.module_minutes), in one query."""
    lessons = (
        select(Lesson.version_id, func.sum(Lesson.study_minutes).label("minutes"))
        .group_by(Lesson.version_id)
        .subquery()
    )
    rows = db.session.execute(
        select(
            ModuleVersion.id,
            func.coalesce(lessons.c.minutes, 0),
            ModuleVersion.pretest_questions,
            ModuleVersion.posttest_questions,
        )
        .outerjoin(lessons, lessons.c.version_id == ModuleVersion.id)
        .where(ModuleVersion.id.in_(list(version_ids)))
    )
    return {
        version_id: module_minutes([minutes], pre, post) for version_id, minutes, pre, post in rows
    }


def study_minutes(seconds: int | None) -> int | None:
    """Recorded study time in whole minutes, as reports show it (None: not recorded)."""
    return None if seconds is None else round(seconds / 60)


@dataclass(frozen=True)
class StudyTime:
    """An enrolment's time on task beside its module's duration, as supervisors see it."""

    minutes: int | None  # recorded until completion; None: not recorded (older enrolment)
    duration: int  # the module's duration in minutes
    too_fast: bool  # completed in under TOO_FAST_SHARE of the duration


def study_times(enrollments: list[Enrollment]) -> dict[int, StudyTime]:
    """StudyTime per enrolment id, with the durations in one query."""
    durations = version_minutes({e.version_id for e in enrollments})
    return {
        e.id: StudyTime(
            minutes=study_minutes(e.study_seconds),
            duration=durations.get(e.version_id, 0),
            too_fast=e.completed_at is not None
            and too_fast(e.study_seconds, durations.get(e.version_id, 0)),
        )
        for e in enrollments
    }
