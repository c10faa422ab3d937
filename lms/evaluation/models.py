from datetime import datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.extensions import db
from lms.learning.models import Enrollment
from lms.people.models import User

RATINGS = (1, 2, 3, 4, 5)
# How far the learner's action plan (RTL) was carried out, as an ordinal 0-3. Reports read
# "carried out" as level >= ACTION_PLAN_CARRIED_OUT (most or all of it).
ACTION_PLAN_LEVELS = (0, 1, 2, 3)
ACTION_PLAN_CARRIED_OUT = 2


class BehaviourEvaluation(db.Model):
    """Kirkpatrick level 3 (Evaluasi Pasca Pelatihan): the supervisor's rating of how an employee
    applies a completed module at work, given once per enrolment.

    ratings: {competency code: 1..5} for every competency of the module version taken.
    action_plan_rating: 0 tidak, 1 sebagian, 2 sebagian besar, 3 sepenuhnya dilaksanakan.
    """

    __tablename__ = "behaviour_evaluations"
    __table_args__ = (CheckConstraint("action_plan_rating BETWEEN 0 AND 3", name="action_plan"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    enrollment_id: Mapped[int] = mapped_column(ForeignKey("enrollments.id"), unique=True)
    supervisor_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    ratings: Mapped[dict] = mapped_column(JSON, default=dict)
    action_plan_rating: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())

    enrollment: Mapped[Enrollment] = relationship()
    supervisor: Mapped[User] = relationship()

    @property
    def mean_rating(self) -> float | None:
        values = list(self.ratings.values())
        return sum(values) / len(values) if values else None


# The observable-behaviour scale (documented in content/README.md): how often the supervisor
# sees the behaviour at work. Four points, no middle, so a rating says which way it leans.
BEHAVIOUR_SCALE = (1, 2, 3, 4)
STAGES = ("before", "after")  # at the RTL's acknowledgement; at the post-training evaluation


class BehaviourRating(db.Model):
    """The supervisor's rating of one of a module's observable behaviours for one enrolment,
    before (when acknowledging the RTL) or after (in the post-training evaluation)."""

    __tablename__ = "behaviour_ratings"
    __table_args__ = (
        UniqueConstraint("enrollment_id", "position", "stage"),
        CheckConstraint("rating BETWEEN 1 AND 4", name="scale"),
        CheckConstraint("stage IN ('before', 'after')", name="stage"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    enrollment_id: Mapped[int] = mapped_column(ForeignKey("enrollments.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)  # 1-based, in the version's behaviours
    stage: Mapped[str] = mapped_column(String(6))
    rating: Mapped[int] = mapped_column(Integer)
    supervisor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    rated_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
