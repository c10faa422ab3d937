from datetime import datetime

from sqlalchemy import DateTime, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from lms.extensions import db


class RateLimitHit(db.Model):
    """One counted attempt (e.g. a failed sign-in) under a rate-limit key.

    Stored in the database so every worker process and app server sees the same count.
    """

    __tablename__ = "rate_limit_hits"
    __table_args__ = (Index("ix_rate_limit_hits_key_at", "key", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(120))
    at: Mapped[datetime] = mapped_column(DateTime, index=True)  # the sweep deletes by age
