"""The RTL in the browser: typed text survives "Tandai selesai" with JavaScript on and off,
leaving with unsaved text asks first, and the direct supervisor acknowledges the plan."""

from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from lms.extensions import db
from lms.learning import services as learning
from lms.learning.models import Reflection
from lms.people.services import find_by_nip

from .data import PASSWORD, database, learner_at_the_last_lesson
from .journey import DEMO, assert_accessible, assert_no_horizontal_scroll, sign_in

pytestmark = pytest.mark.e2e

SLUG, LAST = "manajemen-waktu", 5
WHAT = (
    "Setiap Jumat pukul 15.00 saya menyusun rencana pekan depan dan memblok Selasa pagi "
    "untuk pekerjaan kuadran II di bidang perizinan."
)
SUCCESS = "Rencana pekan tersimpan setiap Jumat dan rekap izin tidak pernah terlambat."
PEOPLE = "Kepala bidang perizinan dan petugas loket"


def stored_plan(server, nip: str) -> tuple[str, str] | None:
    """(what, who) of the learner's stored RTL, or None."""
    with database(server):
        user = find_by_nip(nip)
        enrollment = learning.enrollment_for(user.id, learning.module_by_slug(SLUG).id)
        plan = db.session.scalar(
            select(Reflection).where(Reflection.enrollment_id == enrollment.id)
        )
        return None if plan is None else (plan.text, plan.plan_people)


def fill_plan(page: Page) -> None:
    box = page.locator("section.rtl")
    box.get_by_label("Apa yang akan saya ubah").fill(WHAT)
    due = datetime.now(UTC).date() + timedelta(days=45)
    dates = box.get_by_role("group", name="Kapan sudah berjalan (tanggal target)")
    for part, value in (("Tanggal", due.day), ("Bulan", due.month), ("Tahun", due.year)):
        dates.get_by_label(part, exact=True).fill(str(value))
    box.get_by_label("Bagaimana keberhasilannya terlihat").fill(SUCCESS)
    box.get_by_label("Siapa yang terlibat").fill(PEOPLE)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_the_plan_typed_before_tandai_selesai_is_kept(
    request, base_url, live_server, browser, javascript
):
    nip = learner_at_the_last_lesson(
        live_server, f"Peserta RTL {'JS' if javascript else 'NoJS'}", SLUG, LAST
    )
    context = browser.new_context(base_url=base_url, locale="id-ID", java_script_enabled=javascript)
    page = context.new_page()
    sign_in(page, base_url, nip, PASSWORD)
    page.goto(f"{base_url}/modul/{SLUG}/materi/{LAST}")
    # One primary button: "Tandai selesai"; the save button is secondary until then.
    expect(page.get_by_role("button", name="Simpan RTL")).to_have_class("secondary")
    fill_plan(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Tandai selesai", exact=True).click()
    assert page.url.endswith(f"/modul/{SLUG}#langkah")
    assert stored_plan(live_server, nip) == (WHAT, PEOPLE)
    page.goto(f"{base_url}/modul/{SLUG}/materi/{LAST}")
    expect(page.get_by_label("Apa yang akan saya ubah")).to_have_value(WHAT)
    expect(page.locator("section.finish")).to_contain_text("sudah Anda tandai selesai")
    context.close()


def test_a_weak_plan_on_finish_shows_every_problem_and_keeps_the_text(page, base_url, live_server):
    nip = learner_at_the_last_lesson(live_server, "Peserta RTL Singkat", SLUG, LAST)
    sign_in(page, base_url, nip, PASSWORD)
    page.goto(f"{base_url}/modul/{SLUG}/materi/{LAST}")
    page.get_by_label("Apa yang akan saya ubah").fill("Saya akan lebih rajin.")
    with page.expect_navigation():
        page.get_by_role("button", name="Tandai selesai", exact=True).click()
    box = page.locator("section.rtl")
    expect(box).to_contain_text("paling sedikit 12 kata (sekarang 4 kata)")
    expect(box).to_contain_text("Masukkan tanggal target")
    expect(box.locator(".error-message")).to_have_count(4)
    expect(page.get_by_label("Apa yang akan saya ubah")).to_have_value("Saya akan lebih rajin.")
    assert stored_plan(live_server, nip) is None


def test_leaving_with_unsaved_text_asks_first(page, base_url, live_server):
    nip = learner_at_the_last_lesson(live_server, "Peserta RTL Pergi", SLUG, LAST)
    sign_in(page, base_url, nip, PASSWORD)
    page.goto(f"{base_url}/modul/{SLUG}/materi/{LAST}")
    asked = []

    def dismiss(dialog):
        asked.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", dismiss)
    page.get_by_label("Apa yang akan saya ubah").fill(WHAT)
    page.get_by_role("link", name="← Manajemen Waktu bagi ASN").click()
    page.wait_for_timeout(500)
    assert asked == ["beforeunload"]
    assert page.url.endswith(f"/materi/{LAST}")  # stayed: the text is still there
    expect(page.get_by_label("Apa yang akan saya ubah")).to_have_value(WHAT)


def test_the_direct_supervisor_acknowledges_and_the_learner_sees_it(
    page, phone_page, base_url, live_server
):
    nip = learner_at_the_last_lesson(live_server, "Peserta RTL Diakui", SLUG, LAST)
    sign_in(phone_page, base_url, nip, PASSWORD)
    phone_page.goto(f"{base_url}/modul/{SLUG}/materi/{LAST}")
    fill_plan(phone_page)
    with phone_page.expect_navigation():
        phone_page.get_by_role("button", name="Simpan RTL").click()
    assert_no_horizontal_scroll(phone_page)
    assert_accessible(phone_page, "lesson-rtl")

    sign_in(page, base_url, DEMO["supervisor"][0])
    with database(live_server):
        user_id = find_by_nip(nip).id
    page.goto(f"{base_url}/tim/pegawai/{user_id}")
    card = page.locator("article", has_text=WHAT)
    expect(card).to_contain_text(PEOPLE)
    assert_accessible(page, "acknowledge")
    for index, group in enumerate(card.locator("fieldset").all()):
        group.get_by_label(
            "2 – Kadang-kadang terlihat" if index % 2 else "1 – Belum terlihat"
        ).check()
    with page.expect_navigation():
        card.get_by_role("button", name="Akui RTL").click()
    expect(page.locator("article", has_text=WHAT)).to_contain_text("Diakui oleh Hendra Gunawan")

    phone_page.goto(f"{base_url}/modul/{SLUG}/materi/{LAST}")
    expect(phone_page.locator("section.rtl")).to_contain_text("Diakui oleh Hendra Gunawan")
    expect(phone_page.locator("section.rtl textarea")).to_have_count(0)
