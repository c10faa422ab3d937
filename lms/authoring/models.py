from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.extensions import db
from lms.people.models import User


class AuthoringChange(db.Model):
    """Who changed what in a module, and when (a module may have several maintainers)."""

    __tablename__ = "authoring_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("modules.id"), index=True)
    version_id: Mapped[int | None] = mapped_column(ForeignKey("module_versions.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(40))  # e.g. lesson.update, question.create, publish
    detail: Mapped[str] = mapped_column(Text, default="")
    changed_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())

    user: Mapped[User] = relationship()


class VersionOverview(db.Model):
    """The Markdown a version's overview_html was rendered from, so trainers can edit it again."""

    __tablename__ = "version_overviews"

    version_id: Mapped[int] = mapped_column(ForeignKey("module_versions.id"), primary_key=True)
    source: Mapped[str] = mapped_column(Text, default="")


class AuthoringImage(db.Model):
    """An image a trainer uploaded for a module's lessons; the file lives in UPLOAD_DIR."""

    __tablename__ = "authoring_images"

    id: Mapped[int] = mapped_column(primary_key=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("modules.id"), index=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)  # random hex + extension
    content_type: Mapped[str] = mapped_column(String(40))
    size: Mapped[int] = mapped_column(Integer)
    original_name: Mapped[str] = mapped_column(String(255), default="")  # shown, never used
    uploaded_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())


class ModuleMaintainer(db.Model):
    """A trainer who may change, publish, archive and export a module (admins always may)."""

    __tablename__ = "module_maintainers"
    __table_args__ = (UniqueConstraint("module_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("modules.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)

    user: Mapped[User] = relationship()
