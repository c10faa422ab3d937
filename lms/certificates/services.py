"""Issuing, finding, verifying and revoking certificates, and their data for SIASN."""

import re
import secrets
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from lms import clock
from lms.errors import DomainError
from lms.extensions import db
from lms.people.identity import grade_label
from lms.people.models import User

from .issuers import issuer_named
from .models import Certificate

CODE_BYTES = 15  # token_urlsafe(15): 20 characters, 120 bits
CODE_RE = re.compile(r"[A-Za-z0-9_-]{16,40}")
NUMBER_ATTEMPTS = 5
MONTHS = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)  # fmt: skip
TRAINING_KIND = "Belajar Mandiri (e-learning)"
SIASN_HEADERS = (
    "NIP",
    "Nama",
    "Nama Pelatihan",
    "Jenis",
    "Tanggal Mulai",
    "Tanggal Selesai",
    "Jumlah JP",
    "Nomor Sertifikat",
    "Tahun",
    "Penyelenggara",
    "Nilai",
)


def issue(
    *,
    user: User,
    enrollment_id: int,
    module_title: str,
    module_version: int,
    competencies: list[str],
    jp: int,
    score: float,
    completed_on: datetime,
    issuer: str,
    started_on: datetime | None = None,
) -> Certificate:
    """Create the certificate for a completed enrollment (the database allows one per enrollment).

    `started_on` (when the learner began the module) is reported to SIASN as the start date;
    without it the completion date stands in.
    """
    certificate = Certificate(
        enrollment_id=enrollment_id,
        edition=1,
        started_on=started_on or completed_on,
        completed_on=completed_on,
        module_title=module_title,
        module_version=module_version,
        competencies=competencies,
        jp=jp,
        score=round(score, 1),
    )
    _fill(certificate, user, issuer)
    _insert_numbered(certificate, clock.local_date(completed_on).year)
    return certificate


def reissue(certificate: Certificate, holder: User, reason: str, when: datetime, issuer: str):
    """Replace a certificate, e.g. one with wrong details, by a new one under a new number.

    The achievement (module, JP, score, dates) stays; the holder's details, the issuer and its
    signatory are taken as they are now. The old certificate is revoked with `reason` unless
    it already was, and its verification page then points to the new one.
    """
    newer = successor(certificate)
    if newer is not None:
        raise DomainError(
            _l("Sudah diterbitkan ulang dengan nomor %(number)s.", number=newer.number)
        )
    if not certificate.revoked:
        revoke(certificate, reason, when)
    replacement = Certificate(
        enrollment_id=certificate.enrollment_id,
        edition=certificate.edition + 1,
        started_on=certificate.started_on,
        completed_on=certificate.completed_on,
        module_title=certificate.module_title,
        module_version=certificate.module_version,
        competencies=list(certificate.competencies),
        jp=certificate.jp,
        score=certificate.score,
    )
    _fill(replacement, holder, issuer)
    _insert_numbered(replacement, clock.local_date(when).year)
    return replacement


def _fill(certificate: Certificate, user: User, issuer: str) -> None:
    """Copy the holder, and the issuer's signatory and emblem, as they are now."""
    certificate.user_id = user.id
    certificate.code = secrets.token_urlsafe(CODE_BYTES)
    certificate.holder_name = user.name
    certificate.holder_nip = user.nip
    certificate.holder_grade = grade_label(user.grade)
    certificate.holder_position = user.position
    certificate.holder_unit = user.unit.path if user.unit else ""
    certificate.issuer = issuer
    signing = issuer_named(issuer)
    if signing is not None:
        certificate.signatory_name = signing.signatory_name
        certificate.signatory_nip = signing.signatory_nip
        certificate.signatory_position = signing.signatory_position
        certificate.emblem_id = signing.emblem_id


def successor(certificate: Certificate) -> Certificate | None:
    """The certificate that replaced this one, if it was re-issued."""
    return _edition(certificate.enrollment_id, certificate.edition + 1)


def predecessor(certificate: Certificate) -> Certificate | None:
    """The certificate this one replaced, if it is a re-issue."""
    return _edition(certificate.enrollment_id, certificate.edition - 1)


def _edition(enrollment_id: int, edition: int) -> Certificate | None:
    return db.session.scalar(
        select(Certificate).where(
            Certificate.enrollment_id == enrollment_id, Certificate.edition == edition
        )
    )


def _insert_numbered(certificate: Certificate, year: int) -> None:
    """Give the next number of the year; retry if a concurrent request took it first.

    The unique constraint on `number` is the arbiter: on PostgreSQL two completions at the same
    moment read the same highest number, and the second insert fails and tries the next one.
    """
    for attempt in range(NUMBER_ATTEMPTS):
        certificate.number = next_number(year)
        try:
            with db.session.begin_nested():
                db.session.add(certificate)
        except IntegrityError:
            if attempt == NUMBER_ATTEMPTS - 1:
                raise
        else:
            return


def next_number(year: int) -> str:
    """'BINA/2026/000124': one more than the year's highest, so numbers never repeat."""
    prefix = f"BINA/{year}/"
    highest = db.session.scalar(
        select(func.max(Certificate.number)).where(Certificate.number.like(f"{prefix}%"))
    )
    serial = int(highest.removeprefix(prefix)) + 1 if highest else 1
    return f"{prefix}{serial:06d}"


def certificates_for_user(user_id: int) -> list[Certificate]:
    return list(
        db.session.scalars(
            select(Certificate)
            .where(Certificate.user_id == user_id)
            .order_by(Certificate.completed_on.desc(), Certificate.id.desc())
        )
    )


def certificate_of(user_id: int, certificate_id: int) -> Certificate | None:
    """The certificate if it belongs to the user, else None (callers answer 404)."""
    certificate = db.session.get(Certificate, certificate_id)
    return certificate if certificate and certificate.user_id == user_id else None


def find_by_code(code: str) -> Certificate | None:
    if not CODE_RE.fullmatch(code or ""):
        return None
    return db.session.scalar(select(Certificate).where(Certificate.code == code))


def revoke(certificate: Certificate, reason: str, when: datetime) -> None:
    """Withdraw a certificate; the verification page then says it is revoked."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_l("Masukkan alasan pencabutan"), field="reason")
    if certificate.revoked_at is not None:
        raise DomainError(_l("Sertifikat ini sudah dicabut."))
    certificate.revoked_at = when
    certificate.revoked_reason = reason
    db.session.flush()


def format_nip(nip: str) -> str:
    """'19900404 201503 2 004': the customary way to print an 18-digit NIP."""
    if len(nip) != 18:
        return nip
    return f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"


def mask_nip(nip: str) -> str:
    """'1990**** ****** * 004': birth year and serial only.

    Whoever holds the paper certificate can match them against the full NIP printed on it,
    while a stranger with the link learns neither the birth date, the CPNS start nor the gender,
    which together with the name would identify the person (personal data, UU 27/2022).
    """
    if len(nip) < 8:
        return "*" * len(nip)
    return format_nip(nip[:4] + "*" * (len(nip) - 7) + nip[-3:])


def format_date(value: datetime | date) -> str:
    """'28 November 2026' whatever the interface language: certificates are Indonesian.

    A timestamp shows its local date, like every page."""
    day = clock.local_date(value)
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def format_score(score: float) -> str:
    """'85,0': Indonesian decimal comma."""
    return f"{score:.1f}".replace(".", ",")


def unit_label(path: str) -> str:
    """'Bidang P2P, Dinas Kesehatan' from the unit path 'Dinas Kesehatan > Bidang P2P'."""
    return ", ".join(reversed([part.strip() for part in path.split(" > ") if part.strip()]))


def siasn_rows(user_id: int) -> list[tuple]:
    """Valid certificates of the user in SIASN_HEADERS order; revoked ones must not be claimed."""
    certificates = db.session.scalars(
        select(Certificate)
        .where(Certificate.user_id == user_id, Certificate.revoked_at.is_(None))
        .order_by(Certificate.completed_on, Certificate.id)
    )
    return [
        (
            c.holder_nip,
            c.holder_name,
            c.module_title,
            TRAINING_KIND,
            clock.local_date(c.started_on).strftime("%d-%m-%Y"),
            clock.local_date(c.completed_on).strftime("%d-%m-%Y"),
            c.jp,
            c.number,
            clock.local_date(c.completed_on).year,
            c.issuer,
            format_score(c.score),
        )
        for c in certificates
    ]
