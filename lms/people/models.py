from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.extensions import db

GRANTED_ROLES = ("trainer", "admin")


class Unit(db.Model):
    __tablename__ = "units"
    __table_args__ = (UniqueConstraint("parent_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)

    parent: Mapped["Unit | None"] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list["Unit"]] = relationship(back_populates="parent", order_by="Unit.name")

    @property
    def path(self) -> str:
        """Full name, e.g. 'Dinas Kesehatan > Bidang P2P' (for many units: services.unit_paths)."""
        return f"{self.parent.path} > {self.name}" if self.parent else self.name


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    nip: Mapped[str] = mapped_column(String(18), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254))
    position: Mapped[str] = mapped_column(String(200), default="")
    grade: Mapped[str] = mapped_column(String(10), default="")
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    supervisor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    # Plt. atasan: set by an admin, in effect only while the supervisor post is vacant.
    acting_supervisor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    # Bumped to revoke every existing session of this user (sign-out everywhere, password change).
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())

    unit: Mapped[Unit | None] = relationship()
    supervisor: Mapped["User | None"] = relationship(remote_side=[id], foreign_keys=[supervisor_id])
    acting_supervisor: Mapped["User | None"] = relationship(
        remote_side=[id], foreign_keys=[acting_supervisor_id]
    )
    role_grants: Mapped[list["RoleGrant"]] = relationship(
        cascade="all, delete-orphan", back_populates="user"
    )

    @property
    def granted_roles(self) -> set[str]:
        return {grant.role for grant in self.role_grants}

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"


class RoleGrant(db.Model):
    """A role given by an admin; 'learner' is everyone's and 'supervisor' follows from reports."""

    __tablename__ = "role_grants"
    __table_args__ = (UniqueConstraint("user_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    role: Mapped[str] = mapped_column(String(20))

    user: Mapped[User] = relationship(back_populates="role_grants")
