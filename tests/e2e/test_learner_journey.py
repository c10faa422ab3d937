"""The learner's way through a module, from the first sign-in to the certificate.

Each journey signs in as a fresh employee, so what it asserts (JP, attempts, certificates)
starts from zero whatever other journeys did to the shared database.
"""

import io
import re
from datetime import UTC, datetime, timedelta

import pytest
from PIL import Image
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from lms.certificates.pdf import qr_png

from .data import PASSWORD, add_employee, correct_answers, unused_nip
from .journey import (
    SUPERVISOR_NIP,
    Look,
    answer_anything,
    attempt_id,
    fill_answers,
    sign_in,
    sign_in_as,
)

pytestmark = pytest.mark.e2e

MODULE = "Manajemen Waktu bagi ASN"
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


def _submit(page: Page, button: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=button, exact=True).click()


def _status(page: Page):
    """The flash messages at the top of the page."""
    return page.locator(".flash, [role=status], [role=alert]")


def open_module(page: Page, look: Look) -> None:
    catalogue = page.locator("section[aria-labelledby=catalogue-title]")
    catalogue.get_by_role("link", name=MODULE, exact=True).click()
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
    _submit(page, "Lanjut: periksa jawaban")
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
        reflection.get_by_label("Jawaban Anda").fill(REFLECTION)
        reflection.get_by_label("Bagikan kepada atasan langsung saya").check()
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


def fail_posttest(page: Page, look: Look) -> None:
    """Send the post-test with every question left blank."""
    _submit(page, "Mulai post-test")
    expect(page.get_by_role("heading", level=1)).to_have_text("Post-test")
    expect(page.locator("main")).to_contain_text("Percobaan ke-1 dari 3.")
    look(page, "posttest")
    _submit(page, "Lanjut: periksa jawaban")
    _submit(page, "Kirim jawaban")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hasil Post-test")
    expect(page.locator(".result")).to_contain_text("Tidak Lulus")
    expect(page.locator(".result .score strong")).to_have_text("0")
    look(page, "posttest-failed")


def pass_posttest(page: Page, look: Look, live_server) -> None:
    """Retake the post-test and answer everything right (the key comes from the database)."""
    page.get_by_role("link", name=MODULE).first.click()
    expect(page.locator("#langkah")).to_contain_text("Sisa kesempatan: 2 kali.")
    look(page, "module-retake")
    _submit(page, "Ulangi post-test (remedial)")
    expect(page.locator("main")).to_contain_text("Percobaan ke-2 dari 3.")
    answers = correct_answers(live_server, attempt_id(page))
    assert answers, "the post-test has no gradeable question"
    fill_answers(page.locator("form.quiz"), answers)
    look(page, "posttest-retake", kind="posttest")
    _submit(page, "Lanjut: periksa jawaban")
    _submit(page, "Kirim jawaban")
    expect(page.locator(".result")).to_contain_text("Lulus")
    expect(page.locator(".result")).not_to_contain_text("Tidak Lulus")
    expect(page.locator(".result .score strong")).to_have_text("100")
    look(page, "posttest-passed")


def write_rtl(page: Page, look: Look) -> None:
    page.get_by_role("link", name=MODULE).first.click()
    expect(page.locator("#langkah")).to_contain_text("Anda lulus post-test.")
    page.get_by_role("link", name="Tulis Rencana Tindak Lanjut").click()
    rtl = page.locator("section.rtl")
    expect(rtl).to_be_visible()
    look(page, "rtl")
    rtl.get_by_label("Apa yang akan saya ubah").fill(RTL)
    due = datetime.now(UTC).date() + timedelta(days=45)
    dates = rtl.get_by_role("group", name="Kapan sudah berjalan (tanggal target)")
    for part, value in (("Tanggal", due.day), ("Bulan", due.month), ("Tahun", due.year)):
        dates.get_by_label(part, exact=True).fill(str(value))
    rtl.get_by_label("Bagaimana keberhasilannya terlihat").fill(
        "Rencana pekan tersimpan setiap Jumat dan rekap izin tidak pernah terlambat."
    )
    rtl.get_by_label("Siapa yang terlibat").fill("Kepala bidang perizinan dan petugas loket")
    _submit(page, "Simpan RTL")
    expect(_status(page).filter(has_text="Selamat, modul ini selesai!")).to_be_visible()
    expect(page.locator("#langkah-title")).to_have_text("Modul selesai")
    expect(page.locator("#langkah")).to_contain_text(f"{JP} JP sudah tercatat")
    look(page, "module-completed")


def give_reaction(page: Page, look: Look) -> None:
    page.get_by_role("link", name="Isi evaluasi modul").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Evaluasi modul")
    look(page, "survey")
    for legend in ("Relevansi dengan pekerjaan saya", "Kejelasan materi"):
        page.locator("fieldset", has_text=legend).locator("input[value='5']").check()
    for fieldset in page.locator("fieldset.rating").all():
        if not fieldset.locator("input:checked").count():
            fieldset.locator("input[value='4']").check()
    comment = page.get_by_label("Komentar atau saran (tidak wajib)")
    comment.fill("Contoh dari DPMPTSP sangat membantu.")
    _submit(page, "Kirim evaluasi")
    expect(_status(page).filter(has_text="Terima kasih atas penilaian Anda.")).to_be_visible()


def _pdf_text(data: bytes) -> tuple[str, PdfReader]:
    assert data.startswith(b"%PDF-"), data[:20]
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages), reader


def _qr_image(reader: PdfReader) -> Image.Image:
    """The certificate's one square picture: the QR code."""
    square = [
        image.image
        for page in reader.pages
        for image in page.images
        if image.image.width == image.image.height
    ]
    assert len(square) == 1, f"expected one QR code, found {len(square)} square images"
    return square[0]


def check_certificate(page: Page, look: Look, base_url: str, name: str, nip: str) -> None:
    """Download the PDF: the learner, the module and a verification address that answers."""
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Lihat sertifikat").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    text, reader = _pdf_text(download.path().read_bytes())
    assert name in text, text[:500]
    assert nip in text.replace(" ", "")
    assert MODULE in " ".join(text.split())
    found = re.search(r"Kode verifikasi:\s*(\S+)", text)
    assert found, f"no verification code in the PDF: {text[:800]}"
    code = found.group(1)
    url = f"{base_url}/verify/{code}"
    assert url in re.sub(r"\s+", "", text), "the PDF does not print its verification address"
    printed = _qr_image(reader).convert("L")
    expected = Image.open(io.BytesIO(qr_png(url))).convert("L")
    assert printed.size == expected.size and printed.tobytes() == expected.tobytes(), (
        f"the QR code does not encode {url}"
    )

    page.goto(f"{base_url}/sertifikat")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sertifikat Saya")
    row = page.locator("table.certs tbody tr", has_text=MODULE)
    expect(row).to_contain_text("Valid")
    expect(row.get_by_role("link", name="Cek keaslian")).to_have_attribute(
        "href", f"/verify/{code}"
    )
    look(page, "certificates")

    page.goto(url)
    expect(page.locator(".verdict")).to_contain_text("Sertifikat valid")
    facts = page.locator("dl.facts")
    expect(facts).to_contain_text(name)
    expect(facts).to_contain_text(MODULE)
    expect(facts).to_contain_text(f"{JP} JP")
    look(page, "verify")


def create_learner_as_admin(admin: Page, base_url: str, nip: str, name: str, look: Look) -> str:
    """The admin adds the employee and hands out a temporary password; return that password."""
    sign_in_as(admin, base_url, "admin")
    admin.goto(f"{base_url}/admin/pegawai/baru")
    admin.get_by_label("NIP", exact=True).fill(nip)
    admin.get_by_label("Nama lengkap").fill(name)
    admin.get_by_label("Jabatan").fill("Penata Layanan Operasional")
    admin.get_by_label("Pangkat/Golongan").select_option("III/b")
    admin.get_by_label("Unit kerja").select_option(
        label=admin.get_by_label("Unit kerja")
        .locator("option", has_text="Bidang Pelayanan Perizinan")
        .first.inner_text()
    )
    admin.get_by_label("NIP atasan langsung").fill(SUPERVISOR_NIP)
    look(admin, "admin-new-employee")
    _submit(admin, "Simpan")
    expect(_status(admin).filter(has_text="Data pegawai disimpan.")).to_be_visible()
    expect(admin.locator(".badge", has_text="Belum ada kata sandi")).to_be_visible()
    _submit(admin, "Buat kata sandi sementara")
    secret = admin.locator(".secret code")
    expect(secret).to_be_visible()
    look(admin, "admin-temporary-password")
    return secret.inner_text().strip()


def first_sign_in(page: Page, base_url: str, nip: str, temporary: str, look: Look) -> None:
    """Sign in with the temporary password and choose one's own, as the app insists."""
    sign_in(page, base_url, nip, temporary)
    expect(page.get_by_role("heading", level=1)).to_have_text("Ganti kata sandi")
    look(page, "change-password")
    page.get_by_label("Kata sandi saat ini").fill(temporary)
    page.get_by_label("Kata sandi baru", exact=True).fill(PASSWORD)
    page.get_by_label("Ulangi kata sandi baru").fill(PASSWORD)
    _submit(page, "Simpan kata sandi")
    expect(_status(page).filter(has_text="Kata sandi Anda telah diubah.")).to_be_visible()


def test_learner_completes_a_module_and_gets_a_certificate(page, browser, base_url, live_server):
    look = Look()
    name = "Dwi Lestari Anggraini, S.A.P."
    nip = unused_nip(live_server)
    admin = browser.new_page(base_url=base_url, locale="id-ID", viewport=page.viewport_size)
    try:
        temporary = create_learner_as_admin(admin, base_url, nip, name, look)
    finally:
        admin.context.close()

    first_sign_in(page, base_url, nip, temporary, look)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Selamat datang, {name}")
    expect(page.locator(".jp-figure")).to_contain_text("0 dari 20 JP")
    look(page, "home")
    open_module(page, look)
    take_pretest(page, look)

    page.get_by_role("link", name=MODULE).first.click()
    page.get_by_role("link", name="Mulai materi 1").click()
    for position in range(1, LESSONS + 1):
        study_lesson(page, look, position)
    expect(_status(page).filter(has_text="Semua materi selesai.")).to_be_visible()
    expect(page.locator(".lessons li.done")).to_have_count(LESSONS)
    look(page, "module-lessons-done", kind="module")

    fail_posttest(page, look)
    pass_posttest(page, look, live_server)
    write_rtl(page, look)
    give_reaction(page, look)
    check_certificate(page, look, base_url, name, nip)

    page.goto(f"{base_url}/")
    expect(page.locator(".jp-figure")).to_contain_text(f"{JP} dari 20 JP")
    completed = page.locator("section[aria-labelledby=completed-title]")
    expect(completed.locator("tbody tr", has_text=MODULE)).to_contain_text(str(JP))
    look(page, "home-after", kind="home-completed")
    look.done()


def _short_journey(page: Page, base_url: str, live_server, name: str, look: Look) -> None:
    """Sign in, pre-test, then two lessons: an inline check, a reflection, marked done."""
    sign_in_fresh(page, base_url, live_server, name, look)
    open_module(page, look)
    take_pretest(page, look)
    page.get_by_role("link", name=MODULE).first.click()
    page.get_by_role("link", name="Mulai materi 1").click()
    study_lesson(page, look, 1)
    study_lesson(page, look, 2)
    expect(page.get_by_text(f"Materi 3 dari {LESSONS}")).to_be_visible()
    page.get_by_role("link", name=MODULE).first.click()
    expect(page.locator(".lessons li.done")).to_have_count(2)
    expect(page.locator("#langkah")).to_contain_text("Lanjutkan ke materi 3")
    look(page, "module-progress", kind="module")
    look.done()


def test_learner_journey_fits_a_phone(phone_page, base_url, live_server):
    _short_journey(phone_page, base_url, live_server, "Putri Wulandari", Look())


def test_learner_journey_works_without_javascript(nojs_page, base_url, live_server):
    look = Look(axe=False)
    _short_journey(nojs_page, base_url, live_server, "Rizky Ramadhan Lubis", look)
