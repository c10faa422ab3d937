from datetime import datetime

from sqlalchemy import (
    JSON,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from lms.extensions import db


class Emblem(db.Model):
    """An issuer's emblem as re-encoded on upload; kept when replaced, for older certificates."""

    __tablename__ = "certificate_emblems"

    id: Mapped[int] = mapped_column(primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    content_type: Mapped[str] = mapped_column(String(20))
    uploaded_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    uploaded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class Issuer(db.Model):
    """The issuing agency named by CERTIFICATE_ISSUER, with its signatory and emblem.

    New certificates copy these, so a change of signatory leaves issued certificates as signed.
    """

    __tablename__ = "certificate_issuers"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    signatory_name: Mapped[str] = mapped_column(String(200), default="")
    signatory_nip: Mapped[str] = mapped_column(String(18), default="")
    signatory_position: Mapped[str] = mapped_column(String(200), default="")
    emblem_id: Mapped[int | None] = mapped_column(ForeignKey("certificate_emblems.id"))
    updated_at: Mapped[datetime] = mapped_column(
        DateTime, server_default=func.now(), onupdate=func.now()
    )


class Certificate(db.Model):
    """Proof of a completed module; the learner's details are copied as they were on the day.

    A re-issue (corrected details) is a new certificate with a new number for the same
    enrolment and the next `edition`; the one it replaces stays, revoked, with its number.
    """

    __tablename__ = "certificates"
    # One certificate per enrolment and edition: two completions racing both fail but one.
    __table_args__ = (UniqueConstraint("enrollment_id", "edition"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    enrollment_id: Mapped[int] = mapped_column(ForeignKey("enrollments.id"), index=True)
    edition: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
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
    signatory_name: Mapped[str] = mapped_column(String(200), default="", server_default="")
    signatory_nip: Mapped[str] = mapped_column(String(18), default="", server_default="")
    signatory_position: Mapped[str] = mapped_column(String(200), default="", server_default="")
    emblem_id: Mapped[int | None] = mapped_column(ForeignKey("certificate_emblems.id"))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)
    revoked_reason: Mapped[str] = mapped_column(Text, default="")

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None
