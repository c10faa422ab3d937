import re
from datetime import datetime

import pytest

from lms import clock
from lms.certificates import services
from lms.errors import DomainError
from lms.extensions import db
from lms.learning import services as learning
from lms.learning.models import Enrollment
from tests.factories import make_certificate, make_module, make_unit, make_user

NIP = "199004042015032004"


def test_issue_copies_the_holder_as_on_the_day(app):
    unit = make_unit("Bidang Aplikasi Informatika", parent=make_unit("Diskominfo"))
    user = make_user("Siti Nur’aini", nip=NIP, unit=unit, grade="III/b")
    certificate = make_certificate(user, title="Literasi Digital", jp=3, score=84.96)
    user.name, user.grade = "Siti Nur’aini Baru", "III/c"
    db.session.commit()
    db.session.refresh(certificate)
    assert certificate.holder_name == "Siti Nur’aini"
    assert certificate.holder_grade == "Penata Muda Tingkat I (III/b)"
    assert certificate.holder_unit == "Diskominfo > Bidang Aplikasi Informatika"
    assert certificate.holder_nip == NIP
    assert (certificate.module_title, certificate.jp, certificate.score) == (
        "Literasi Digital",
        3,
        85.0,
    )
    enrollment = db.session.get(Enrollment, certificate.enrollment_id)
    assert certificate.started_on == enrollment.started_at


def test_numbers_are_sequential_per_year_and_unique(app):
    user = make_user()
    numbers = [make_certificate(user, completed_on=datetime(2026, m, 1)).number for m in (1, 2, 3)]
    first_2027 = make_certificate(user, completed_on=datetime(2027, 1, 2)).number
    later_2026 = make_certificate(user, completed_on=datetime(2026, 12, 31)).number
    assert numbers == ["BINA/2026/000001", "BINA/2026/000002", "BINA/2026/000003"]
    assert first_2027 == "BINA/2027/000001"
    assert later_2026 == "BINA/2026/000004"


def test_a_number_taken_meanwhile_is_skipped_not_reused(app, monkeypatch):
    user = make_user()
    taken = make_certificate(user).number
    real_next = services.next_number
    calls = []

    def stale_then_fresh(year):
        calls.append(year)
        return taken if len(calls) == 1 else real_next(year)

    monkeypatch.setattr(services, "next_number", stale_then_fresh)
    module = make_module("modul-balapan")
    enrollment = learning.enroll(user, module)
    certificate = services.issue(
        user=user,
        enrollment_id=enrollment.id,
        module_title="Modul Balapan",
        module_version=1,
        competencies=[],
        jp=2,
        score=90,
        completed_on=datetime(2026, 11, 28),
        issuer="BPSDM Provinsi Jambi",
    )
    db.session.commit()
    assert certificate.number == "BINA/2026/000002"
    assert len(calls) == 2
    assert learning.enrollment_for(user.id, module.id) is not None  # the savepoint kept the rest


def test_codes_are_long_url_safe_and_unique(app):
    user = make_user()
    codes = [make_certificate(user).code for _ in range(6)]
    assert len(set(codes)) == 6
    for code in codes:
        assert re.fullmatch(r"[A-Za-z0-9_-]{20,}", code)


def test_find_by_code(app):
    certificate = make_certificate(make_user())
    assert services.find_by_code(certificate.code) == certificate
    assert services.find_by_code(certificate.code.swapcase()) is None
    for junk in ("", "abc", "../../etc/passwd", "x" * 500, certificate.code + "'--"):
        assert services.find_by_code(junk) is None


def test_certificates_for_user_lists_only_theirs_newest_first(app):
    me, other = make_user("Saya"), make_user("Orang Lain")
    old = make_certificate(me, completed_on=datetime(2026, 2, 1))
    new = make_certificate(me, completed_on=datetime(2026, 9, 1))
    make_certificate(other)
    assert services.certificates_for_user(me.id) == [new, old]
    assert services.certificate_of(me.id, new.id) == new
    assert services.certificate_of(other.id, new.id) is None
    assert services.certificate_of(me.id, 999_999) is None


@pytest.mark.parametrize(
    ("nip", "masked"),
    [
        (NIP, "1990**** ****** * 004"),
        ("198609262015051001", "1986**** ****** * 001"),
        ("2001020320240211234", "2001************234"),  # not 18 digits: same rule, no spacing
        ("12345", "*****"),
    ],
)
def test_mask_nip_keeps_birth_year_and_serial_only(nip, masked):
    assert services.mask_nip(nip) == masked


def test_masked_nip_hides_birth_date_cpns_start_and_gender():
    masked = services.mask_nip(NIP).replace(" ", "")
    assert "0404" not in masked and "201503" not in masked
    assert masked[14] == "*"


def test_format_nip_date_score_unit(app):
    assert services.format_nip(NIP) == "19900404 201503 2 004"
    # A stored timestamp is UTC: 16:59 UTC is still the 28th in Jambi, 17:00 is the 29th.
    assert services.format_date(datetime(2026, 11, 28, 16, 59)) == "28 November 2026"
    assert services.format_date(datetime(2026, 11, 28, 17, 0)) == "29 November 2026"
    assert services.format_date(datetime(2026, 5, 1)) == "1 Mei 2026"
    assert services.format_score(85) == "85,0"
    assert services.format_score(92.46) == "92,5"
    assert services.unit_label("Dinas Kesehatan > Bidang P2P") == "Bidang P2P, Dinas Kesehatan"
    assert services.unit_label("") == ""


def test_revoke(app):
    certificate = make_certificate(make_user())
    when = datetime(2026, 12, 5, 9, 30)
    services.revoke(certificate, "  Data pegawai keliru.  ", when)
    db.session.commit()
    assert certificate.revoked and certificate.revoked_at == when
    assert certificate.revoked_reason == "Data pegawai keliru."
    with pytest.raises(DomainError, match="sudah dicabut"):
        services.revoke(certificate, "Lagi", datetime(2026, 12, 6))
    assert certificate.revoked_at == when


def test_revoke_needs_a_reason(app):
    certificate = make_certificate(make_user())
    with pytest.raises(DomainError, match="alasan pencabutan"):
        services.revoke(certificate, "   ", datetime(2026, 12, 5))
    assert not certificate.revoked


def test_siasn_rows(app):
    user = make_user("Budi Santoso", nip=NIP)
    other = make_user("Orang Lain")
    kept = make_certificate(
        user, title="Manajemen Proyek", jp=4, score=78, completed_on=datetime(2026, 6, 14)
    )
    revoked = make_certificate(user, title="Manajemen Waktu", completed_on=datetime(2026, 7, 1))
    make_certificate(other)
    services.revoke(revoked, "Salah terbit", datetime(2026, 7, 2))
    db.session.commit()
    (row,) = services.siasn_rows(user.id)
    assert dict(zip(services.SIASN_HEADERS, row, strict=True)) == {
        "NIP": NIP,
        "Nama": "Budi Santoso",
        "Nama Pelatihan": "Manajemen Proyek",
        "Jenis": "Belajar Mandiri (e-learning)",
        "Tanggal Mulai": clock.local_date(kept.started_on).strftime("%d-%m-%Y"),
        "Tanggal Selesai": "14-06-2026",
        "Jumlah JP": 4,
        "Nomor Sertifikat": kept.number,
        "Tahun": 2026,
        "Penyelenggara": "BPSDM Provinsi Jambi",
        "Nilai": "78,0",
    }


def test_started_on_defaults_to_the_completion_date(app):
    user = make_user()
    enrollment = learning.enroll(user, make_module("modul-tanpa-mulai"))
    certificate = services.issue(
        user=user,
        enrollment_id=enrollment.id,
        module_title="Modul",
        module_version=1,
        competencies=[],
        jp=1,
        score=100,
        completed_on=datetime(2026, 3, 9, 8),
        issuer="BPSDM Provinsi Jambi",
    )
    assert certificate.started_on == datetime(2026, 3, 9, 8)
