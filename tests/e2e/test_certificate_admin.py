"""An admin sets the certificate's signatory and emblem; a certificate is corrected by re-issue."""

import io
import os
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from .data import PASSWORD, add_employee, complete_module
from .journey import Look, sign_in, sign_in_as

pytestmark = pytest.mark.e2e

SIGNATORY = "Dr. H. Ahmad Fauzi, S.E., M.Si."
# Copies of the screenshots for review, when asked for (SHOTS_DIR=/path).
SHOTS_DIR = os.environ.get("SHOTS_DIR")


def _keep(page: Page, name: str) -> None:
    if SHOTS_DIR:
        Path(SHOTS_DIR).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS_DIR) / f"{name}.png"), full_page=True)


def _emblem(path: Path) -> Path:
    # Not square: the journeys tell the QR code from other pictures by its square shape.
    Image.new("RGB", (300, 360), (11, 93, 59)).save(path, "PNG")
    return path


def _pdf_text(data: bytes) -> tuple[str, PdfReader]:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(reader.pages[0].extract_text().split()), reader


def test_admin_sets_signatory_and_emblem_then_reissues_a_certificate(
    live_server, base_url, page, browser, tmp_path
):
    look = Look()
    sign_in_as(page, base_url, "admin")
    page.goto(f"{base_url}/sertifikat")
    page.get_by_role("link", name="Penanda tangan dan lambang sertifikat").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Penanda Tangan dan Lambang Sertifikat"
    )
    page.get_by_label("Nama penanda tangan (dengan gelar)").fill(SIGNATORY)
    page.get_by_label("NIP penanda tangan").fill("19700101 199003 1 001")
    page.get_by_label("Jabatan penanda tangan").fill("Kepala BPSDM Provinsi Jambi")
    fake = tmp_path / "lambang.png"
    fake.write_bytes(b"GIF89a" + bytes(40))
    page.get_by_label("Lambang (PNG atau JPEG, paling besar 2 MB)").set_input_files(str(fake))
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator(".error-message")).to_contain_text(
        "Lambang harus berupa gambar PNG atau JPEG"
    )
    expect(page.locator("#error-summary")).to_contain_text("Lambang harus berupa gambar")
    look(page, "emblem-refused")
    _keep(page, "admin-emblem-refused")

    upload = page.get_by_label("Lambang (PNG atau JPEG, paling besar 2 MB)")
    upload.set_input_files(str(_emblem(tmp_path / "lambang-asli.png")))
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator(".flash")).to_contain_text(
        "Penanda tangan dan lambang sertifikat disimpan."
    )
    expect(page.get_by_role("img", name="Lambang BPSDM Provinsi Jambi")).to_be_visible()
    look(page, "issuer")
    _keep(page, "admin-signatory-emblem")

    # A certificate issued now carries the signatory and the emblem.
    nip = add_employee(live_server, "Dewi Lestari Sertifikat")
    complete_module(live_server, nip, "manajemen-waktu")
    learner = browser.new_context(base_url=base_url, locale="id-ID").new_page()
    sign_in(learner, base_url, nip, PASSWORD)
    learner.goto(f"{base_url}/sertifikat")
    with learner.expect_download() as download:
        learner.get_by_role("link", name="PDF").first.click()
    text, reader = _pdf_text(download.value.path().read_bytes())
    assert SIGNATORY in text and "NIP 19700101 199003 1 001" in text
    assert "Dokumen ini tidak ditandatangani secara elektronik." in text
    assert len(reader.pages[0].images) == 2  # the QR code and the emblem
    old_url = learner.get_by_role("link", name="Cek keaslian").first.get_attribute("href")
    learner.context.close()

    # The admin corrects it by re-issuing: a new number, and the old page points to it.
    page.goto(f"{base_url}{old_url}")
    page.get_by_role("link", name="Cabut sertifikat ini").click()
    page.get_by_label("Alasan penerbitan ulang").fill("Nama pemegang salah ketik")
    page.get_by_role("button", name="Terbitkan ulang").click()
    expect(page.locator(".verdict")).to_contain_text("Sertifikat valid")
    expect(page.get_by_text("menggantikan sertifikat nomor")).to_be_visible()
    look(page, "reissued")
    _keep(page, "verify-reissued")
    page.goto(f"{base_url}{old_url}")
    expect(page.locator(".verdict")).to_contain_text("Sertifikat ini telah DICABUT")
    expect(page.locator(".verdict")).to_contain_text("Alasan: Nama pemegang salah ketik")
    page.get_by_role("link", name="Periksa sertifikat pengganti").click()
    expect(page.locator(".verdict")).to_contain_text("Sertifikat valid")
    page.goto(f"{base_url}{old_url}")
    look(page, "revoked")
    _keep(page, "verify-revoked")
    look.done()


def test_the_issuer_page_fits_a_phone(live_server, base_url, phone_page):
    sign_in_as(phone_page, base_url, "admin")
    phone_page.goto(f"{base_url}/admin/sertifikat/penerbit")
    look = Look()
    look(phone_page, "issuer-phone")
    _keep(phone_page, "admin-signatory-emblem-phone")
    look.done()
