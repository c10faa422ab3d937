"""The audit trail: each audited action adds exactly one event; admins read it, nobody edits it."""

import io
import re
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from lms import clock
from lms.assignments.models import Assignment
from lms.audit import services as audit
from lms.audit.models import AuditEvent
from lms.extensions import db

from ..authoring.helpers import ready_module, trainer_client
from ..conftest import TEST_PASSWORD, login
from ..factories import make_certificate, make_module, make_unit, make_user
from ..people.csv_data import csv_bytes

IP = "10.20.30.40"


def _events(action: str | None = None) -> list[AuditEvent]:
    db.session.expire_all()
    query = select(AuditEvent).order_by(AuditEvent.id)
    if action:
        query = query.where(AuditEvent.action == action)
    return list(db.session.scalars(query))


def _client(app, user):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = IP
    client.environ_base["HTTP_USER_AGENT"] = "Uji/1.0"
    login(client, user)
    return client


def _only(action: str, actor) -> AuditEvent:
    events = _events(action)
    assert len(events) == 1, [e.action for e in _events()]
    event = events[0]
    assert event.actor_id == (actor.id if actor else None)
    assert event.ip == IP and event.at
    return event


def test_sign_in_success_failure_and_sign_out(app):
    user = make_user("Peserta")
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = IP
    client.post("/login", data={"nip": user.nip, "password": "salah-sekali"})
    failure = _only("login_failure", None)
    assert failure.actor_nip == user.nip
    assert "salah-sekali" not in (failure.detail + failure.target)
    client.environ_base["HTTP_USER_AGENT"] = "Uji/1.0"
    client.post("/login", data={"nip": user.nip, "password": TEST_PASSWORD})
    assert _only("login_success", user).user_agent == "Uji/1.0"
    client.post("/logout")
    _only("logout", user)


def test_a_password_typed_as_nip_is_not_logged(client):
    client.post("/login", data={"nip": "Rahasia-Salah-Tempat", "password": "x"})
    (event,) = _events("login_failure")
    assert event.actor_nip == "" and "Rahasia" not in event.target + event.detail


def test_admin_actions_on_an_employee(app):
    admin = make_user("Admin", roles=("admin",))
    staff = make_user("Staf", unit=make_unit())
    client = _client(app, admin)
    form = {
        "nip": staff.nip,
        "name": staff.name,
        "position": "Analis",
        "grade": "III/a",
        "unit_id": str(staff.unit_id),
        "supervisor_nip": "",
        "is_trainer": "y",
        "confirm": "1",  # deactivating (no "active") asks first
    }
    assert client.post(f"/admin/pegawai/{staff.id}", data=form).status_code == 302
    assert _only("role_change", admin).target.startswith(staff.nip)
    assert _only("user_deactivate", admin).target.startswith(staff.nip)
    client.post(f"/admin/pegawai/{staff.id}/kata-sandi-sementara")
    _only("temporary_password", admin)
    client.post(f"/admin/pegawai/{staff.id}/keluarkan")
    _only("sessions_revoked", admin)
    upload = {"file": (io.BytesIO(csv_bytes()), "pegawai.csv")}
    assert client.post("/admin/pegawai/impor", data=upload).status_code == 302
    assert _only("user_import", admin).target == "pegawai.csv"


def test_assignment_create_change_and_cancel(app):
    boss = make_user("Kepala")
    staff = make_user("Staf", supervisor=boss)
    module = make_module()
    client = _client(app, boss)
    due = clock.today() + timedelta(days=30)
    data = {"user_ids": [str(staff.id)], "module_ids": [str(module.id)], "due_date": due}
    assert client.post("/tim/tugas", data=data).status_code == 302
    assert f"pegawai {staff.id}" in _only("assignment_create", boss).target
    assignment = db.session.scalar(select(Assignment))
    later = {"due_date": (due + timedelta(days=7)).isoformat()}
    client.post(f"/tim/tugas/{assignment.id}/batas-waktu", data=later)
    _only("assignment_change", boss)
    client.post(f"/tim/tugas/{assignment.id}/batal")
    _only("assignment_cancel", boss)


def test_module_publication(app):
    client, trainer = trainer_client(app)
    ready_module(client, "modul-audit")
    assert client.post("/pengajar/modul/modul-audit/terbitkan").status_code == 302
    event = _events("module_publish")
    assert len(event) == 1 and event[0].actor_id == trainer.id


def test_level_four_data_entry(app):
    admin = make_user("Admin", roles=("admin",))
    unit = make_unit()
    db.session.commit()
    client = _client(app, admin)
    survey = {f"u{i}": "3,2" for i in range(1, 10)} | {"respondents": "150", "waiting_n": "120"}
    data = {"unit_id": unit.id, "month": "2026-05", "waiting_minutes": "30"} | survey
    assert client.post("/monev/indikator", data=data).status_code == 302
    assert f"unit {unit.id}" in _only("l4_entry", admin).target


def test_a_refused_action_records_nothing(app):
    admin = make_user("Admin", roles=("admin",))
    client = _client(app, admin)
    data = {"unit_id": "9999", "month": "2026-05", "waiting_minutes": "30", "ikm": "80"}
    assert client.post("/monev/indikator", data=data).status_code == 400
    assert _events("l4_entry") == []


def _seed(n: int, action: str = "logout", nip: str = "199001012015011001", at=None):
    for _ in range(n):
        event = audit.record(action, None, "sasaran", "", "10.0.0.1", actor_nip=nip)
        if at:
            event.at = at
    db.session.commit()


def test_admins_read_the_list_others_are_refused(app):
    admin = make_user("Admin", roles=("admin",))
    _seed(55)
    client = _client(app, admin)
    page = client.get("/admin/audit/").get_data(as_text=True)
    assert "Log Audit" in page and "56 catatan" in page  # 55 + the admin's own sign-in
    assert "Halaman 1 dari 2" in page
    for role in ((), ("trainer",)):
        other = _client(app, make_user("Lain", roles=role))
        assert other.get("/admin/audit/").status_code == 403
        assert other.get("/admin/audit/audit.csv").status_code == 403
    anonymous = app.test_client().get("/admin/audit/")
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]


def test_the_trail_cannot_be_edited_or_deleted(app):
    """No route writes to it, and no code updates or deletes an event."""
    audit_rules = [r for r in app.url_map.iter_rules() if r.endpoint.startswith("audit.")]
    assert audit_rules
    assert all(r.methods <= {"GET", "HEAD", "OPTIONS"} for r in audit_rules)
    lms = Path(__file__).resolve().parents[2] / "lms"
    writes = re.compile(r"(update|delete)\(\s*AuditEvent|AuditEvent\)\.(update|delete)")
    offenders = [p for p in lms.rglob("*.py") if writes.search(p.read_text(encoding="utf-8"))]
    assert offenders == []


def test_certificate_revocation_is_admin_only_audited_and_shown(app):
    holder = make_user("Pemegang")
    certificate = make_certificate(holder)
    path = f"/admin/sertifikat/{certificate.id}/cabut"
    learner = _client(app, make_user("Peserta"))
    assert learner.post(path, data={"reason": "x"}).status_code == 403
    admin = make_user("Admin", roles=("admin",))
    client = _client(app, admin)
    assert "Cabut sertifikat ini" in client.get(f"/verify/{certificate.code}").get_data(
        as_text=True
    )
    assert client.post(path, data={"reason": "  "}).status_code == 400
    assert _events("certificate_revoke") == []
    response = client.post(path, data={"reason": "SK Kepala BPSDM No. 12/2026"})
    assert response.status_code == 302
    event = _only("certificate_revoke", admin)
    assert certificate.number in event.target and "SK Kepala" in event.detail
    page = app.test_client().get(f"/verify/{certificate.code}").get_data(as_text=True)
    assert "telah DICABUT" in page
    assert client.post(path, data={"reason": "lagi"}).status_code == 400  # already revoked
    assert len(_events("certificate_revoke")) == 1
