"""One employee's learning record: the figures, who may open it, and the audit trail."""

from datetime import datetime

import pytest
from sqlalchemy import select

from lms.audit.models import AuditEvent
from lms.evaluation import services as evaluation
from lms.extensions import db
from tests.conftest import login
from tests.factories import local_today, make_certificate, make_module, make_unit, make_user
from tests.team.builders import add_attempt, add_reflection, enrol

YEAR = local_today().year


def _at(year: int, month: int = 3) -> datetime:
    return datetime(year, month, 2, 3)  # 10:00 WIB: the same local date


@pytest.fixture
def people(app):
    unit = make_unit("Dinas Kesehatan")
    boss = make_user("Kepala Bidang", unit=unit)
    rina = make_user("Rina Lestari", supervisor=boss, unit=unit)
    other_boss = make_user("Kepala Lain", unit=unit)  # a supervisor, of someone else
    return {
        "admin": make_user("Admin BKD", roles=("admin",)),
        "boss": boss,
        "rina": rina,
        "pppk": make_user("Eko Kontrak", supervisor=boss, unit=unit, grade="IX"),
        "other_boss": other_boss,
        "stranger": make_user("Orang Lain", supervisor=other_boss),
    }


def _events(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_record_shows_jp_per_year_modules_scores_certificates_rtl_and_evaluation(client, people):
    rina, boss = people["rina"], people["boss"]
    old = make_module("lama", title="Literasi Digital", jp=6)
    new = make_module("baru", title="Manajemen Proyek", jp=4, competencies=("ORH",))
    going = make_module("jalan", title="Pelayanan Prima", jp=3)
    enrol(
        rina,
        old,
        completed_at=_at(YEAR - 1),
        jp_credited=6,
        pretest_score=40.0,
        first_posttest_score=80.0,
        best_posttest_score=90.0,
        posttest_attempts=2,
    )
    done = enrol(
        rina,
        new,
        completed_at=_at(YEAR, 2),
        jp_credited=4,
        pretest_score=50.0,
        first_posttest_score=75.0,
        best_posttest_score=75.0,
        posttest_attempts=1,
    )
    enrol(rina, going)
    add_attempt(done, "pre", 1, {"ORH": [1, 0]}, submitted_at=datetime(YEAR, 1, 20, 3))
    add_attempt(done, "post", 1, {"ORH": [1, 1]}, submitted_at=datetime(YEAR, 2, 1, 3))
    add_reflection(done, "Saya akan menyusun jadwal proyek mingguan.", kind="rtl")
    make_certificate(rina, title="Manajemen Waktu", jp=2)
    evaluation.record(
        boss.id,
        done,
        {"ORH": 4},
        2,
        "Sudah diterapkan.",
        delay_days=0,
        now=datetime(YEAR + 1, 1, 1),
    )
    db.session.commit()

    login(client, people["admin"])
    response = client.get(f"/pegawai/{rina.id}/rekam-belajar")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    page = response.get_data(as_text=True)
    # JP per year: this year's 4 (a shortfall of 16 against 20), last year's 6.
    assert f'<th scope="row">{YEAR}</th>' in page and f'<th scope="row">{YEAR - 1}</th>' in page
    assert "kurang 16 JP" in page and "kurang 14 JP" in page
    assert "Pelatihan di luar Bina" in page and "belum dicatat" in page
    assert "Literasi Digital" in page and "Pelayanan Prima" in page and "Sedang berlangsung" in page
    assert ">50<" in page and ">75<" in page and ">90<" in page  # pre, first post, best post
    assert f"20 Januari {YEAR}" in page and f"1 Februari {YEAR}" in page  # when the tests ran
    assert "Manajemen Waktu" in page  # the certificate
    assert "Ditulis" in page and "jadwal proyek mingguan" not in page  # RTL: when, not what
    assert "Sebagian besar dilaksanakan" in page and "Sudah diterapkan." in page
    assert "Dinilai" in page and "Kepala Bidang" in page


def test_pppk_record_shows_the_entitlement_never_a_shortfall(client, people):
    module = make_module("kecil", jp=2)
    enrol(people["pppk"], module, completed_at=_at(YEAR), jp_credited=2)
    login(client, people["admin"])
    page = client.get(f"/pegawai/{people['pppk'].id}/rekam-belajar").get_data(as_text=True)
    assert "hak maksimal 24 JP per tahun kontrak" in page
    assert "kurang" not in page


def test_opening_a_record_is_audited(client, people):
    login(client, people["admin"])
    client.get(f"/pegawai/{people['rina'].id}/rekam-belajar")
    [event] = _events("record_view")
    assert event.actor_id == people["admin"].id
    assert event.target == f"{people['rina'].nip} Rina Lestari"


@pytest.mark.parametrize(
    ("viewer", "status"),
    [("admin", 200), ("boss", 200), ("rina", 404), ("other_boss", 404), ("stranger", 404)],
)
def test_who_may_open_a_record(client, people, viewer, status):
    login(client, people[viewer])
    assert client.get(f"/pegawai/{people['rina'].id}/rekam-belajar").status_code == status
    assert len(_events("record_view")) == (1 if status == 200 else 0)


def test_a_supervisor_cannot_open_their_own_or_a_missing_record(client, people):
    login(client, people["boss"])
    assert client.get(f"/pegawai/{people['boss'].id}/rekam-belajar").status_code == 404
    assert client.get("/pegawai/999999/rekam-belajar").status_code == 404
    assert client.get("/pegawai/99999999999999999999/rekam-belajar").status_code == 404
