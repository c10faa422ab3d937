from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.extensions import db
from lms.people.models import Unit, User

IKM_MIN, IKM_MAX = 0.0, 100.0
# PermenPANRB No. 14 Tahun 2017: the nine survey elements U1-U9, each scored 1-4.
ELEMENTS = tuple(f"u{i}" for i in range(1, 10))
ELEMENT_MIN, ELEMENT_MAX = 1.0, 4.0
_NO_SURVEY = " AND ".join(f"{name} IS NULL" for name in ("respondents", *ELEMENTS))
_SURVEY = " AND ".join(["respondents >= 1"] + [f"{name} >= 1 AND {name} <= 4" for name in ELEMENTS])
SURVEY_CHECK = f"({_NO_SURVEY}) OR ({_SURVEY})"
WAITING_N_CHECK = "waiting_n IS NULL OR (waiting_n >= 1 AND waiting_minutes IS NOT NULL)"


class ServiceIndicator(db.Model):
    """Kirkpatrick level 4: a unit's public-service results in one month, recorded by an admin.

    `month` is the first day of the month. A survey (SKM) is entered as the mean score of each
    of the nine elements and the number of respondents; `ikm` is then their mean × 25. Rows
    recorded before that rule hold only a monthly IKM without elements or respondents: they stay
    readable as legacy figures but carry no weight in the comparisons. The waiting time comes
    with the number of services it was measured on (`waiting_n`), its weight.
    """

    __tablename__ = "service_indicators"
    __table_args__ = (
        UniqueConstraint("unit_id", "month"),
        CheckConstraint("waiting_minutes IS NULL OR waiting_minutes >= 0", name="waiting_minutes"),
        CheckConstraint("ikm IS NULL OR (ikm >= 0 AND ikm <= 100)", name="ikm"),
        CheckConstraint("waiting_minutes IS NOT NULL OR ikm IS NOT NULL", name="some_value"),
        CheckConstraint(SURVEY_CHECK, name="survey"),
        CheckConstraint(WAITING_N_CHECK, name="waiting_n"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    month: Mapped[date] = mapped_column(Date)
    waiting_minutes: Mapped[float | None] = mapped_column(Float)
    waiting_n: Mapped[int | None] = mapped_column(Integer)
    ikm: Mapped[float | None] = mapped_column(Float)
    respondents: Mapped[int | None] = mapped_column(Integer)
    u1: Mapped[float | None] = mapped_column(Float)
    u2: Mapped[float | None] = mapped_column(Float)
    u3: Mapped[float | None] = mapped_column(Float)
    u4: Mapped[float | None] = mapped_column(Float)
    u5: Mapped[float | None] = mapped_column(Float)
    u6: Mapped[float | None] = mapped_column(Float)
    u7: Mapped[float | None] = mapped_column(Float)
    u8: Mapped[float | None] = mapped_column(Float)
    u9: Mapped[float | None] = mapped_column(Float)
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())

    unit: Mapped[Unit] = relationship()
    recorded_by: Mapped[User | None] = relationship()

    @property
    def legacy_ikm(self) -> bool:
        """An IKM recorded as a bare monthly value, without elements or respondents."""
        return self.ikm is not None and self.respondents is None


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
