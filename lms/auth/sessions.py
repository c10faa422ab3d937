"""Session handling: loading the signed-in user and revoking sessions by version."""

from flask import redirect, request, url_for
from flask_login import current_user

from lms.extensions import db, login_manager
from lms.people.models import User


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """Load the user only while the session's version matches: revoked sessions stop here."""
    try:
        id_part, version_part = user_id.split(":")
        user = db.session.get(User, int(id_part))
    except ValueError:
        return None
    if user is None or not user.active or str(user.session_version) != version_part:
        return None
    return user


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
