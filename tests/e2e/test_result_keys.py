"""What a result page reveals: no keys after the pre-test or a failed post-test; all once passed."""

import pytest
from playwright.sync_api import Page, expect

from lms.extensions import db
from lms.learning import services as learning
from lms.people.services import find_by_nip
from tests.factories import finish_lesson

from .data import PASSWORD, add_employee, correct_answers, database
from .journey import assert_no_horizontal_scroll, attempt_id, fill_answers, sign_in

pytestmark = pytest.mark.e2e

SLUG = "manajemen-waktu"
MODULE = "Manajemen Waktu bagi ASN"
KEYS = ("Jawaban yang benar", "Jawaban Anda", "Pembahasan")


def _submit(page: Page, button: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=button, exact=True).click()


def _finish_lessons(server, nip: str) -> None:
    """Lessons are not what this journey is about: mark them done as their pages would."""
    with database(server):
        enrollment = learning.enrollment_for(find_by_nip(nip).id, learning.module_by_slug(SLUG).id)
        for lesson in enrollment.version.lessons:
            finish_lesson(enrollment, lesson)
        db.session.flush()


def _look(page: Page, name: str) -> None:
    """Screenshots at desktop width and at 360 px, for a person to read."""
    assert_no_horizontal_scroll(page)
    page.screenshot(path=f"/tmp/testforms-{name}-desktop.png", full_page=True)
    page.set_viewport_size({"width": 360, "height": 640})
    assert_no_horizontal_scroll(page)
    page.screenshot(path=f"/tmp/testforms-{name}-360.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 800})


def _no_keys(page: Page) -> None:
    main = page.locator("main")
    for text in KEYS:
        expect(main).not_to_contain_text(text)
    expect(page.locator("section.review")).to_have_count(0)


def test_keys_stay_hidden_until_the_learner_passes(page: Page, base_url, live_server):
    nip = add_employee(live_server, "Nur Kunci")
    sign_in(page, base_url, nip, PASSWORD)
    page.goto(f"/modul/{SLUG}")
    _submit(page, "Mulai pre-test")
    _submit(page, "Lanjut: periksa jawaban")
    _submit(page, "Kirim jawaban")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hasil Pre-test")
    expect(page.locator("main")).to_contain_text("Hasil per kompetensi")
    expect(page.locator("table.competencies")).to_contain_text("Perlu ditingkatkan")
    _no_keys(page)
    _look(page, "pretest")

    _finish_lessons(live_server, nip)
    page.goto(f"/modul/{SLUG}")
    _submit(page, "Mulai post-test")
    _submit(page, "Lanjut: periksa jawaban")
    _submit(page, "Kirim jawaban")
    expect(page.locator(".result")).to_contain_text("Tidak Lulus")
    expect(page.locator("main")).to_contain_text("Materi untuk dipelajari kembali")
    _no_keys(page)
    _look(page, "posttest-failed")

    _submit(page, "Ulangi post-test (remedial)")
    fill_answers(page.locator("form.quiz"), correct_answers(live_server, attempt_id(page)))
    _submit(page, "Lanjut: periksa jawaban")
    _submit(page, "Kirim jawaban")
    expect(page.locator(".result")).not_to_contain_text("Tidak Lulus")
    expect(page.locator("section.review")).to_have_count(10)
    expect(page.locator("main")).to_contain_text("Jawaban Anda")
    _look(page, "posttest-passed")
