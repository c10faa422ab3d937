"""The direct supervisor: assign learning, follow progress and gain, export, evaluate (level 3).

The team member is a fresh employee who finished "Manajemen Proyek" 100 days ago (through the
learner's services, then dated back), so a post-training evaluation is due whatever the demo
data holds.
"""

import io
from datetime import date, timedelta

import pytest
from babel.dates import format_date
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from ..factories import local_today
from .data import PASSWORD, add_employee, complete_module
from .journey import (
    Look,
    shot,
    sign_in,
    sign_in_as,
)

pytestmark = pytest.mark.e2e

DONE = "Manajemen Proyek di Lingkungan Pemerintah Daerah"
ASSIGNED = "Literasi Digital dan Keamanan Informasi"
EVALUATION_DELAY = 90


def _number(value: float, digits: int) -> str:
    """A figure as the pages print it: Indonesian decimal comma, scores without a trailing ,0
    (lms/web/numbers.py), gains with their two decimals."""
    text = f"{value:.{digits}f}".replace(".", ",")
    return text.removesuffix(",0") if digits == 1 else text


def _table(page: Page, header: str):
    """The table with this column header."""
    return page.locator("table", has=page.get_by_role("columnheader", name=header, exact=True))


def _submit(page: Page, button: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=button, exact=True).click()


@pytest.fixture(scope="module")
def member(live_server) -> tuple[str, str, float, float]:
    """(NIP, name, pre-test, post-test) of a team member with a completion due for evaluation."""
    name = "Sari Wijaya Harahap, S.T."
    nip = add_employee(live_server, name)
    pre, post = complete_module(
        live_server, nip, "manajemen-proyek", days_ago=EVALUATION_DELAY + 10
    )
    return nip, name, pre, post


def _assign(page: Page, look: Look, name: str, due: date) -> None:
    page.locator(".team-nav").get_by_role("link", name="Tugas", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tugas belajar")
    form = page.locator("form", has=page.get_by_role("button", name="Tugaskan"))
    form.get_by_role("group", name="Pegawai").get_by_label(name).check()
    form.get_by_role("group", name="Modul").get_by_label(ASSIGNED).check()
    due_date = form.get_by_role("group", name="Batas waktu")
    due_date.get_by_label("Tanggal").fill(str(due.day))
    due_date.get_by_label("Bulan").fill(str(due.month))
    due_date.get_by_label("Tahun").fill(str(due.year))
    form.get_by_label("Catatan (opsional)").fill("Persiapan penerapan SPBE di bidang kita.")
    look(page, "assign-form")
    _submit(page, "Tugaskan")
    expect(page.locator(".flash", has_text="1 tugas baru dibuat.")).to_be_visible()


def test_supervisor_assigns_follows_exports_and_evaluates(page, browser, base_url, member):
    nip, name, pre, post = member
    due = local_today() + timedelta(days=30)
    due_text = format_date(due, "d MMMM yyyy", locale="id")
    look = Look()
    sign_in_as(page, base_url, "supervisor")
    page.get_by_role("link", name="Tim Saya").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tim Saya")
    row = page.locator("tbody tr", has_text=nip)
    expect(row).to_contain_text(name)
    look(page, "team")

    _assign(page, look, name, due)
    assigned = page.locator("tbody tr", has_text=nip).filter(has_text=ASSIGNED)
    expect(assigned).to_contain_text(due_text)
    expect(assigned).to_contain_text("Belum dimulai")
    look(page, "assigned")

    assigned.get_by_role("link", name=name, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    tasks = _table(page, "Catatan").locator("tbody tr", has_text=ASSIGNED)
    expect(tasks).to_contain_text(due_text)
    finished = _table(page, "Progres materi").locator("tbody tr", has_text=DONE)
    expect(finished).to_contain_text("Selesai")
    expect(finished).to_contain_text(_number(pre, 1))
    expect(finished).to_contain_text(_number(post, 1))
    expect(finished.get_by_role("link", name="Isi evaluasi")).to_be_visible()
    look(page, "employee")

    page.locator("main").get_by_role("link", name="Tim Saya").click()
    page.locator(".team-nav").get_by_role("link", name="Peningkatan kompetensi").click()
    gain = (post - pre) / (100 - pre)
    gains = page.locator("tbody tr", has_text=name).filter(has_text=DONE)
    expect(gains).to_contain_text(_number(gain, 2))
    expect(gains).to_contain_text("tinggi" if gain >= 0.7 else "sedang")
    look(page, "gains")

    page.locator(".team-nav").get_by_role("link", name="Ringkasan tim").click()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="XLSX (untuk Excel/Calc)").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(download.path().read_bytes()), read_only=True).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    headers = rows[0]
    for header in ("Nama", "NIP", "Unit Kerja", "Modul ditugaskan", "Selesai", "JP tahun ini"):
        assert header in headers, headers
    mine = [r for r in rows[1:] if str(r[headers.index("NIP")]) == nip]
    assert len(mine) == 1, f"no single row for {nip} in the XLSX"
    assert mine[0][headers.index("Nama")] == name
    assert mine[0][headers.index("Modul ditugaskan")] == 1
    assert mine[0][headers.index("Selesai")] == 1

    page.locator(".team-nav").get_by_role("link", name="Evaluasi pasca pelatihan").click()
    waiting = page.locator("tbody tr", has_text=name).filter(has_text=DONE)
    look(page, "evaluations-due")
    waiting.get_by_role("link", name="Isi evaluasi").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Evaluasi pasca pelatihan")
    expect(page.locator(".quote")).to_contain_text("jadwal proyek mingguan")
    look(page, "evaluate")
    for group in page.locator("fieldset.choices").all():
        if group.locator("input[type=radio][value='4']").count():
            group.locator("input[type=radio][value='4']").check()
        else:
            group.locator("input[type=radio][value='2']").check()
    page.get_by_label("Catatan (opsional)").fill("Jadwal proyek kini dibahas tiap Jumat.")
    _submit(page, "Simpan evaluasi")
    expect(page.locator(".flash", has_text="Evaluasi pasca pelatihan tersimpan.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    evaluated = page.locator("article", has_text=DONE).filter(has_text="Pelaksanaan RTL")
    expect(evaluated).to_contain_text("Sebagian besar dilaksanakan")
    done = _table(page, "Progres materi").locator("tbody tr", has_text=DONE)
    expect(done).to_contain_text("Sudah diisi")
    look(page, "evaluated")

    learner = browser.new_page(base_url=base_url, locale="id-ID")
    try:
        sign_in(learner, base_url, nip, PASSWORD)
        duty = learner.locator("section[aria-labelledby=assigned-title] li", has_text=ASSIGNED)
        expect(duty).to_contain_text(f"Batas waktu: {due_text}")
        expect(duty).to_contain_text("Persiapan penerapan SPBE")
        shot(learner, "learner-sees-assignment")
    finally:
        learner.context.close()
    look.done()


@pytest.mark.parametrize(
    "link",
    [
        "Ringkasan tim",
        "Peningkatan kompetensi",
        "Tugas",
        "Evaluasi pasca pelatihan",
    ],
)
def test_supervisor_pages_fit_a_phone(phone_page, base_url, member, link):
    nip, name, _, _ = member
    sign_in_as(phone_page, base_url, "supervisor")
    phone_page.goto(f"{base_url}/tim")
    phone_page.locator(".team-nav").get_by_role("link", name=link, exact=True).click()
    expect(phone_page.locator(".team-nav [aria-current=page]")).to_have_text(link)
    look = Look()
    look(phone_page, link)
    look.done()


def test_supervisor_employee_page_fits_a_phone(phone_page, base_url, member):
    nip, name, _, _ = member
    sign_in_as(phone_page, base_url, "supervisor")
    phone_page.goto(f"{base_url}/tim")
    phone_page.locator("tbody tr", has_text=nip).get_by_role("link", name=name).click()
    expect(phone_page.get_by_role("heading", level=1)).to_have_text(name)
    look = Look()
    look(phone_page, "employee")
    look.done()
