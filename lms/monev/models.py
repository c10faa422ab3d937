from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.extensions import db
from lms.people.models import Unit, User

IKM_MIN, IKM_MAX = 0.0, 100.0


class ServiceIndicator(db.Model):
    """Kirkpatrick level 4: a unit's public-service results in one month, recorded by an admin.

    `month` is the first day of the month. Either figure may be missing (IKM surveys are often
    run once a semester or a year), but a row holds at least one of them.
    """

    __tablename__ = "service_indicators"
    __table_args__ = (
        UniqueConstraint("unit_id", "month"),
        CheckConstraint("waiting_minutes IS NULL OR waiting_minutes >= 0", name="waiting_minutes"),
        CheckConstraint("ikm IS NULL OR (ikm >= 0 AND ikm <= 100)", name="ikm"),
        CheckConstraint("waiting_minutes IS NOT NULL OR ikm IS NOT NULL", name="some_value"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    month: Mapped[date] = mapped_column(Date)
    waiting_minutes: Mapped[float | None] = mapped_column(Float)
    ikm: Mapped[float | None] = mapped_column(Float)
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())

    unit: Mapped[Unit] = relationship()
    recorded_by: Mapped[User | None] = relationship()


class ProgrammeStart(db.Model):
    """The month the learning programme started in a unit, when an admin sets it.

    Without a row the start is the unit's first completion month (see results.programme_starts).
    """

    __tablename__ = "programme_starts"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), unique=True)
    month: Mapped[date] = mapped_column(Date)
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    set_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
