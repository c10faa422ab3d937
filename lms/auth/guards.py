"""Who may use a route: one decorator per role, checked in one place."""

from functools import wraps

from flask import abort, g
from flask_login import current_user, login_required

from lms.people.services import roles_of


def current_roles() -> set[str]:
    if not current_user.is_authenticated:
        return set()
    if "roles" not in g:
        g.roles = roles_of(current_user)
    return g.roles


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
