"""The learner's way through a module, from the first sign-in to the certificate.

Each journey signs in as a fresh employee, so what it asserts (JP, attempts, certificates)
starts from zero whatever other journeys did to the shared database.
"""

import io
import re
from dataclasses import dataclass, field

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from .journey import (
    PASSWORD,
    SUPERVISOR_NIP,
    add_employee,
    answer_anything,
    assert_accessible,
    assert_no_horizontal_scroll,
    attempt_id,
    correct_answers,
    fill_answers,
    shot,
    sign_in,
    sign_in_as,
    unused_nip,
)
from .journey import database as in_database

pytestmark = pytest.mark.e2e

MODULE = "Manajemen Waktu bagi ASN"
SLUG = "manajemen-waktu"
LESSONS = 5
JP = 2
VERDICTS = re.compile(r"Benar\.|Sebagian benar\.|Belum tepat\.")
REFLECTION = (
    "Pekan depan saya menetapkan tiga hasil utama: rekap izin terbit Kamis pukul 12.00, "
    "draf SOP loket Rabu, dan laporan bulanan Jumat pagi."
)
RTL = (
    "Mulai Senin saya menyusun rencana pekan setiap Jumat pukul 15.00 dan memblok Selasa "
    "pukul 08.00-10.00 untuk pekerjaan kuadran II. Saya melapor ke atasan setiap bulan."
)


@dataclass
class Look:
    """What every step checks: a screenshot, axe once per page, and on a phone the width."""

    phone: bool = False
    seen: set[str] = field(default_factory=set)

    def __call__(self, page: Page, name: str, kind: str | None = None) -> None:
        shot(page, name)
        if self.phone:
            assert_no_horizontal_scroll(page)
        kind = kind or name
        if kind not in self.seen:
            self.seen.add(kind)
            assert_accessible(page)


def _submit(page: Page, button: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=button, exact=True).click()


def _status(page: Page):
    """The flash messages at the top of the page."""
    return page.locator(".flash, [role=status], [role=alert]")


def open_module(page: Page, look: Look) -> None:
    catalogue = page.locator("section[aria-labelledby=catalogue-title]")
    catalogue.get_by_role("link", name=MODULE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(MODULE)
    look(page, "module")


def take_pretest(page: Page, look: Look) -> None:
    _submit(page, "Mulai pre-test")
    expect(page.get_by_role("heading", level=1)).to_have_text("Pre-test")
    look(page, "pretest")
    answered = answer_anything(page.locator("form.quiz"))
    assert answered == 10
    _submit(page, "Simpan jawaban")
    expect(page.locator("#simpan")).to_contain_text("Tersimpan: 10 dari 10 soal sudah dijawab.")
    _submit(page, "Kirim jawaban")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hasil Pre-test")
    expect(page.locator(".result .score")).to_contain_text("Nilai Anda")
    look(page, "pretest-result")


def study_lesson(page: Page, look: Look, position: int) -> None:
    """Answer the lesson's inline check, write its reflection if it has one, mark it done."""
    expect(page.locator(".lesson h1")).to_be_visible()
    expect(page.get_by_text(f"Materi {position} dari {LESSONS}")).to_be_visible()
    look(page, f"lesson-{position}")
    check = page.locator("section.check").first
    answer_anything(check)
    with page.expect_navigation():
        check.get_by_role("button", name="Periksa jawaban").click()
    feedback = page.locator("section.check .check-feedback").first
    expect(feedback).to_be_visible()
    expect(feedback.locator(".verdict")).to_have_text(VERDICTS)
    look(page, f"lesson-{position}-checked", kind="lesson-checked")
    reflection = page.locator("section.reflect:not(.rtl)")
    if reflection.count():
        reflection.get_by_label("Refleksi Anda").fill(REFLECTION) if reflection.get_by_label(
            "Refleksi Anda"
        ).count() else reflection.locator("textarea").fill(REFLECTION)
        with page.expect_navigation():
            reflection.get_by_role("button", name="Simpan refleksi").click()
        expect(_status(page).filter(has_text="Refleksi tersimpan.")).to_be_visible()
        expect(page.locator("section.reflect:not(.rtl) .saved-note")).to_contain_text("Tersimpan")
        look(page, f"lesson-{position}-reflection", kind="lesson-reflection")
    last = position == LESSONS
    _submit(page, "Tandai selesai" if last else "Tandai selesai dan lanjut")


def sign_in_fresh(page: Page, base_url: str, live_server, name: str, look: Look) -> str:
    nip = add_employee(live_server, name)
    sign_in(page, base_url, nip, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Selamat datang, {name}")
    expect(page.locator(".jp-figure")).to_contain_text("0 dari 20 JP")
    look(page, "home")
    return nip
