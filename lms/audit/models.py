from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import DateTime, ForeignKey, Index, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.extensions import db

if TYPE_CHECKING:  # for annotations only: people's pages record here, so audit sits below people
    from lms.people.models import User


class AuditEvent(db.Model):
    """One security-relevant action: who, when, what and from where.

    Append-only: the code has no path that updates or deletes a row.
    """

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_action_at", "action", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now(), index=True)
    # Kept nullable (and the NIP copied) so the trail survives a failed sign-in by an unknown NIP.
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    actor_nip: Mapped[str] = mapped_column(String(18), default="", index=True)
    action: Mapped[str] = mapped_column(String(50))
    target: Mapped[str] = mapped_column(String(200), default="")
    detail: Mapped[str] = mapped_column(Text, default="")
    ip: Mapped[str] = mapped_column(String(45), default="")
    user_agent: Mapped[str] = mapped_column(String(200), default="")

    actor: Mapped["User | None"] = relationship("User")
