import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from lms import clock
from lms.errors import DomainError
from lms.evaluation import services
from lms.evaluation.models import BehaviourEvaluation
from lms.extensions import db

from ..conftest import login
from ..factories import make_module, make_user
from .builders import enrol

NOW = clock.utcnow()


@pytest.fixture
def data(app):
    boss = make_user("Wati Atasan")
    yani = make_user("Yani Staf", supervisor=boss)
    zaki = make_user("Zaki Staf", supervisor=boss)
    outsider = make_user("Orang Luar", supervisor=make_user("Atasan Lain"))
    module = make_module("proyek", title="Manajemen Proyek", competencies=("ORH", "KJS"))
    due = enrol(yani, module, completed_at=NOW - timedelta(days=91), jp_credited=2)
    recent = enrol(zaki, module, completed_at=NOW - timedelta(days=30), jp_credited=2)
    other = enrol(outsider, module, completed_at=NOW - timedelta(days=200), jp_credited=2)
    return locals()


def due_ids(boss, delay=90):
    return [e.id for e in db.session.scalars(services.due_for_evaluation(boss.id, delay, NOW))]


def stored() -> int:
    return db.session.scalar(select(func.count(BehaviourEvaluation.id)))


def test_due_after_the_delay_in_the_subtree_only(data):
    assert due_ids(data["boss"]) == [data["due"].id]
    assert due_ids(data["boss"], delay=30) == [data["due"].id, data["recent"].id]


def test_record_once(data):
    def record():
        return services.record(
            data["boss"].id,
            data["due"],
            {"ORH": "4", "KJS": 3},
            2,
            " Sudah memakai jadwal mingguan. ",
            delay_days=90,
            now=NOW,
        )

    evaluation = record()
    db.session.commit()
    assert evaluation.ratings == {"ORH": 4, "KJS": 3}
    assert (
        evaluation.action_plan_rating == 2 and evaluation.note == "Sudah memakai jadwal mingguan."
    )
    assert due_ids(data["boss"]) == []
    with pytest.raises(DomainError):
        record()
    assert stored() == 1


@pytest.mark.parametrize(
    ("ratings", "plan", "note", "field"),
    [
        ({"ORH": 4}, 2, "", "KJS"),
        ({"ORH": 4, "KJS": 6}, 2, "", "KJS"),
        ({"ORH": 0, "KJS": 3}, 2, "", "ORH"),
        ({"ORH": "x", "KJS": 3}, 2, "", "ORH"),
        ({"ORH": 4, "KJS": 3, "PLP": 5}, 2, "", None),
        ({"ORH": 4, "KJS": 3}, 4, "", "action_plan"),
        ({"ORH": 4, "KJS": 3}, None, "", "action_plan"),
        ({"ORH": 4, "KJS": 3}, 1, "x" * 2001, "note"),
    ],
)
def test_record_validates(data, ratings, plan, note, field):
    with pytest.raises(DomainError) as error:
        services.record(data["boss"].id, data["due"], ratings, plan, note, delay_days=90, now=NOW)
    assert error.value.field == field
    assert stored() == 0


def test_record_refuses_before_the_delay_and_outside_the_subtree(data):
    with pytest.raises(DomainError):
        services.record(
            data["boss"].id, data["recent"], {"ORH": 4, "KJS": 4}, 3, "", delay_days=90, now=NOW
        )
    with pytest.raises(services.OutOfScope):
        services.record(
            data["boss"].id, data["other"], {"ORH": 4, "KJS": 4}, 3, "", delay_days=90, now=NOW
        )
    assert stored() == 0


# --- the pages ----------------------------------------------------------------

FORM = {"rating_0": "5", "rating_1": "3", "action_plan": "3", "note": "Rapat jadi lebih singkat."}


def test_evaluation_list_and_form(client, data):
    login(client, data["boss"])
    listing = client.get("/tim/evaluasi").get_data(as_text=True)
    assert "Yani Staf" in listing and "Zaki Staf" not in listing and "Orang Luar" not in listing
    assert f"/tim/evaluasi/{data['due'].id}" in listing
    form = client.get(f"/tim/evaluasi/{data['due'].id}").get_data(as_text=True)
    assert "Kompetensi ORH" in form and "Kompetensi KJS" in form
    assert "Sepenuhnya dilaksanakan" in form
    response = client.post(f"/tim/evaluasi/{data['due'].id}", data=FORM)
    assert response.status_code == 302
    assert response.location == f"/tim/pegawai/{data['yani'].id}"
    page = client.get(response.location).get_data(as_text=True)
    assert "Evaluasi pasca pelatihan tersimpan." in page
    assert "Kompetensi ORH: <strong>5</strong> / 5" in page
    assert "Sepenuhnya dilaksanakan" in page and "Rapat jadi lebih singkat." in page
    again = client.post(f"/tim/evaluasi/{data['due'].id}", data={**FORM, "rating_0": "1"})
    assert again.status_code == 302
    assert "sudah diisi" in client.get(again.location).get_data(as_text=True)
    assert stored() == 1
    assert db.session.scalar(select(BehaviourEvaluation.ratings)) == {"ORH": 5, "KJS": 3}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"rating_1": ""}, "Pilih nilai 1–5 untuk kompetensi: Kompetensi KJS"),
        ({"rating_1": "9"}, "Pilih nilai 1–5 untuk setiap kompetensi."),
        ({"action_plan": ""}, "Pilih sejauh mana RTL dilaksanakan."),
        ({"action_plan": "7"}, "Pilih sejauh mana RTL dilaksanakan."),
        ({"note": "x" * 2001}, "Catatan terlalu panjang."),
    ],
)
def test_evaluation_form_validation(client, data, change, message):
    login(client, data["boss"])
    response = client.post(f"/tim/evaluasi/{data['due'].id}", data={**FORM, **change})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert stored() == 0


def test_the_summary_names_each_question_in_the_order_of_the_page(client, data):
    login(client, data["boss"])
    page = client.post(f"/tim/evaluasi/{data['due'].id}", data={}).get_data(as_text=True)
    summary = page.split('id="error-summary"')[1].split("</div>")[0]
    assert re.findall(r'<a href="#([^"]+)">([^<]+)</a>', summary) == [
        ("rating_0-0", "Pilih nilai 1–5 untuk kompetensi: Kompetensi ORH"),
        ("rating_1-0", "Pilih nilai 1–5 untuk kompetensi: Kompetensi KJS"),
        ("action_plan-0", "Pilih sejauh mana RTL dilaksanakan."),
    ]
    on_the_page = re.findall(r'<fieldset class="choices[^"]*" id="([^"]+)"', page)
    assert on_the_page == ["rating_0", "rating_1", "action_plan"]


def test_evaluation_before_the_delay_is_not_offered(client, data):
    login(client, data["boss"])
    response = client.post(f"/tim/evaluasi/{data['recent'].id}", data=FORM)
    assert response.status_code == 302
    assert "90 hari setelah modul selesai" in client.get(response.location).get_data(as_text=True)
    assert stored() == 0


def test_delay_is_a_setting(client, data, app):
    app.config["EVALUATION_DELAY_DAYS"] = 20
    login(client, data["boss"])
    listing = client.get("/tim/evaluasi").get_data(as_text=True)
    assert "Yani Staf" in listing and "Zaki Staf" in listing


def test_evaluation_outside_the_subtree_is_404(client, data):
    login(client, data["boss"])
    assert client.get(f"/tim/evaluasi/{data['other'].id}").status_code == 404
    assert client.post(f"/tim/evaluasi/{data['other'].id}", data=FORM).status_code == 404
    assert client.get("/tim/evaluasi/987654").status_code == 404
    assert stored() == 0


def test_the_team_page_says_how_many_evaluations_wait(client, data):
    login(client, data["boss"])
    waiting = "1 evaluasi pasca pelatihan menunggu Anda"
    page = client.get("/tim").get_data(as_text=True)
    assert waiting in page and 'href="/tim/evaluasi"' in page.split(waiting)[1][:400]
    assert services.count_due_for_evaluation(data["boss"].id, 30, NOW) == 2
    client.post(f"/tim/evaluasi/{data['due'].id}", data=FORM)
    assert "menunggu Anda" not in client.get("/tim").get_data(as_text=True)
