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
from lms.people.models import User
from lms.web import exports
from lms.web.addresses import public_base_url
from lms.web.guards import public, role_required

from . import issuers, services, signing
from .forms import ReissueForm, RevokeForm
from .models import Certificate
from .pdf import pdf_bytes

bp = Blueprint("certificates", __name__)


def verify_url(code: str) -> str:
    """The address printed on the certificate: PUBLIC_BASE_URL, as the paper outlives requests
    (production requires it); in development the address this request came to."""
    return f"{public_base_url()}verify/{code}"


def _certificate_pdf(certificate: Certificate) -> bytes:
    """The PDF with the emblem it was issued with, signed when a signing certificate is set."""
    signer = signing.signer_of(current_app)
    place = current_app.config["CERTIFICATE_PLACE"]
    emblem = issuers.emblem_of(certificate.emblem_id)
    data = pdf_bytes(
        certificate,
        verify_url(certificate.code),
        place=place,
        emblem=emblem.data if emblem else None,
        signed_by=signing.signer_name(signer) if signer else None,
    )
    return signing.sign(data, signer, place) if signer else data


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
    data = _certificate_pdf(certificate)
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
    signer = signing.signer_of(current_app)
    page = render_template(
        "certificates/verify.html",
        certificate=certificate,
        masked_nip=services.mask_nip(certificate.holder_nip) if certificate else "",
        successor=services.successor(certificate) if certificate else None,
        predecessor=services.predecessor(certificate) if certificate else None,
        signed_by=signing.signer_name(signer) if signer else None,
    )
    # no-cache: a revocation must show at once, not from a cache.
    return page, 200 if certificate else 404, {"Cache-Control": "no-cache"}


@bp.route("/admin/sertifikat/<int:certificate_id>/cabut", methods=["GET", "POST"])
@role_required("admin")
def revoke(certificate_id: int):
    certificate = db.get_or_404(Certificate, certificate_id)
    form = RevokeForm()
    if request.form.get("action") == "reissue":
        return _reissue(certificate)
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
    return _revoke_page(certificate, form, ReissueForm(formdata=None, prefix="reissue"))


def _reissue(certificate: Certificate):
    """Revoke (if still valid) and issue the replacement with the holder's current details."""
    form = ReissueForm(prefix="reissue")
    if form.validate_on_submit():
        holder = db.session.get(User, certificate.user_id)
        issuer = current_app.config["CERTIFICATE_ISSUER"]
        try:
            new = services.reissue(certificate, holder, form.reason.data, clock.utcnow(), issuer)
        except DomainError as error:
            db.session.rollback()
            error.show_on(form, "reason")
        else:
            audit.record(
                "certificate_reissue",
                f"{certificate.number} → {new.number} ({new.holder_nip} {new.holder_name})",
                form.reason.data.strip(),
            )
            db.session.commit()
            flash(_("Sertifikat diterbitkan ulang dengan nomor %(number)s.", number=new.number))
            return redirect(url_for("certificates.verify", code=new.code))
    return _revoke_page(certificate, RevokeForm(formdata=None), form)


def _revoke_page(certificate: Certificate, revoke_form: RevokeForm, reissue_form: ReissueForm):
    page = render_template(
        "certificates/revoke.html",
        form=revoke_form,
        reissue_form=reissue_form,
        certificate=certificate,
        successor=services.successor(certificate),
    )
    return page, 400 if revoke_form.errors or reissue_form.errors else 200
