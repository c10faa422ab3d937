"""The issuing agency's signatory and emblem, set by an admin and copied onto new certificates.

Issuers are keyed by name: the one named by CERTIFICATE_ISSUER signs what is issued now. If the
platform later issues in another agency's name, that name gets its own signatory and emblem,
and certificates already issued keep what they were issued with.
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from lms.errors import DomainError
from lms.extensions import db
from lms.images import PNG_SIGNATURE, ImageRefused, image_extension, reencoded
from lms.nip import normalise_nip
from lms.people.identity import nip_problem

from .models import Emblem, Issuer

EMBLEM_TYPES = {".png": "image/png", ".jpg": "image/jpeg"}
JPEG_SIGNATURE = b"\xff\xd8\xff"
EMBLEM_MAX_SIDE = 4000  # pixels accepted on upload
EMBLEM_FIT = 600  # pixels kept: 25 mm on paper at 600 dpi


def issuer_named(name: str) -> Issuer | None:
    return db.session.scalar(select(Issuer).where(Issuer.name == name))


def issuer_to_edit(name: str) -> Issuer:
    """The issuer of that name, added (unflushed) when it has never been configured."""
    issuer = issuer_named(name)
    if issuer is None:
        issuer = Issuer(name=name, signatory_name="", signatory_nip="", signatory_position="")
        db.session.add(issuer)
    return issuer


def set_signatory(issuer: Issuer, name: str, nip: str, position: str) -> None:
    """All three or none (none: certificates name no signatory); DomainError on the field."""
    name, position, nip = (name or "").strip(), (position or "").strip(), normalise_nip(nip)
    if name or nip or position:
        for value, field in ((name, "signatory_name"), (position, "signatory_position")):
            if not value:
                raise DomainError(
                    _l("Nama, NIP dan jabatan penanda tangan diisi bersama."), field=field
                )
        problem = nip_problem(nip)
        if problem:
            raise DomainError(problem, field="signatory_nip")
    issuer.signatory_name, issuer.signatory_nip, issuer.signatory_position = name, nip, position


def replace_emblem(issuer: Issuer, data: bytes, user_id: int) -> Emblem:
    """Check and re-encode an uploaded PNG or JPEG and make it the issuer's emblem.

    ImageRefused says why a file is not accepted; it is raised before anything is added. The
    previous emblem stays stored: certificates issued with it still show it.
    """
    if data and not data.startswith((PNG_SIGNATURE, JPEG_SIGNATURE)):
        raise ImageRefused(
            _l("Lambang harus berupa gambar PNG atau JPEG (SVG, GIF, WebP dan lainnya ditolak).")
        )
    ext = image_extension(data)  # empty, too large, damaged or hiding markup
    pixels = reencoded(data, ext, max_side=EMBLEM_MAX_SIDE, fit=EMBLEM_FIT)
    emblem = Emblem(data=pixels, content_type=EMBLEM_TYPES[ext], uploaded_by=user_id)
    db.session.add(emblem)
    db.session.flush()
    issuer.emblem_id = emblem.id
    return emblem


def emblem_of(emblem_id: int | None) -> Emblem | None:
    return db.session.get(Emblem, emblem_id) if emblem_id else None
