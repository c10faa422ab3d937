"""Recording an audit event from inside a request: who and from where come from the request.

A thin adapter for views (services never read the request); the lasting rule is in services.
"""

from typing import TYPE_CHECKING

from flask import request
from flask_login import current_user

if TYPE_CHECKING:  # for annotations only: people's pages record here, so audit sits below people
    from lms.people.models import User

from . import services


def record(action: str, target: str = "", detail: str = "", actor: "User | None" = None, **kw):
    """Add an event for this request; the actor defaults to the signed-in user."""
    if actor is None and current_user.is_authenticated:
        actor = current_user._get_current_object()
    return services.record(
        action,
        actor,
        target,
        detail,
        request.remote_addr or "",
        user_agent=request.user_agent.string,
        **kw,
    )
