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

from lms.extensions import db
from lms.web.guards import public
from lms.web.redirects import answers_get, is_local_path

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
    back = is_local_path(target) and answers_get(request, target)
    return redirect(target if back else url_for("core.home"))
