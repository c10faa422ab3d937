"""What the employee page and the learning record show of one person: set-based, a fixed
handful of statements per page whatever the person has done."""

from datetime import date

from sqlalchemy import func, or_, select

from lms.assignments.models import Assignment
from lms.certificates.models import Certificate
from lms.extensions import db
from lms.learning.models import Enrollment, Lesson, ModuleVersion, Reflection
from lms.quizzes.models import Attempt

from .services import assignment_status, with_module_and_enrollment


def member_enrollments(user_id: int) -> list:
    """(enrolment, module title, number of lessons) for each module the person started."""
    lessons = (
        select(Lesson.version_id, func.count(Lesson.id).label("n"))
        .group_by(Lesson.version_id)
        .subquery()
    )
    return db.session.execute(
        select(Enrollment, ModuleVersion.title, func.coalesce(lessons.c.n, 0).label("lessons"))
        .join(ModuleVersion, ModuleVersion.id == Enrollment.version_id)
        .outerjoin(lessons, lessons.c.version_id == Enrollment.version_id)
        .where(Enrollment.user_id == user_id)
        .order_by(Enrollment.completed_at.is_(None).desc(), Enrollment.last_activity_at.desc())
    ).all()


def member_attempts(user_id: int) -> list:
    """(attempt, module title) for every submitted attempt, latest first."""
    return db.session.execute(
        select(Attempt, ModuleVersion.title)
        .join(ModuleVersion, ModuleVersion.id == Attempt.version_id)
        .where(Attempt.user_id == user_id, Attempt.state == "submitted")
        .order_by(Attempt.submitted_at.desc(), Attempt.id.desc())
    ).all()


def member_certificates(user_id: int) -> list[Certificate]:
    return list(
        db.session.scalars(
            select(Certificate)
            .where(Certificate.user_id == user_id)
            .order_by(Certificate.completed_on.desc())
        )
    )


def member_reflections(user_id: int) -> list:
    """(reflection, module title): action plans always, other reflections only when shared.

    For the direct supervisor's eyes only (is_direct_report): that is what the learner is told.
    """
    return db.session.execute(
        select(Reflection, ModuleVersion.title, ModuleVersion.behaviours)
        .join(Enrollment, Enrollment.id == Reflection.enrollment_id)
        .join(ModuleVersion, ModuleVersion.id == Enrollment.version_id)
        .where(
            Enrollment.user_id == user_id,
            or_(Reflection.kind == "rtl", Reflection.shared.is_(True)),
        )
        .order_by(Reflection.kind.desc(), Reflection.updated_at.desc())
    ).all()


def member_plan_summaries(user_id: int) -> list:
    """(module title, written at, acknowledged at) of each RTL: what a head further up sees,
    without the plan's text, which is for the direct supervisor only."""
    return db.session.execute(
        select(ModuleVersion.title, Reflection.updated_at, Reflection.acknowledged_at)
        .join(Enrollment, Enrollment.id == Reflection.enrollment_id)
        .join(ModuleVersion, ModuleVersion.id == Enrollment.version_id)
        .where(Enrollment.user_id == user_id, Reflection.kind == "rtl")
        .order_by(Reflection.updated_at.desc())
    ).all()


def member_assignments(user_id: int, today: date) -> list:
    """(assignment id, due date, note, module title, status) of the person's active assignments."""
    return db.session.execute(
        with_module_and_enrollment(
            select(
                Assignment.id,
                Assignment.due_date,
                Assignment.note,
                ModuleVersion.title,
                assignment_status(today).label("status"),
            )
        )
        .where(Assignment.user_id == user_id, Assignment.cancelled_at.is_(None))
        .order_by(Assignment.due_date)
    ).all()
