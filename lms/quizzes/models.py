from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.extensions import db
from lms.learning.models import Enrollment, ModuleVersion


class Question(db.Model):
    """A bank question of one module version (immutable once the version is published)."""

    __tablename__ = "questions"
    __table_args__ = (UniqueConstraint("version_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("module_versions.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(255), default="")
    competency_code: Mapped[str] = mapped_column(String(40))
    gradeable: Mapped[bool] = mapped_column(Boolean)
    # The question in the JSON schema of `lms content check --json`, plus sanitised *_html keys.
    data: Mapped[dict] = mapped_column(JSON)


class Attempt(db.Model):
    __tablename__ = "attempts"
    __table_args__ = (
        UniqueConstraint("enrollment_id", "test", "number"),
        # At most one open attempt per test at a time, enforced by the database.
        Index(
            "uq_attempts_one_open",
            "enrollment_id",
            "test",
            unique=True,
            sqlite_where=text("state = 'open'"),
            postgresql_where=text("state = 'open'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    enrollment_id: Mapped[int] = mapped_column(ForeignKey("enrollments.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("module_versions.id"))
    test: Mapped[str] = mapped_column(String(10))  # pre | post
    number: Mapped[int] = mapped_column(Integer)  # 1, 2, ... per test
    state: Mapped[str] = mapped_column(String(10), default="open")  # open | submitted
    started_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    saved_at: Mapped[datetime | None] = mapped_column(DateTime)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)
    score: Mapped[float | None] = mapped_column(Float)  # percent, 0-100
    passed: Mapped[bool | None] = mapped_column(Boolean)

    enrollment: Mapped[Enrollment] = relationship()
    # The version the questions were drawn from: its pass mark and attempt limit apply.
    version: Mapped[ModuleVersion] = relationship()
    items: Mapped[list["AttemptItem"]] = relationship(
        order_by="AttemptItem.position", cascade="all, delete-orphan", back_populates="attempt"
    )

    @property
    def is_open(self) -> bool:
        return self.state == "open"


class AttemptItem(db.Model):
    """One question as shown in an attempt, the learner's response and its grade."""

    __tablename__ = "attempt_items"
    __table_args__ = (
        UniqueConstraint("attempt_id", "position"),
        UniqueConstraint("attempt_id", "question_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempts.id"))
    position: Mapped[int] = mapped_column(Integer)  # 1-based, as shown
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id"), index=True)
    competency_code: Mapped[str] = mapped_column(String(40))
    snapshot: Mapped[dict] = mapped_column(JSON)  # the question as it was when shown
    presented: Mapped[dict] = mapped_column(JSON)  # what the learner saw (shuffled, no keys)
    response: Mapped[dict | list | str | None] = mapped_column(JSON)
    fraction: Mapped[float | None] = mapped_column(Float)

    attempt: Mapped[Attempt] = relationship(back_populates="items")
