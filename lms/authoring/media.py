"""Uploaded lesson images at /media/<name>, for any signed-in user."""

import io

from flask import Blueprint, abort, current_app, send_file
from flask_login import login_required

from . import images

bp = Blueprint("media", __name__)


@bp.route("/media/<name>")
@login_required
def media(name: str):
    """An uploaded image, for any signed-in user, never sniffed into something else."""
    path = images.media_path(name, current_app.config["UPLOAD_DIR"]) or abort(404)
    # Read whole (at most 2 MB): no file handle outlives the request. The name never changes
    # content, so it serves as the ETag.
    response = send_file(
        io.BytesIO(path.read_bytes()),
        mimetype=images.content_type(name),
        etag=name,
        last_modified=path.stat().st_mtime,
        conditional=True,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, max-age=31536000, immutable"
    return response
