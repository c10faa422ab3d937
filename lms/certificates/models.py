from datetime import datetime

from sqlalchemy import JSON, DateTime, Float, ForeignKey, Integer, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from lms.extensions import db


class Certificate(db.Model):
    """Proof of a completed module; the learner's details are copied as they were on the day."""

    __tablename__ = "certificates"

    id: Mapped[int] = mapped_column(primary_key=True)
    enrollment_id: Mapped[int] = mapped_column(ForeignKey("enrollments.id"), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    number: Mapped[str] = mapped_column(String(40), unique=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)  # unguessable, >= 120 bits
    issued_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    started_on: Mapped[datetime] = mapped_column(DateTime)  # enrolment start, for SIASN
    completed_on: Mapped[datetime] = mapped_column(DateTime)
    holder_name: Mapped[str] = mapped_column(String(200))
    holder_nip: Mapped[str] = mapped_column(String(18))
    holder_grade: Mapped[str] = mapped_column(String(100))
    holder_position: Mapped[str] = mapped_column(String(200))
    holder_unit: Mapped[str] = mapped_column(String(400))
    module_title: Mapped[str] = mapped_column(String(200))
    module_version: Mapped[int] = mapped_column(Integer)
    competencies: Mapped[list] = mapped_column(JSON, default=list)  # names
    jp: Mapped[int] = mapped_column(Integer)
    score: Mapped[float] = mapped_column(Float)
    issuer: Mapped[str] = mapped_column(String(200))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)
    revoked_reason: Mapped[str] = mapped_column(Text, default="")

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None
