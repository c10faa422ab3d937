from urllib.parse import urlsplit

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from lms.errors import DomainError
from lms.extensions import db

from . import services
from .forms import ChangePasswordForm, EmptyForm, LoginForm
from .guards import public

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    """Only local paths: '/x', never '//host' or 'http://host'."""
    if not target:
        return url_for("core.home")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return url_for("core.home")
    if "\\" in target:
        return url_for("core.home")
    return target


@bp.route("/login", methods=["GET", "POST"])
@public
def login():
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        method = current_app.config["PASSWORD_HASH_METHOD"]
        user = services.authenticate(form.nip.data, form.password.data, method)
        if user is None:
            form.password.errors.append(_("NIP atau kata sandi salah."))
        else:
            db.session.commit()
            session.clear()
            session.permanent = True
            login_user(user)
            return redirect(_safe_next(form.next.data))
    return render_template("auth/login.html", form=form), 200 if not form.errors else 400


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    if EmptyForm().validate_on_submit():
        current_user.session_version += 1
        db.session.commit()
        logout_user()
        session.clear()
        flash(_("Anda telah keluar."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/kata-sandi", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            services.change_password(
                current_user,
                form.current_password.data,
                form.new_password.data,
                current_app.config["PASSWORD_HASH_METHOD"],
            )
        except DomainError as error:
            form.new_password.errors.append(str(error))
        else:
            db.session.commit()
            login_user(current_user)  # the session version changed: keep this session only
            flash(_("Kata sandi Anda telah diubah."), "success")
            return redirect(url_for("core.home"))
    status = 400 if form.errors else 200
    return render_template("auth/change_password.html", form=form), status
