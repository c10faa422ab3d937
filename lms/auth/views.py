from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user

from lms import clock, ratelimit
from lms.audit import context as audit
from lms.errors import DomainError
from lms.extensions import db
from lms.nip import normalise_nip
from lms.web import database
from lms.web.forms import EmptyForm
from lms.web.guards import public
from lms.web.redirects import is_local_path

from . import services, sessions
from .forms import ChangePasswordForm, LoginForm

bp = Blueprint("auth", __name__)


def _fresh_session() -> None:
    """Drop everything in the session (no fixation) except the chosen language."""
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang


@bp.route("/login", methods=["GET", "POST"])
@public
def login():
    next_path = request.values.get("next", "")
    if current_user.is_authenticated and request.method == "GET":
        return redirect(next_path if is_local_path(next_path) else url_for("core.home"))
    form = LoginForm(next=next_path)
    failed = False
    if form.validate_on_submit():
        # The same 429 whether or not the NIP exists: the limit must not reveal accounts.
        # Keyed on the NIP as authentication reads it, so no other spacing gets a fresh count.
        nip, now = normalise_nip(form.nip.data), clock.utcnow()
        keys = {"nip": nip, "ip": request.remote_addr or ""}
        method = current_app.config["PASSWORD_HASH_METHOD"]
        with database.before_writing():
            if ratelimit.blocked(ratelimit.login_rule(), keys, now):
                abort(429)
            checked = services.check_sign_in(nip, form.password.data, method)
        user = services.authenticate(checked) if checked else None
        failed = user is None
        if failed:
            ratelimit.hit(ratelimit.login_rule(), keys, now)
            audit.record("login_failure", actor_nip=keys["nip"])
            db.session.commit()
        else:
            ratelimit.clear(ratelimit.login_rule(), "nip", keys["nip"])
            audit.record("login_success", actor=user)
            db.session.commit()
            _fresh_session()
            session.permanent = True
            sessions.sign_in(user)
            target = form.next.data
            return redirect(target if is_local_path(target) else url_for("core.home"))
    status = 400 if failed or form.errors else 200
    return render_template("auth/login.html", form=form, failed=failed), status


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    if EmptyForm().validate_on_submit():
        services.sign_out(current_user)
        audit.record("logout")
        db.session.commit()
        logout_user()
        _fresh_session()
        flash(_("Anda telah keluar."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/kata-sandi", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        method = current_app.config["PASSWORD_HASH_METHOD"]
        try:
            with database.before_writing():
                checked = services.check_password_change(
                    user, form.current_password.data, form.new_password.data, method
                )
            services.change_password(checked)
        except DomainError as error:
            error.show_on(form, "new_password")
        else:
            audit.record("password_change")
            db.session.commit()
            sessions.sign_in(user)  # the session version changed: keep this session only
            flash(_("Kata sandi Anda telah diubah."), "success")
            return redirect(url_for("core.home"))
    status = 400 if form.errors else 200
    return render_template("auth/change_password.html", form=form), status
