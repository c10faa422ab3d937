"""Session handling: loading the signed-in user and revoking sessions by version."""

from flask import redirect, request, url_for
from flask_login import current_user, login_user
from sqlalchemy import bindparam, exists, func, select
from sqlalchemy.orm import aliased

from lms.extensions import db, login_manager
from lms.people.models import RoleGrant, User
from lms.people.services import reports_to, role_set, roles_of

_report = aliased(User)
# The user, their granted roles and whether anyone reports to them: one statement on every
# signed-in request instead of three (the roles decide the menu and every route guard).
_SIGNED_IN = select(
    User,
    select(func.aggregate_strings(RoleGrant.role, ","))
    .where(RoleGrant.user_id == User.id)
    .scalar_subquery(),
    exists().where(reports_to(_report, User.id)),
).where(User.id == bindparam("user_id"))


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """Load the user only while the session's version matches: revoked sessions stop here."""
    try:
        id_part, version_part = user_id.split(":")
        row = db.session.execute(_SIGNED_IN, {"user_id": int(id_part)}).first()
    except ValueError:
        return None
    if row is None:
        return None
    user, granted, has_reports = row
    if not user.active or str(user.session_version) != version_part:
        return None
    user.request_roles = role_set(granted.split(",") if granted else (), has_reports)
    return user


def sign_in(user: User) -> None:
    """Sign the user in; their roles for the rest of this request (the loader does it after)."""
    user.request_roles = roles_of(user)
    login_user(user)


def force_password_change():
    """Before any other page, a user with a temporary password must choose their own."""
    allowed = {"auth.change_password", "auth.logout", "static", "core.healthz", "core.language"}
    if (
        current_user.is_authenticated
        and current_user.must_change_password
        and request.endpoint not in allowed
    ):
        return redirect(url_for("auth.change_password"))
    return None
