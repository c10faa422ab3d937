"""Writing and reading the audit trail. There is deliberately no update or delete here."""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, select

from lms import clock
from lms.extensions import db

if TYPE_CHECKING:  # for annotations only: people's pages record here, so audit sits below people
    from lms.people.models import User

from .models import AuditEvent

# The actions the trail records, with the label an admin reads.
ACTIONS = {
    "login_success": _l("Masuk berhasil"),
    "login_failure": _l("Masuk gagal"),
    "logout": _l("Keluar"),
    "password_change": _l("Ganti kata sandi"),
    "role_change": _l("Perubahan peran"),
    "user_create": _l("Pegawai ditambahkan"),
    "user_deactivate": _l("Pegawai dinonaktifkan"),
    "user_reactivate": _l("Pegawai diaktifkan kembali"),
    "user_import": _l("Impor pegawai"),
    "temporary_password": _l("Kata sandi sementara"),
    "sessions_revoked": _l("Semua sesi diakhiri"),
    "assignment_create": _l("Penugasan dibuat"),
    "assignment_change": _l("Penugasan diubah"),
    "assignment_cancel": _l("Penugasan dibatalkan"),
    "module_publish": _l("Modul diterbitkan"),
    "l4_entry": _l("Data indikator L4"),
    "certificate_revoke": _l("Sertifikat dicabut"),
    "certificate_reissue": _l("Sertifikat diterbitkan ulang"),
    "certificate_issuer": _l("Penanda tangan atau lambang sertifikat diubah"),
    "record_view": _l("Rekam belajar pegawai dibuka"),
    "employee_export": _l("Daftar pegawai diunduh"),
    "temporary_password_bulk": _l("Kata sandi sementara massal"),
}


def record(
    action: str,
    actor: "User | None",
    target: str = "",
    detail: str = "",
    ip: str = "",
    *,
    actor_nip: str = "",
    user_agent: str = "",
) -> AuditEvent:
    """Add one event (the caller commits). `actor_nip` names an actor with no account."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action: {action!r}")
    if not (actor_nip.isdigit() and len(actor_nip) <= 18):
        actor_nip = ""  # not a NIP: perhaps a password typed in the wrong field; never log that
    event = AuditEvent(
        actor_id=actor.id if actor else None,
        actor_nip=actor.nip if actor else actor_nip,
        action=action,
        target=target[:200],
        detail=detail,
        ip=(ip or "")[:45],
        user_agent=(user_agent or "")[:200],
        at=clock.utcnow(),
    )
    db.session.add(event)
    db.session.flush()
    return event


@dataclass(frozen=True)
class Filters:
    action: str = ""
    nip: str = ""
    start: date | None = None
    end: date | None = None


def events_query(filters: Filters) -> Select:
    """Events matching the filters, newest first."""
    query = select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    if filters.action:
        query = query.where(AuditEvent.action == filters.action)
    if filters.nip:
        query = query.where(AuditEvent.actor_nip == filters.nip)
    if filters.start:
        query = query.where(AuditEvent.at >= clock.day_start(filters.start))
    if filters.end:
        query = query.where(AuditEvent.at < clock.day_start(filters.end + timedelta(days=1)))
    return query


EXPORT_HEADERS = [
    "Waktu",
    "NIP pelaku",
    "Nama pelaku",
    "Aksi",
    "Sasaran",
    "Rincian",
    "IP",
    "Peramban",
]


def export_rows(filters: Filters) -> list[tuple]:
    events = db.session.scalars(events_query(filters)).all()
    return [
        (
            e.at,
            e.actor_nip,
            e.actor.name if e.actor else "",
            str(ACTIONS.get(e.action, e.action)),
            e.target,
            e.detail,
            e.ip,
            e.user_agent,
        )
        for e in events
    ]
