"""Who may use a route: one decorator per role, checked in one place."""

from functools import wraps

from flask import abort
from flask_login import current_user, login_required


def current_roles() -> set[str]:
    """The signed-in user's roles, worked out once per request by lms.auth.sessions."""
    if not current_user.is_authenticated:
        return set()
    return current_user.request_roles


def role_required(*roles: str):
    """Allow signed-in users holding any of the roles; others get 403."""

    def decorate(view):
        @wraps(view)
        @login_required
        def guarded(*args, **kwargs):
            if not current_roles() & set(roles):
                abort(403)
            return view(*args, **kwargs)

        guarded.allowed_roles = roles
        return guarded

    return decorate


def public(view):
    """Mark a route as open to anonymous visitors (the route inventory test reads it)."""
    view.allowed_roles = ("anonymous",)
    return view
