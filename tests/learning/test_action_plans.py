"""The structured RTL: four parts with a minimum of substance, specific messages, nothing
changed by bad input; "Tandai selesai" saves typed text first; an acknowledged RTL is final."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from lms import clock
from lms.extensions import db
from lms.learning.models import LessonProgress, Reflection
from tests.conftest import login
from tests.factories import answer_checks, make_user
from tests.learning.helpers import PLAN_WHAT, learning_module, plan_form, start, write_rtl

BASE = "/modul/modul-uji/materi"


@pytest.fixture
def learner(client):
    user = make_user("Rina Peserta")
    login(client, user)
    return user


@pytest.fixture
def enrollment(learner):
    return start(learner, learning_module())


def stored() -> list[Reflection]:
    return list(db.session.scalars(select(Reflection).order_by(Reflection.id)))


def lessons_done() -> int:
    return len(db.session.scalars(select(LessonProgress)).all())


def test_a_good_plan_is_stored_in_four_parts(client, enrollment):
    due = clock.today() + timedelta(days=30)
    response = client.post(f"{BASE}/2/rtl", data=plan_form(due=due))
    assert response.status_code == 302
    [plan] = stored()
    assert (plan.kind, plan.text, plan.plan_due) == ("rtl", PLAN_WHAT, due)
    assert plan.plan_success.startswith("Rencana pekan tersimpan")
    assert plan.plan_people == "Kepala bidang dan rekan satu tim"
    page = client.get(f"{BASE}/2").get_data(as_text=True)
    assert "belum diakui atasan" in page
    # The day, month and year boxes show what was saved.
    for part, value in (("day", due.day), ("month", due.month), ("year", due.year)):
        assert f'name="rtl-due-{part}" value="{value}"' in page
    assert 'type="date"' not in page  # Chromium would show mm/dd/yyyy


@pytest.mark.parametrize(
    ("boxes", "message"),
    [
        (("31", "2", "2027"), "Tanggal target harus tanggal yang benar"),
        (("31", "", "2027"), "Tanggal target harus tanggal yang benar"),
        (("tiga", "3", "2027"), "Tanggal target harus tanggal yang benar"),
        (("", "", ""), "Masukkan tanggal target"),
    ],
)
def test_a_wrong_date_in_the_boxes_is_refused_and_kept(client, enrollment, boxes, message):
    day, month, year = boxes
    data = plan_form(text="Rajin.") | {"rtl-due-day": day, "rtl-due-month": month}
    data |= {"rtl-due-year": year}
    page = client.post(f"{BASE}/2/rtl", data=data).get_data(as_text=True)
    assert message in page
    assert '<a href="#rtl-due-day">' in page  # the summary leads to the day box
    assert "paling sedikit 12 kata" in page  # reported in the same pass as the other parts
    for part, value in (("day", day), ("month", month), ("year", year)):
        assert f'name="rtl-due-{part}" value="{value}"' in page
    assert stored() == []


def test_a_date_typed_with_single_digits_is_stored(client, enrollment):
    due = clock.today() + timedelta(days=40)
    client.post(f"{BASE}/2/rtl", data=plan_form(due=due))  # e.g. "3", not "03"
    assert [plan.plan_due for plan in stored()] == [due]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"text": "Saya akan lebih rajin."}, "paling sedikit 12 kata (sekarang 4 kata)"),
        ({"due": ""}, "Masukkan tanggal target"),
        ({"due": "31/02/2027"}, "Tanggal target harus tanggal yang benar"),
        ({"due": -1}, "tidak boleh sebelum hari ini"),
        ({"due": 366}, "paling lambat satu tahun"),
        ({"success": "Lebih baik."}, "paling sedikit 8 kata (sekarang 2 kata)"),
        ({"people": "Atasan"}, "Sebutkan siapa yang terlibat"),
        ({"success": "kata " * 2001}, "Bagian ini paling panjang 2000 karakter."),
    ],
)
def test_each_weak_part_gets_its_own_message_and_nothing_changes(
    client, enrollment, fields, message
):
    if isinstance(fields.get("due"), int):  # days from today, in the app's time zone
        fields = {"due": (clock.today() + timedelta(days=fields["due"])).isoformat()}
    write_rtl(enrollment)
    before = [(r.text, r.plan_due, r.plan_success, r.plan_people) for r in stored()]
    response = client.post(f"{BASE}/2/rtl", data=plan_form(**fields))
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    db.session.expire_all()
    assert [(r.text, r.plan_due, r.plan_success, r.plan_people) for r in stored()] == before


def test_every_problem_is_reported_in_one_pass_and_typing_is_kept(client, enrollment):
    data = plan_form(text="Rajin.", due="", success="Baik.", people="")
    page = client.post(f"{BASE}/2/rtl", data=data).get_data(as_text=True)
    assert page.count('class="error-message"') == 4  # one per weak part, in one pass
    assert "Ada masalah" in page and "<title>Kesalahan:" in page
    assert "Rajin.</textarea>" in page and "Baik.</textarea>" in page
    assert stored() == []


def test_an_acknowledged_plan_is_final(client, enrollment, learner):
    write_rtl(enrollment)
    [plan] = stored()
    boss = make_user("Bu Atasan")
    plan.acknowledged_at, plan.acknowledged_by_id = clock.utcnow(), boss.id
    db.session.commit()
    page = client.get(f"{BASE}/2").get_data(as_text=True)
    assert "Diakui oleh Bu Atasan pada" in page
    assert "<textarea" not in page  # shown as text, no longer a form
    response = client.post(f"{BASE}/2/rtl", data=plan_form(text=PLAN_WHAT + " Lagi."))
    assert response.status_code == 400
    assert "sudah diakui atasan Anda dan tidak dapat diubah" in response.get_data(as_text=True)
    db.session.expire_all()
    assert stored()[0].text == PLAN_WHAT


def test_a_free_text_rtl_from_before_is_kept_as_the_what_part(client, enrollment):
    lesson = enrollment.version.lessons[-1]
    old = "RTL lama yang ditulis bebas sebelum ada empat bagian."
    db.session.add(
        Reflection(
            enrollment_id=enrollment.id,
            lesson_id=lesson.id,
            block_key="rtl",
            kind="rtl",
            text=old,
            shared=True,
        )
    )
    db.session.commit()
    page = client.get(f"{BASE}/2").get_data(as_text=True)
    assert f"{old}</textarea>" in page
    assert not stored()[0].plan_complete


def test_finish_saves_the_typed_plan_then_marks_the_lesson_done(client, enrollment):
    data = plan_form()
    response = client.post(f"{BASE}/2/selesai", data=data)
    assert response.status_code == 302
    [plan] = stored()
    assert plan.text == PLAN_WHAT and plan.plan_due is not None
    assert lessons_done() == 1


def test_finish_with_a_weak_plan_marks_nothing_and_keeps_the_text(client, enrollment):
    data = plan_form(text="Saya ingin berubah.")
    response = client.post(f"{BASE}/2/selesai", data=data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Saya ingin berubah.</textarea>" in page and "paling sedikit 12 kata" in page
    assert stored() == [] and lessons_done() == 0


def test_finish_saves_a_typed_reflection(client, enrollment):
    answer_checks(enrollment, enrollment.version.lessons[0])
    db.session.commit()
    response = client.post(
        f"{BASE}/1/selesai", data={"ref1-text": "Catatan saya.", "ref1-shared": "y"}
    )
    assert response.status_code == 302
    [saved] = stored()
    assert (saved.kind, saved.text, saved.shared) == ("reflection", "Catatan saya.", True)
    assert lessons_done() == 1


def test_finish_with_empty_boxes_just_marks_done(client, enrollment):
    answer_checks(enrollment, enrollment.version.lessons[0])
    db.session.commit()
    assert client.post(f"{BASE}/1/selesai", data={"ref1-text": "  "}).status_code == 302
    assert stored() == [] and lessons_done() == 1


def test_one_primary_button_and_the_finish_button_sends_the_text_form(client, enrollment):
    page = client.get(f"{BASE}/2").get_data(as_text=True)
    assert 'form="teks-rtl"' in page and f'formaction="{BASE}/2/selesai#error-summary"' in page
    assert 'class="secondary"' in page.split('id="teks-rtl"')[1].split("</form>")[0]
    assert "js/unsaved.js" in page


def test_finish_before_the_checks_keeps_the_typed_reflection(client, enrollment):
    response = client.post(f"{BASE}/1/selesai", data={"ref1-text": "Catatan saya."})
    assert response.status_code == 400  # the checks come first, and say so
    assert "belum dapat ditandai selesai" in response.get_data(as_text=True)
    [saved] = stored()  # but what was typed is kept
    assert saved.text == "Catatan saya." and lessons_done() == 0
