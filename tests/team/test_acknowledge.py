"""The direct (or acting) supervisor acknowledges an RTL with baseline behaviour ratings and
rates the behaviours again in the post-training evaluation; nobody else can."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from lms import clock
from lms.evaluation import action_plans
from lms.evaluation.models import BehaviourRating
from lms.extensions import db
from lms.learning.models import Reflection

from ..conftest import login
from ..factories import make_module, make_user
from ..learning.helpers import PLAN_WHAT, write_rtl
from .builders import add_reflection, enrol

COMPLETED = clock.utcnow().replace(microsecond=0) - timedelta(days=120)
ACK = {"e{id}-behaviour_1": "2", "e{id}-behaviour_2": "1"}
EVALUATION = {"rating_0": "4", "action_plan": "2", "behaviour_1": "3", "behaviour_2": "4"}


@pytest.fixture
def org(app):
    head = make_user("Kepala Dinas")
    direct = make_user("Kabid Langsung", supervisor=head)
    learner = make_user("Budi Peserta", supervisor=direct)
    other_boss = make_user("Kabid Lain", supervisor=head)
    make_user("Staf Lain", supervisor=other_boss)
    module = make_module("waktu", title="Manajemen Waktu")
    module.current_version.behaviours = ["Menyusun rencana pekan", "Memblok waktu fokus"]
    done = enrol(
        learner, module, completed_at=COMPLETED, jp_credited=2, lessons_done=2, pretest_score=40
    )
    write_rtl(done)
    return locals()


def ack_form(enrollment, **changes) -> dict:
    data = {key.format(id=enrollment.id): value for key, value in ACK.items()}
    return data | {key.format(id=enrollment.id): value for key, value in changes.items()}


def acknowledge(client, org, **changes):
    done = org["done"]
    return client.post(f"/tim/rtl/{done.id}/akui", data=ack_form(done, **changes))


def ratings(stage: str) -> dict[int, int]:
    rows = db.session.scalars(select(BehaviourRating).where(BehaviourRating.stage == stage))
    return {row.position: row.rating for row in rows}


def plan() -> Reflection:
    db.session.expire_all()
    return db.session.scalar(select(Reflection))


def test_the_direct_supervisor_acknowledges_with_the_baseline(client, org):
    login(client, org["direct"])
    page = client.get(f"/tim/pegawai/{org['learner'].id}").get_data(as_text=True)
    assert PLAN_WHAT in page and "Akui RTL" in page and "Menyusun rencana pekan" in page
    written = plan().updated_at
    response = acknowledge(client, org)
    assert response.status_code == 302 and response.headers["Location"].endswith("#rtl")
    assert plan().acknowledged_by_id == org["direct"].id and plan().acknowledged_at
    assert plan().updated_at == written  # still the learner's last edit
    assert ratings("before") == {1: 2, 2: 1}
    page = client.get(f"/tim/pegawai/{org['learner'].id}").get_data(as_text=True)
    assert "Diakui oleh Kabid Langsung" in page and "Akui RTL" not in page
    client.post("/logout")
    login(client, org["learner"])
    lesson = client.get("/modul/waktu/materi/2").get_data(as_text=True)
    assert "Diakui oleh Kabid Langsung pada" in lesson


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"e{id}-behaviour_2": ""}, "Pilih nilai 1–4 untuk perilaku: Memblok waktu fokus"),
        ({"e{id}-behaviour_1": "9"}, "Pilih nilai 1–4 untuk perilaku: Menyusun rencana pekan"),
    ],
)
def test_a_missing_or_wrong_rating_changes_nothing(client, org, changes, message):
    login(client, org["direct"])
    changes = {key.format(id=org["done"].id): value for key, value in changes.items()}
    response = client.post(f"/tim/rtl/{org['done'].id}/akui", data=ack_form(org["done"]) | changes)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert plan().acknowledged_at is None and ratings("before") == {}


def test_acknowledged_once(client, org):
    login(client, org["direct"])
    acknowledge(client, org)
    response = acknowledge(client, org, **{"e{id}-behaviour_1": "4"})
    assert response.status_code == 400
    assert "RTL ini sudah diakui." in response.get_data(as_text=True)
    assert ratings("before") == {1: 2, 2: 1}


def test_the_acting_supervisor_acknowledges_while_the_post_is_vacant(client, org):
    acting = make_user("Plt Kabid", supervisor=org["head"])
    org["learner"].acting_supervisor_id = acting.id
    org["direct"].active = False
    db.session.commit()
    login(client, acting)
    assert acknowledge(client, org).status_code == 302
    assert plan().acknowledged_by_id == acting.id


@pytest.mark.parametrize(("who", "status"), [("head", 404), ("other_boss", 404), ("learner", 403)])
def test_nobody_else_acknowledges(client, org, who, status):
    login(client, org[who])
    assert acknowledge(client, org).status_code == status
    assert plan().acknowledged_at is None and ratings("before") == {}
    with pytest.raises(action_plans.OutOfScope):
        action_plans.acknowledge(org[who].id, org["done"], {1: 2, 2: 2}, clock.utcnow())


def test_the_head_two_levels_up_sees_a_summary_not_the_plan(client, org):
    login(client, org["direct"])
    acknowledge(client, org)
    client.post("/logout")
    login(client, org["head"])
    page = client.get(f"/tim/pegawai/{org['learner'].id}").get_data(as_text=True)
    assert PLAN_WHAT not in page and "Akui RTL" not in page
    assert "Manajemen Waktu" in page and "diakui atasan langsung" in page


def test_a_free_text_rtl_cannot_be_acknowledged_until_completed(client, org):
    other = enrol(make_user("Citra", supervisor=org["direct"]), make_module("lama"))
    add_reflection(other, "RTL lama tanpa tanggal.", kind="rtl")
    login(client, org["direct"])
    page = client.get(f"/tim/pegawai/{other.user_id}").get_data(as_text=True)
    assert "Pegawai perlu melengkapinya" in page
    response = client.post(f"/tim/rtl/{other.id}/akui", data={})
    assert response.status_code == 400
    assert "RTL ini belum lengkap" in response.get_data(as_text=True)


def test_the_evaluation_rates_each_behaviour_after(client, org):
    login(client, org["direct"])
    acknowledge(client, org)
    url = f"/tim/evaluasi/{org['done'].id}"
    assert "Memblok waktu fokus" in client.get(url).get_data(as_text=True)
    missing = {k: v for k, v in EVALUATION.items() if k != "behaviour_2"}
    response = client.post(url, data=missing)
    assert response.status_code == 400
    assert "Pilih nilai 1–4 untuk perilaku: Memblok waktu fokus" in response.get_data(as_text=True)
    assert ratings("after") == {}
    assert client.post(url, data=EVALUATION).status_code == 302
    assert ratings("after") == {1: 3, 2: 4}
    assert db.session.scalar(select(func.count(BehaviourRating.id))) == 4
