"""The admin's programme evaluation (Monev): service indicators (level 4) and the report.

Importing employees is journeyed in test_admin_import.py.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from ..factories import local_today
from .journey import (
    Look,
    sign_in_as,
)

pytestmark = pytest.mark.e2e

# A unit the demo gives no indicators, so the month below is free whatever the demo holds.
UNIT = "Dinas Pekerjaan Umum dan Penataan Ruang > Bidang Bina Marga"


def _last_month() -> str:
    today = local_today()
    year, month = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    return f"{year:04d}-{month:02d}"


def _monev_or_skip(page: Page, base_url: str) -> None:
    response = page.goto(f"{base_url}/monev")
    if response.status == 404:
        pytest.skip("monev not built yet")
    expect(page.get_by_role("heading", level=1)).to_have_text("Monitoring dan Evaluasi")


def _recorded(page: Page) -> int:
    caption = page.locator("table caption").inner_text()
    return int(re.search(r"\d+", caption).group())


def _indicator_form(page: Page, waiting: str, ikm: str) -> None:
    form = page.locator("form", has=page.get_by_role("heading", name="Catat indikator layanan"))
    form.get_by_label("Unit kerja").select_option(label=UNIT)
    form.get_by_label("Bulan").fill(_last_month())
    form.get_by_label("Rata-rata waktu tunggu (menit)").fill(waiting)
    form.get_by_label("IKM (0–100)").fill(ikm)
    form.get_by_label("Catatan (opsional)").fill("Loket rekomendasi teknis jalan provinsi.")
    with page.expect_navigation():
        form.get_by_role("button", name="Simpan").click()


def test_admin_enters_service_indicators_and_opens_the_report(page, base_url):
    look = Look()
    sign_in_as(page, base_url, "admin")
    _monev_or_skip(page, base_url)
    look(page, "overview")

    page.locator("nav.tabs").get_by_role("link", name="Indikator layanan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Indikator layanan (Level 4)")
    before = _recorded(page)
    look(page, "indicators")

    _indicator_form(page, "35,5", "120")
    expect(page.locator(".field.has-error")).to_contain_text("IKM harus antara 0 dan 100.")
    expect(page.get_by_label("IKM (0–100)")).to_have_value("120")
    assert _recorded(page) == before, "a refused indicator was stored"
    look(page, "indicator-refused")

    _indicator_form(page, "35,5", "82,4")
    expect(page.locator(".flash", has_text="Indikator layanan tersimpan.")).to_be_visible()
    assert _recorded(page) == before + 1
    row = page.locator("tbody tr", has_text="Bidang Bina Marga")
    expect(row).to_contain_text("35,5")
    expect(row).to_contain_text("82,4")
    look(page, "indicator-saved")

    page.locator("nav.tabs").get_by_role("link", name="Empat level").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Evaluasi empat level")
    page.get_by_label("Lihat unit").select_option(label=UNIT)
    with page.expect_navigation():
        page.locator("form", has=page.get_by_label("Lihat unit")).get_by_role(
            "button", name="Tampilkan"
        ).click()
    expect(page.get_by_role("heading", level=3, name=UNIT)).to_be_visible()
    look(page, "four-levels")

    page.locator("nav.tabs").get_by_role("link", name="Laporan cetak").click()
    expect(page).to_have_url(re.compile(r"/monev/laporan"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Laporan Monitoring dan Evaluasi")
    results = page.locator("section", has=page.get_by_role("heading", name=re.compile("Level 4")))
    expect(results.get_by_role("heading", level=3, name=UNIT)).to_be_visible()
    look(page, "report")
    look.done()


@pytest.mark.parametrize(
    "path",
    [
        "/monev",
        "/monev/level",
        "/monev/indikator",
        "/monev/laporan",
    ],
)
def test_monev_pages_fit_a_phone(phone_page, base_url, path):
    sign_in_as(phone_page, base_url, "admin")
    _monev_or_skip(phone_page, base_url)
    phone_page.goto(f"{base_url}{path}")
    expect(phone_page.get_by_role("heading", level=1)).to_be_visible()
    look = Look()
    look(phone_page, path.strip("/").replace("/", "-"))
    look.done()
