from flask import (
    Blueprint,
    current_app,
    jsonify,
    redirect,
    request,
    session,
    url_for,
)
from flask_login import login_required
from sqlalchemy import text

from lms.auth.redirects import is_local_path
from lms.extensions import db
from lms.web.guards import public

bp = Blueprint("core", __name__)


@bp.route("/")
@login_required
def home():
    return redirect(url_for("learning.home"))


@bp.route("/healthz")
@public
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # any failure to reach the database means unhealthy
        db.session.rollback()
        return jsonify(status="error", db="error"), 503
    return jsonify(status="ok", db="ok")


@bp.route("/bahasa", methods=["POST"])
@public
def language():
    """Switch the UI language; CSRF-checked like every POST."""
    lang = request.form.get("lang", "")
    if lang in current_app.config["LANGUAGES"]:
        session["lang"] = lang
    target = request.form.get("next", "")
    return redirect(target if is_local_path(target) else url_for("core.home"))
