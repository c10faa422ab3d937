"""Who reads a learner's reflections and RTL, and who gives the post-training evaluation.

The learner is told: the RTL and shared reflections are read by the direct supervisor (or the
acting one an admin sets while that post is vacant), never by higher levels or admins; an
unshared reflection by nobody else. These tests hold each level to that sentence.
"""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from lms.evaluation import services as evaluation
from lms.evaluation.models import BehaviourEvaluation
from lms.extensions import db

from ..conftest import login
from ..factories import make_module, make_user
from ..learning.helpers import learning_module, start
from .builders import add_reflection, enrol

COMPLETED = datetime.now(UTC).replace(microsecond=0, tzinfo=None) - timedelta(days=120)
RTL, SHARED, PRIVATE = "RTL: memblok waktu pagi.", "Refleksi untuk atasan.", "Catatan pribadi."
FORM = {"rating_0": "4", "rating_1": "3", "action_plan": "2", "note": ""}


@pytest.fixture
def org(app):
    head = make_user("Kepala Dinas")
    direct = make_user("Kabid Langsung", supervisor=head)
    learner = make_user("Budi Peserta", supervisor=direct)
    peer = make_user("Rekan Sejawat", supervisor=direct)
    admin = make_user("Admin Sistem", roles=("admin",))
    module = make_module("waktu", title="Manajemen Waktu", competencies=("ORH", "KJS"))
    done = enrol(learner, module, completed_at=COMPLETED, jp_credited=2, lessons_done=2)
    add_reflection(done, RTL, kind="rtl")
    add_reflection(done, SHARED, shared=True)
    add_reflection(done, PRIVATE, shared=False)
    return locals()


def _acting(org, *, vacant: bool = True):
    """A Plt. atasan for the learner; the post is vacant when the direct supervisor has left."""
    acting = make_user("Plt Kabid", supervisor=org["head"])
    org["learner"].acting_supervisor_id = acting.id
    org["direct"].active = not vacant
    db.session.commit()
    return acting


@pytest.mark.parametrize(
    ("viewer", "status", "reads"),
    [
        ("direct", 200, True),
        ("head", 200, False),  # two levels up: progress and summaries only
        ("admin", 403, False),
        ("peer", 403, False),
    ],
)
def test_reflections_and_rtl_reach_the_direct_supervisor_only(client, org, viewer, status, reads):
    login(client, org[viewer])
    response = client.get(f"/tim/pegawai/{org['learner'].id}")
    assert response.status_code == status
    page = response.get_data(as_text=True)
    assert (RTL in page, SHARED in page) == (reads, reads)
    assert PRIVATE not in page
    if status == 200:
        assert "Manajemen Waktu" in page  # the progress is there for every level that may look
    form = client.get(f"/tim/evaluasi/{org['done'].id}")
    assert form.status_code == (200 if reads else status if status == 403 else 404)
    assert (RTL in form.get_data(as_text=True)) == reads


def test_the_acting_supervisor_reads_and_evaluates_while_the_post_is_vacant(client, org):
    acting = _acting(org)
    login(client, acting)
    page = client.get(f"/tim/pegawai/{org['learner'].id}").get_data(as_text=True)
    assert RTL in page and SHARED in page and PRIVATE not in page
    assert "Budi Peserta" in client.get("/tim/evaluasi").get_data(as_text=True)
    response = client.post(f"/tim/evaluasi/{org['done'].id}", data=FORM)
    assert response.status_code == 302
    assert db.session.scalar(select(BehaviourEvaluation.supervisor_id)) == acting.id


def test_an_acting_supervisor_has_no_say_once_the_post_is_filled(client, org):
    acting = _acting(org, vacant=False)
    login(client, acting)
    assert client.get(f"/tim/pegawai/{org['learner'].id}").status_code == 403
    assert client.post(f"/tim/evaluasi/{org['done'].id}", data=FORM).status_code == 403


def test_a_head_two_levels_up_cannot_evaluate_or_lock_the_direct_supervisor_out(client, org):
    login(client, org["head"])
    assert "Budi Peserta" not in client.get("/tim/evaluasi").get_data(as_text=True)
    assert client.post(f"/tim/evaluasi/{org['done'].id}", data=FORM).status_code == 404
    with pytest.raises(evaluation.OutOfScope):
        evaluation.record(
            org["head"].id, org["done"], {"ORH": 4, "KJS": 4}, 2, "", delay_days=90, now=COMPLETED
        )
    db.session.rollback()
    assert db.session.scalar(select(func.count(BehaviourEvaluation.id))) == 0
    client.post("/logout")
    login(client, org["direct"])
    assert client.post(f"/tim/evaluasi/{org['done'].id}", data=FORM).status_code == 302
    assert db.session.scalar(select(BehaviourEvaluation.supervisor_id)) == org["direct"].id
    client.post("/logout")
    login(client, org["head"])
    page = client.get(f"/tim/pegawai/{org['learner'].id}").get_data(as_text=True)
    assert "Dinilai" in page and "Kabid Langsung" in page  # the head sees the result


def test_the_learner_is_told_exactly_who_reads_what(client, org):
    learner = make_user("Citra Peserta", supervisor=org["direct"])
    start(learner, learning_module())
    login(client, learner)
    page = client.get("/modul/modul-uji/materi/2").get_data(as_text=True)
    assert "RTL dapat dibaca oleh atasan langsung Anda (atau Plt. atasan" in page
    assert (
        "Atasan yang lebih tinggi hanya melihat bahwa RTL sudah ditulis dan diakui, "
        "bukan isinya; admin tidak melihatnya." in page
    )
    page = client.get("/modul/modul-uji/materi/1").get_data(as_text=True)
    assert "Bagikan kepada atasan langsung saya (atau Plt. atasan" in page
    assert "Tanpa centang, hanya Anda yang dapat membaca refleksi ini." in page
