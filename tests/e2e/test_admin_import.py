import re

import pytest
from playwright.sync_api import Page, expect

from .journey import SUPERVISOR_NIP, assert_accessible, shot, sign_in_as

pytestmark = pytest.mark.e2e

HEADER = "nip,nama,email,jabatan,golongan,unit,nip_atasan"
UNIT = "Dinas Kesehatan > Bidang Pelayanan Kesehatan"
GOOD = f"198805142014032901,Tri Wahyuni,,Perawat Ahli Pertama,III/a,{UNIT},{SUPERVISOR_NIP}"
NEW_NIP = "199107212019031902"
# Month 13 in the CPNS start date: the importer must name row 3.
BAD = f"199107212019131902,Andi Pratama,,Pranata Komputer,III/b,{UNIT},{SUPERVISOR_NIP}"
FIXED = BAD.replace("2019131902", NEW_NIP[8:])


def _csv(*rows: str) -> dict:
    data = "\n".join([HEADER, *rows, ""]).encode()
    return {"name": "pegawai.csv", "mimeType": "text/csv", "buffer": data}


def _employee_count(page: Page, base_url: str, search: str = "") -> int:
    page.goto(f"{base_url}/admin/pegawai?q={search}")
    caption = page.locator("table caption").inner_text()
    return int(re.search(r"\d+", caption).group())


def _upload(page: Page, base_url: str, file: dict) -> None:
    page.goto(f"{base_url}/admin/pegawai/impor")
    page.locator("input[name=file]").set_input_files(file)
    with page.expect_navigation():
        page.get_by_role("button", name="Impor", exact=True).click()


def test_admin_imports_employees_after_fixing_a_bad_row(page, base_url):
    sign_in_as(page, base_url, "admin")
    before = _employee_count(page, base_url)
    page.get_by_role("link", name="Impor dari CSV").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Impor pegawai dari CSV")
    shot(page, "import-form")
    assert_accessible(page)

    _upload(page, base_url, _csv(GOOD, BAD))
    expect(page.get_by_role("alert")).to_contain_text("Ada masalah")  # the error summary
    errors = page.locator("section.errors")
    expect(errors).to_contain_text("Tidak ada data yang diimpor")
    expect(errors.locator("tbody tr")).to_have_count(1)
    expect(errors.locator("tbody tr td").first).to_have_text("3")
    expect(errors.locator("tbody tr td").nth(1)).to_contain_text("199107212019131902")
    shot(page, "bad-row-reported")
    assert_accessible(page)
    assert _employee_count(page, base_url) == before
    assert _employee_count(page, base_url, "198805142014032901") == 0

    _upload(page, base_url, _csv(GOOD, FIXED))
    expect(page.get_by_role("status")).to_contain_text("Impor selesai: 2 baru")
    shot(page, "imported")
    assert _employee_count(page, base_url) == before + 2

    page.goto(f"{base_url}/admin/pegawai")
    page.get_by_label("Cari NIP atau nama").fill("Andi Pratama")
    with page.expect_navigation():
        page.get_by_role("button", name="Terapkan").click()
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(NEW_NIP)
    expect(rows.first).to_contain_text(UNIT)
    shot(page, "found-in-list")
    assert_accessible(page)
