from datetime import datetime

import pytest
from sqlalchemy import select

from lms.audit.models import AuditEvent
from lms.certificates import services
from lms.errors import DomainError
from lms.extensions import db
from tests.conftest import login
from tests.factories import make_certificate, make_user

WHEN = datetime(2026, 12, 5, 9, 0)


def _reissued():
    holder = make_user("Siti Nuraini")
    old = make_certificate(holder, title="Literasi Digital", jp=3, score=88)
    holder.name = "Siti Nur’aini, S.Kom."  # the name was misspelt when it was issued
    new = services.reissue(old, holder, "Nama pemegang salah ketik", WHEN, "BPSDM Provinsi Jambi")
    db.session.commit()
    return old, new


def test_reissue_revokes_the_old_and_issues_a_new_number_with_current_details(app):
    old, new = _reissued()
    assert old.revoked and old.revoked_at == WHEN
    assert old.revoked_reason == "Nama pemegang salah ketik"
    assert (old.number, new.number) == ("BINA/2026/000001", "BINA/2026/000002")
    assert new.code != old.code and new.edition == 2 and new.enrollment_id == old.enrollment_id
    assert (old.holder_name, new.holder_name) == ("Siti Nuraini", "Siti Nur’aini, S.Kom.")
    for kept in ("module_title", "jp", "score", "completed_on", "started_on", "competencies"):
        assert getattr(new, kept) == getattr(old, kept), kept
    assert services.successor(old) == new and services.predecessor(new) == old
    assert [row[7] for row in services.siasn_rows(new.user_id)] == [new.number]


def test_numbers_are_never_reused(app):
    old, new = _reissued()
    later = make_certificate(make_user())
    assert later.number == "BINA/2026/000003"
    assert services.find_by_code(old.code).number == "BINA/2026/000001"


def test_a_certificate_is_reissued_once_and_a_revoked_one_keeps_its_revocation(app):
    old, new = _reissued()
    with pytest.raises(DomainError, match="Sudah diterbitkan ulang dengan nomor BINA/2026/000002"):
        services.reissue(old, make_user(), "Lagi", WHEN, "BPSDM Provinsi Jambi")
    revoked = make_certificate(make_user("Budi"))
    services.revoke(revoked, "Salah terbit", datetime(2026, 12, 1))
    replacement = services.reissue(revoked, make_user("Budi"), "Diperbaiki", WHEN, "BPSDM")
    assert revoked.revoked_at == datetime(2026, 12, 1) and revoked.revoked_reason == "Salah terbit"
    assert replacement.edition == 2 and not replacement.revoked


def test_verification_history_of_a_reissued_certificate(client):
    old, new = _reissued()
    page = client.get(f"/verify/{old.code}").get_data(as_text=True)
    assert "Sertifikat ini telah DICABUT" in page and "5 Desember 2026" in page
    assert "Alasan: Nama pemegang salah ketik" in page
    assert "Diganti dengan sertifikat nomor BINA/2026/000002." in page
    assert f'href="/verify/{new.code}"' in page
    page = client.get(f"/verify/{new.code}").get_data(as_text=True)
    assert "Sertifikat valid" in page and "Siti Nur’aini, S.Kom." in page
    assert "menggantikan sertifikat nomor BINA/2026/000001, yang telah dicabut" in page


def test_admin_reissues_from_the_revoke_page(client):
    holder = make_user("Siti Nuraini")
    old = make_certificate(holder)
    holder.name = "Siti Nur’aini"
    db.session.commit()
    path = f"/admin/sertifikat/{old.id}/cabut"
    login(client, make_user("Pegawai", roles=()))
    assert client.post(path, data={"action": "reissue", "reissue-reason": "x"}).status_code == 403
    client.post("/logout")
    login(client, make_user("Admin BKD", roles=("admin",)))
    page = client.get(path).get_data(as_text=True)
    assert "Terbitkan ulang" in page and "Cabut sertifikat" in page
    refused = client.post(path, data={"action": "reissue", "reissue-reason": "  "})
    assert refused.status_code == 400
    assert "Alasan penerbitan ulang wajib diisi." in refused.get_data(as_text=True)
    assert services.successor(old) is None and not old.revoked
    response = client.post(path, data={"action": "reissue", "reissue-reason": "Nama salah"})
    new = services.successor(old)
    assert response.status_code == 302 and response.headers["Location"] == f"/verify/{new.code}"
    assert new.holder_name == "Siti Nur’aini" and old.revoked_reason == "Nama salah"
    (event,) = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "certificate_reissue")
    )
    assert f"{old.number} → {new.number}" in event.target
    page = client.get(path).get_data(as_text=True)
    assert "Sudah diterbitkan ulang dengan nomor BINA/2026/000002." in page
    mine = client.get("/sertifikat").get_data(as_text=True)
    assert "Penanda tangan dan lambang sertifikat" in mine
