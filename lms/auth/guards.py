"""Who may use a route: one decorator per role, checked in one place."""

from functools import wraps

from flask import abort, request
from flask_login import current_user, login_required

from lms.people.services import roles_of


def current_roles() -> set[str]:
    """The signed-in user's roles, worked out once per request."""
    if not current_user.is_authenticated:
        return set()
    loaded = getattr(current_user, "request_roles", None)  # set by the user loader
    if loaded is not None:
        return loaded
    cached = getattr(request, "_lms_roles", None)
    if cached is None or cached[0] != current_user.id:
        cached = (current_user.id, roles_of(current_user))
        request._lms_roles = cached
    return cached[1]


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
