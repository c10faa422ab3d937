from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Index, Text, func, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.extensions import db
from lms.people.models import User


class Assignment(db.Model):
    """A module a supervisor made compulsory ("Wajib") for someone in their team, with a due date.

    Cancelling keeps the row (cancelled_at) so the history stays; only one assignment per
    (employee, module) may be active at a time, which the database enforces.
    """

    __tablename__ = "assignments"
    __table_args__ = (
        Index(
            "uq_assignments_one_active",
            "user_id",
            "module_id",
            unique=True,
            sqlite_where=text("cancelled_at IS NULL"),
            postgresql_where=text("cancelled_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # By table name: this package sits below learning and must not import its models.
    module_id: Mapped[int] = mapped_column(ForeignKey("modules.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    assigned_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    due_date: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    cancelled_at: Mapped[datetime | None] = mapped_column(DateTime)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    assigned_by: Mapped[User] = relationship(foreign_keys=[assigned_by_id])

    @property
    def is_active(self) -> bool:
        return self.cancelled_at is None
