from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.extensions import db
from lms.people.models import User

from .duration import module_minutes


class Competency(db.Model):
    __tablename__ = "competencies"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    type: Mapped[str] = mapped_column(String(20))  # teknis | manajerial | sosial-kultural
    description: Mapped[str] = mapped_column(Text, default="")


class Module(db.Model):
    """A module's lasting identity; its content lives in versions."""

    __tablename__ = "modules"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    # The version learners start on; None until the first publication.
    current_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("module_versions.id", use_alter=True)
    )

    current_version: Mapped["ModuleVersion | None"] = relationship(
        foreign_keys=[current_version_id], post_update=True
    )


# A module's settings, as a trainer edits them and a module's source file declares them, in
# the order the form and the change log show them. Every copy of a version's settings (a new
# draft, an import, the source shape of a version) goes by this list.
SETTINGS = (
    "title", "summary", "competency_codes", "jp", "level",
    "pretest_questions", "posttest_questions", "pass_mark", "max_attempts", "review_policy",
)  # fmt: skip


class ModuleVersion(db.Model):
    """One published (immutable) or draft state of a module's content and test settings."""

    __tablename__ = "module_versions"
    __table_args__ = (UniqueConstraint("module_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("modules.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    overview_html: Mapped[str] = mapped_column(Text, default="")
    level: Mapped[str] = mapped_column(String(20), default="dasar")
    jp: Mapped[int] = mapped_column(Integer)
    pretest_questions: Mapped[int] = mapped_column(Integer)
    posttest_questions: Mapped[int] = mapped_column(Integer)
    pass_mark: Mapped[int] = mapped_column(Integer)
    max_attempts: Mapped[int] = mapped_column(Integer, default=0)  # 0 = unlimited
    # When keys and feedback are shown after a test: lms.quizzes.review.POLICIES.
    review_policy: Mapped[str] = mapped_column(
        String(20), default="standar", server_default="standar"
    )
    competency_codes: Mapped[list] = mapped_column(JSON, default=list)  # ordered; first = default
    # Observable behaviours (module.md `behaviours:`) the supervisor rates before and after:
    # ratings refer to them by 1-based position, so a version's list never changes.
    behaviours: Mapped[list] = mapped_column(JSON, default=list, server_default="[]")
    source_hash: Mapped[str] = mapped_column(String(64), default="")
    published_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())

    module: Mapped[Module] = relationship(foreign_keys=[module_id])
    lessons: Mapped[list["Lesson"]] = relationship(
        back_populates="version", order_by="Lesson.position", cascade="all, delete-orphan"
    )

    @property
    def minutes(self) -> int:
        """The module's duration (lms.learning.duration), as every page shows it."""
        return module_minutes(
            (lesson.study_minutes for lesson in self.lessons),
            self.pretest_questions,
            self.posttest_questions,
        )


class Lesson(db.Model):
    __tablename__ = "lessons"
    __table_args__ = (UniqueConstraint("version_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("module_versions.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)  # 1-based
    title: Mapped[str] = mapped_column(String(200))
    minutes: Mapped[int] = mapped_column(Integer)  # the author's estimate, as written
    # Computed from the blocks when the lesson is built (lms.learning.duration.lesson_minutes):
    # the minutes every page shows and the module's duration adds up.
    study_minutes: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    source: Mapped[str] = mapped_column(Text, default="")  # the Markdown as written
    # Rendered, sanitised blocks: {"kind": "html"|"quiz"|"reflection"|"rtl", "key": ..., ...}
    blocks: Mapped[list] = mapped_column(JSON, default=list)

    version: Mapped[ModuleVersion] = relationship(back_populates="lessons")


class Enrollment(db.Model):
    """A learner's way through one module; also the per-(employee, module) summary for reports."""

    __tablename__ = "enrollments"
    __table_args__ = (UniqueConstraint("user_id", "module_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("modules.id"), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("module_versions.id"), index=True)
    started_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    last_activity_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    last_lesson_position: Mapped[int | None] = mapped_column(Integer)
    lessons_done: Mapped[int] = mapped_column(Integer, default=0)
    pretest_score: Mapped[float | None] = mapped_column(Float)  # first attempt: the baseline
    # The first post-test measures the instruction (N-Gain); the best one decides passing.
    first_posttest_score: Mapped[float | None] = mapped_column(Float)
    best_posttest_score: Mapped[float | None] = mapped_column(Float)
    posttest_attempts: Mapped[int] = mapped_column(Integer, default=0)
    posttest_passed_at: Mapped[datetime | None] = mapped_column(DateTime)
    completed_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)
    jp_credited: Mapped[int] = mapped_column(Integer, default=0)
    # Which parallel form ("A" or "B") is this learner's pre-test; the other is the first
    # post-test. Stored, chosen at enrolment to balance the module's learners (see enroll).
    pretest_form: Mapped[str] = mapped_column(String(1), default="A", server_default="A")
    # Time on task until completion, summed on the server from page-to-page intervals, each
    # capped (lms.learning.study). None: started before it was recorded, so it is unknown.
    study_seconds: Mapped[int | None] = mapped_column(Integer, default=0)
    # When the learner opened their latest page of this module, until the next page closes it.
    page_opened_at: Mapped[datetime | None] = mapped_column(DateTime)

    user: Mapped[User] = relationship()
    module: Mapped[Module] = relationship()
    version: Mapped[ModuleVersion] = relationship()

    @property
    def status(self) -> str:
        return "completed" if self.completed_at else "in_progress"


class LessonProgress(db.Model):
    __tablename__ = "lesson_progress"
    __table_args__ = (UniqueConstraint("enrollment_id", "lesson_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    enrollment_id: Mapped[int] = mapped_column(ForeignKey("enrollments.id"), index=True)
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lessons.id"))
    completed_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())


class Reflection(db.Model):
    """A learner's answer to a reflection prompt or the RTL (action plan) of a module.

    An RTL has four parts: `text` is what the learner will change, then by when, how success
    shows and who is involved. RTLs written before the parts existed have only `text`.
    """

    __tablename__ = "reflections"
    __table_args__ = (UniqueConstraint("enrollment_id", "lesson_id", "block_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    enrollment_id: Mapped[int] = mapped_column(ForeignKey("enrollments.id"), index=True)
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lessons.id"))
    block_key: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(20))  # reflection | rtl
    prompt: Mapped[str] = mapped_column(Text, default="")
    text: Mapped[str] = mapped_column(Text)
    shared: Mapped[bool] = mapped_column(Boolean, default=False)  # RTLs are always seen
    plan_due: Mapped[date | None] = mapped_column(Date)
    plan_success: Mapped[str] = mapped_column(Text, default="", server_default="")
    plan_people: Mapped[str] = mapped_column(Text, default="", server_default="")
    # The direct (or acting) supervisor's acknowledgement of an RTL; it is then final.
    acknowledged_at: Mapped[datetime | None] = mapped_column(DateTime)
    acknowledged_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # The learner's last edit, set by the writers (not onupdate): an acknowledgement is no edit.
    updated_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())

    enrollment: Mapped[Enrollment] = relationship()
    acknowledged_by: Mapped[User | None] = relationship()

    @property
    def plan_complete(self) -> bool:
        return bool(self.text and self.plan_due and self.plan_success and self.plan_people)


class PracticeAnswer(db.Model):
    """An answer to an inline knowledge check: ungraded, kept to see which checks work."""

    __tablename__ = "practice_answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    enrollment_id: Mapped[int] = mapped_column(ForeignKey("enrollments.id"), index=True)
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lessons.id"))
    block_key: Mapped[str] = mapped_column(String(40))
    question_index: Mapped[int] = mapped_column(Integer)
    response: Mapped[dict | list | str | None] = mapped_column(JSON)
    fraction: Mapped[float] = mapped_column(Float)
    answered_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())


# The reaction survey's items: question, and what 1 and 5 mean on its scale (the form and the
# province report's legend both read them here).
SURVEY_SCALES = {
    "relevance": (_l("Relevansi dengan pekerjaan saya"), _l("Tidak relevan"), _l("Sangat relevan")),
    "clarity": (_l("Kejelasan materi"), _l("Sangat tidak jelas"), _l("Sangat jelas")),
    "interactivity": (
        _l("Interaktivitas (latihan, refleksi)"),
        _l("Tidak interaktif"),
        _l("Sangat interaktif"),
    ),
    "ease_of_use": (_l("Kemudahan penggunaan aplikasi"), _l("Sangat sulit"), _l("Sangat mudah")),
}


class ReactionSurvey(db.Model):
    """Kirkpatrick level 1: the learner's reaction after completing a module."""

    __tablename__ = "reaction_surveys"

    id: Mapped[int] = mapped_column(primary_key=True)
    enrollment_id: Mapped[int] = mapped_column(ForeignKey("enrollments.id"), unique=True)
    relevance: Mapped[int] = mapped_column(Integer)
    clarity: Mapped[int] = mapped_column(Integer)
    interactivity: Mapped[int] = mapped_column(Integer)
    ease_of_use: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str] = mapped_column(Text, default="")
    submitted_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
