"""The supervisor's blueprint and the request helpers its page modules share.

The pages are split by subject (views: team, gains, assignments, evaluations; employee: one
person's page and the acknowledgement of their action plans) but are one blueprint, so their
endpoints stay `team.<name>`.
"""

from flask import Blueprint, abort, current_app, request

from lms.web import exports

bp = Blueprint("team", __name__, url_prefix="/tim")


def export_format() -> str | None:
    """The `format` asked for (a download), None for the page; anything else answers 400."""
    fmt = request.args.get("format") or None
    if fmt is not None and fmt not in exports.FORMATS:
        abort(400)
    return fmt


def delay_days() -> int:
    """Days after completion before the post-training evaluation opens."""
    return int(current_app.config.get("EVALUATION_DELAY_DAYS", 90))
