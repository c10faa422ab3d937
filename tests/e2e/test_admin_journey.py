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


def _last_month() -> tuple[int, int]:
    today = local_today()
    return (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)


def _monev_or_skip(page: Page, base_url: str) -> None:
    response = page.goto(f"{base_url}/monev")
    if response.status == 404:
        pytest.skip("monev not built yet")
    expect(page.get_by_role("heading", level=1)).to_have_text("Monitoring dan Evaluasi")


def _recorded(page: Page) -> int:
    caption = page.locator("table caption").inner_text()
    return int(re.search(r"\d+", caption).group())


# The nine service elements of PermenPANRB No. 14 Tahun 2017, as the form labels them.
ELEMENT_LABELS = [
    "U1 Persyaratan",
    "U2 Sistem, mekanisme, dan prosedur",
    "U3 Waktu penyelesaian",
    "U4 Biaya/tarif",
    "U5 Produk spesifikasi jenis pelayanan",
    "U6 Kompetensi pelaksana",
    "U7 Perilaku pelaksana",
    "U8 Penanganan pengaduan, saran, dan masukan",
    "U9 Sarana dan prasarana",
]


def _indicator_form(page: Page, waiting: str, element: str) -> None:
    """A month's waiting time and a survey whose nine elements all score `element` (1-4)."""
    form = page.locator("form", has=page.get_by_role("heading", name="Catat indikator layanan"))
    form.get_by_label("Unit kerja").select_option(label=UNIT)
    year, month = _last_month()
    form.get_by_label("Bulan", exact=True).select_option(str(month))
    form.get_by_label("Tahun", exact=True).fill(str(year))
    form.get_by_label("Rata-rata waktu tunggu (menit)").fill(waiting)
    form.get_by_label("Jumlah layanan yang diukur").fill("120")
    form.get_by_label("Jumlah responden").fill("150")
    for label in ELEMENT_LABELS:
        form.get_by_label(label, exact=True).fill(element)
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

    _indicator_form(page, "35,5", "5")
    expect(page.locator(".field.has-error").first).to_contain_text(
        "Nilai unsur harus antara 1 dan 4."
    )
    expect(page.get_by_label(ELEMENT_LABELS[0], exact=True)).to_have_value("5")
    assert _recorded(page) == before, "a refused indicator was stored"
    look(page, "indicator-refused")

    _indicator_form(page, "35,5", "3,2")  # IKM = 3.2 × 25 = 80
    expect(page.locator(".flash", has_text="Indikator layanan tersimpan.")).to_be_visible()
    assert _recorded(page) == before + 1
    row = page.locator("tbody tr", has_text="Bidang Bina Marga")
    expect(row).to_contain_text("35,5")
    expect(row).to_contain_text("80")
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
