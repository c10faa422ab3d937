"""My certificates, their PDF and SIASN data, and the public verification page."""

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
from flask_login import current_user, login_required

from lms import clock, ratelimit
from lms.audit import context as audit
from lms.errors import DomainError
from lms.extensions import db
from lms.web import exports
from lms.web.guards import public, role_required

from . import services
from .forms import RevokeForm
from .models import Certificate
from .pdf import pdf_bytes

bp = Blueprint("certificates", __name__)


def verify_url(code: str) -> str:
    """The address printed on the certificate; PUBLIC_BASE_URL, as the paper outlives requests."""
    return f"{current_app.config['PUBLIC_BASE_URL'].rstrip('/')}/verify/{code}"


def _download(data: bytes, content_type: str, filename: str) -> Response:
    response = Response(data, content_type=content_type)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/sertifikat")
@login_required
def index():
    certificates = services.certificates_for_user(current_user.id)
    return render_template("certificates/mine.html", certificates=certificates)


@bp.route("/sertifikat/<int:certificate_id>.pdf")
@login_required
def pdf(certificate_id: int):
    certificate = services.certificate_of(current_user.id, certificate_id)
    if certificate is None or certificate.revoked:
        abort(404)
    data = pdf_bytes(
        certificate,
        verify_url(certificate.code),
        place=current_app.config.get("CERTIFICATE_PLACE", "Jambi"),
    )
    filename = f"sertifikat-{certificate.number.replace('/', '-')}.pdf"
    return _download(data, "application/pdf", filename)


@bp.route("/sertifikat/siasn.csv")
@login_required
def siasn_csv():
    rows = services.siasn_rows(current_user.id)
    stem = f"sertifikat-siasn-{current_user.nip}"
    return exports.table_response(stem, services.SIASN_HEADERS, rows, "csv")


@bp.route("/verify/<code>")
@public
def verify(code: str):
    # Per address: guessing codes in bulk is slowed, an HR desk checking a pile is not.
    if ratelimit.hit(ratelimit.verify_rule(), {"ip": request.remote_addr or ""}, clock.utcnow()):
        abort(429)
    db.session.commit()
    certificate = services.find_by_code(code)
    page = render_template(
        "certificates/verify.html",
        certificate=certificate,
        masked_nip=services.mask_nip(certificate.holder_nip) if certificate else "",
    )
    # no-cache: a revocation must show at once, not from a cache.
    return page, 200 if certificate else 404, {"Cache-Control": "no-cache"}


@bp.route("/admin/sertifikat/<int:certificate_id>/cabut", methods=["GET", "POST"])
@role_required("admin")
def revoke(certificate_id: int):
    certificate = db.get_or_404(Certificate, certificate_id)
    form = RevokeForm()
    if form.validate_on_submit():
        try:
            services.revoke(certificate, form.reason.data, clock.utcnow())
        except DomainError as error:
            db.session.rollback()
            error.show_on(form, "reason")
        else:
            audit.record(
                "certificate_revoke",
                f"{certificate.number} ({certificate.holder_nip} {certificate.holder_name})",
                form.reason.data.strip(),
            )
            db.session.commit()
            flash(_("Sertifikat dicabut."), "success")
            return redirect(url_for("certificates.verify", code=certificate.code))
    page = render_template("certificates/revoke.html", form=form, certificate=certificate)
    return page, 400 if form.errors else 200
