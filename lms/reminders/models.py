from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from lms.extensions import db


class ReminderLog(db.Model):
    """One reminder e-mail that went out; its unique key stops the same reminder going twice.

    Keys: "due3:<assignment>:<due date>", "overdue:<assignment>:<ISO week>",
    "digest:<supervisor>:<ISO week>".
    """

    __tablename__ = "reminder_logs"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    kind: Mapped[str] = mapped_column(String(20))  # due3 | overdue | digest
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    assignment_id: Mapped[int | None] = mapped_column(ForeignKey("assignments.id"))
    sent_at: Mapped[datetime] = mapped_column(DateTime)
