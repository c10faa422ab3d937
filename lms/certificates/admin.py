"""The admin's page for the issuer's signatory and emblem, and the stored emblem pictures."""

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from lms.audit import context as audit
from lms.errors import DomainError
from lms.extensions import db
from lms.images import MAX_BYTES
from lms.web.guards import role_required

from . import issuers
from .forms import IssuerForm

bp = Blueprint("certificate_admin", __name__)


@bp.route("/admin/sertifikat/penerbit", methods=["GET", "POST"])
@role_required("admin")
def issuer():
    name = current_app.config["CERTIFICATE_ISSUER"]
    configured = issuers.issuer_named(name)
    form = IssuerForm(obj=configured if request.method == "GET" else None)
    if form.validate_on_submit():
        if _save(name, form):
            flash(_("Penanda tangan dan lambang sertifikat disimpan."), "success")
            return redirect(url_for("certificate_admin.issuer"))
        configured = issuers.issuer_named(name)
    page = render_template("certificates/issuer.html", form=form, issuer=configured, name=name)
    return page, 400 if form.errors else 200


def _save(name: str, form: IssuerForm) -> bool:
    """Store signatory and emblem together; a refused value changes neither."""
    upload = form.emblem.data
    data = upload.stream.read(MAX_BYTES + 1) if upload and upload.filename else None
    issuer = issuers.issuer_to_edit(name)
    try:
        issuers.set_signatory(
            issuer, form.signatory_name.data, form.signatory_nip.data, form.signatory_position.data
        )
        if data is not None:
            issuers.replace_emblem(issuer, data, current_user.id)
    except DomainError as error:
        db.session.rollback()
        error.show_on(form, "emblem" if data is not None else "signatory_name")
        return False
    audit.record(
        "certificate_issuer",
        name,
        f"{issuer.signatory_name} ({issuer.signatory_nip}), {issuer.signatory_position}"
        + (", lambang baru" if data is not None else ""),
    )
    db.session.commit()
    return True


@bp.route("/admin/sertifikat/lambang/<int:emblem_id>")
@role_required("admin")
def emblem(emblem_id: int):
    picture = issuers.emblem_of(emblem_id)
    if picture is None:
        abort(404)
    response = Response(picture.data, content_type=picture.content_type)
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response
