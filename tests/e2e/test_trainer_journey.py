"""Trainer: build a module (lesson, three question kinds), preview, import GIFT, publish."""

import re
import uuid

import pytest
from playwright.sync_api import Page, expect

from .journey import (
    DEMO,
    Look,
    assert_no_horizontal_scroll,
    shot,
    sign_in_as,
)

pytestmark = pytest.mark.e2e

SUFFIX = uuid.uuid4().hex[:8]
SLUG = f"e2e-pengajar-{SUFFIX}"
TITLE = f"Pelayanan Prima Uji {SUFFIX}"
LESSON_TITLE = "Menyapa warga dengan ramah"
QUIZ_QUESTION = "Apa yang pertama dilakukan petugas loket saat warga datang?"
RTL_PROMPT = "Tuliskan tiga perubahan cara Anda menyambut warga di loket."
LESSON_BODY = f"""Petugas loket adalah wajah pertama **pelayanan publik**. Sapaan yang ramah
membuat warga merasa dihargai.

```quiz
::Sapaan pertama:: {QUIZ_QUESTION} {{
=Menyapa dan menanyakan keperluan warga#Tepat. Sapaan membuka percakapan.
~Meminta warga menunggu tanpa penjelasan#Kurang tepat. Warga perlu tahu apa yang terjadi.
~Langsung meminta berkas#Kurang tepat. Sapa dulu, baru tanyakan keperluannya.
}}
```

```rtl
{RTL_PROMPT}
```
"""
GIFT = """::Impor waktu layanan:: Standar waktu layanan KTP-el ditulis dalam maklumat pelayanan. {T}

::Impor jumlah hari:: Berapa hari kerja paling lama pengurusan akta kelahiran di dinas? {#14}

::Impor sikap:: Sikap petugas yang paling tepat saat warga marah adalah {
=mendengarkan dengan tenang
~membalas dengan nada tinggi
~meninggalkan loket
}
"""


def _bank_count(page: Page, base_url: str) -> int:
    page.goto(f"{base_url}/pengajar/modul/{SLUG}/soal")
    summary = page.locator("p.muted", has_text="dapat dinilai").inner_text()
    return int(re.match(r"\s*(\d+) soal", summary).group(1))


def _new_question(page: Page, base_url: str, label: str) -> None:
    page.goto(f"{base_url}/pengajar/modul/{SLUG}/soal")
    page.locator("section.add-question").get_by_role("link", name=label, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(label)


def _save_question(page: Page) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name="Simpan ke draf").click()
    expect(page.get_by_role("status").first).to_contain_text("Soal ditambahkan")


def create_module(page: Page, base_url: str, look: Look) -> None:
    page.goto(f"{base_url}/pengajar")
    expect(page.get_by_role("heading", level=1)).to_have_text("Modul pelatihan")
    look(page, "module-list")
    page.get_by_role("link", name="Buat modul baru").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Modul baru")
    form = page.locator("form.settings")
    form.get_by_label("Alamat modul").fill(SLUG)
    form.get_by_label("Judul modul").fill(TITLE)
    form.get_by_label("Ringkasan").fill("Menyambut warga di loket dengan sapaan yang ramah.")
    form.get_by_label("Kompetensi utama").select_option(index=1)
    form.get_by_label("Jam Pelajaran (JP)").fill("1")  # a short module: under 68 minutes
    form.get_by_label("Tingkat").select_option("dasar")
    form.get_by_label("Soal pre-test").fill("3")
    form.get_by_label("Soal post-test").fill("3")
    form.get_by_label("Nilai kelulusan").fill("70")
    form.get_by_label("Batas percobaan").fill("3")
    look(page, "new-module-form")
    with page.expect_navigation():
        form.get_by_role("button", name="Buat modul").click()
    expect(page).to_have_url(re.compile(f"/pengajar/modul/{SLUG}(#error-summary)?$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.locator("body")).to_contain_text("Modul dibuat sebagai draf")
    look(page, "workspace-new")


def write_overview(page: Page, look: Look) -> None:
    page.get_by_role("link", name="Tulis uraian modul").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Uraian modul")
    page.get_by_label("Uraian modul (Markdown)").fill(
        "## Tujuan\n\nPeserta mampu menyambut warga dengan ramah dan jelas."
    )
    look(page, "overview-form")
    with page.expect_navigation():
        page.get_by_role("button", name="Simpan uraian").click()
    expect(page.locator("body")).to_contain_text("Uraian modul tersimpan di draf")
    look(page, "workspace-with-overview", kind="workspace-new")


def add_lesson(page: Page, look: Look) -> None:
    page.get_by_role("link", name="Tambah materi").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Materi baru")
    page.get_by_label("Judul materi").fill(LESSON_TITLE)
    page.get_by_label("Waktu (menit)").fill("15")
    page.get_by_label("Isi materi (Markdown)").fill(LESSON_BODY)
    look(page, "lesson-editor")
    with page.expect_navigation():
        page.get_by_role("button", name="Simpan materi").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(LESSON_TITLE)
    expect(page.locator("body")).to_contain_text("Materi tersimpan di draf")
    look(page, "lesson-saved", kind="lesson-editor")


def preview_lesson(page: Page, look: Look) -> None:
    """The editor's preview opens the learner's lesson page in a new tab, from the text box."""
    with page.context.expect_page() as opened:
        page.get_by_role("button", name="Pratinjau (tab baru)").click()
    preview = opened.value
    preview.wait_for_load_state()
    expect(preview.get_by_role("heading", level=1)).to_have_text(LESSON_TITLE)
    expect(preview.locator("body")).to_contain_text("Pratinjau: beginilah peserta melihat")
    expect(preview.locator(".lesson-body").first).to_contain_text("pelayanan publik")
    check = preview.locator("section.check")
    expect(check).to_be_visible()
    expect(check).to_contain_text(QUIZ_QUESTION)
    expect(check.locator("input[type=radio]")).to_have_count(3)
    expect(check.get_by_role("button", name="Periksa jawaban")).to_be_disabled()
    rtl = preview.locator("section.rtl")
    expect(rtl).to_be_visible()
    expect(rtl).to_contain_text(RTL_PROMPT)
    expect(rtl.get_by_role("button", name="Simpan RTL")).to_be_disabled()
    look(preview, "lesson-preview")
    preview.close()


def add_three_questions(page: Page, base_url: str, look: Look) -> None:
    page.goto(f"{base_url}/pengajar/modul/{SLUG}")
    page.get_by_role("link", name="Kelola bank soal").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bank soal")
    look(page, "bank-empty")
    assert _bank_count(page, base_url) == 0

    _new_question(page, base_url, "Pilihan ganda")
    page.get_by_label("Judul soal").fill("Bentuk sapaan")
    page.get_by_label("Teks soal").fill("Sapaan yang paling tepat untuk warga di loket adalah")
    for row, (text, weight) in enumerate(
        [("Selamat pagi, ada yang bisa kami bantu?", "100"), ("Ada apa?", ""), ("Antre!", "")]
    ):
        page.locator(f"[name='rows-{row}-text']").fill(text)
        if weight:
            page.locator(f"[name='rows-{row}-weight']").fill(weight)
    with page.expect_navigation():
        page.get_by_role("button", name="Pratinjau", exact=True).click()
    expect(page.locator("section.learner-view")).to_contain_text("Ada apa?")
    look(page, "question-multichoice-preview")
    _save_question(page)
    look(page, "question-saved")

    _new_question(page, base_url, "Benar/Salah")
    page.get_by_label("Judul soal").fill("Senyum")
    page.get_by_label("Teks soal").fill("Senyum petugas memengaruhi kepuasan warga.")
    page.get_by_label("Benar", exact=True).check()
    look(page, "question-truefalse")
    _save_question(page)

    _new_question(page, base_url, "Numerik")
    page.get_by_label("Judul soal").fill("Waktu tunggu")
    page.get_by_label("Teks soal").fill("Berapa menit paling lama warga menunggu di loket?")
    page.locator("[name='rows-0-value']").fill("15")
    page.locator("[name='rows-0-tolerance']").fill("0,5")
    look(page, "question-numerical")
    _save_question(page)

    assert _bank_count(page, base_url) == 3
    look(page, "bank-three", kind="bank-empty")


def import_gift(page: Page, base_url: str, look: Look, tmp_path) -> None:
    before = _bank_count(page, base_url)
    page.get_by_role("link", name="Impor GIFT / Moodle XML").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Impor soal dari GIFT atau Moodle XML"
    )
    look(page, "import-form")
    gift = tmp_path / "soal-pelayanan.gift"
    gift.write_text(GIFT, encoding="utf-8")
    page.locator("input[name=file]").set_input_files(gift)
    with page.expect_navigation():
        page.get_by_role("button", name="Periksa berkas").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pratinjau impor")
    expect(page.locator("body")).to_contain_text("soal-pelayanan.gift (GIFT)")
    expect(page.get_by_role("heading", name="3 soal akan ditambahkan ke draf")).to_be_visible()
    rows = page.locator("table.bank tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_contain_text("Impor waktu layanan")
    look(page, "import-preview")
    assert _count_unchanged(page, base_url, before)
    with page.expect_navigation():
        page.get_by_role("button", name="Tambahkan 3 soal").click()
    expect(page).to_have_url(re.compile(f"/pengajar/modul/{SLUG}/soal(#error-summary)?$"))
    expect(page.locator("body")).to_contain_text("3 soal ditambahkan ke draf bank soal")
    look(page, "bank-after-import", kind="bank-empty")
    assert _bank_count(page, base_url) == before + 3


def _count_unchanged(page: Page, base_url: str, before: int) -> bool:
    """Nothing is added by the preview alone (asked with the tab's cookies, page left as is)."""
    html = page.request.get(f"{base_url}/pengajar/modul/{SLUG}/soal").text()
    return int(re.search(r"(\d+) soal; \d+ dapat dinilai", html).group(1)) == before


def publish(page: Page, base_url: str, look: Look) -> None:
    page.goto(f"{base_url}/pengajar/modul/{SLUG}")
    section = page.locator("section.publish")
    expect(section).to_contain_text("Draf versi 1 siap diterbitkan")
    expect(section.get_by_role("alert")).to_have_count(0)
    with page.expect_navigation():
        section.get_by_role("button", name="Terbitkan versi 1").click()
    expect(page.locator("body")).to_contain_text("Versi 1 terbit bagi peserta baru")
    expect(page.locator("section.publish")).to_contain_text("Tidak ada draf")
    look(page, "published")
    page.goto(f"{base_url}/pengajar")
    row = page.locator("table.modules tbody tr", has_text=SLUG)
    expect(row).to_contain_text("Terbit: versi 1")
    look(page, "module-list-published", kind="module-list")


def learner_sees_module(browser, base_url: str) -> None:
    context = browser.new_context(
        base_url=base_url,
        locale="id-ID",
        timezone_id="Asia/Jakarta",
        viewport={"width": 1280, "height": 800},
    )
    try:
        learner = context.new_page()
        sign_in_as(learner, base_url, "learner")
        learner.goto(f"{base_url}/beranda")
        catalogue = learner.locator("section[aria-labelledby=catalogue-title]")
        expect(catalogue).to_contain_text(TITLE)
        shot(learner, "learner-catalogue")
    finally:
        context.close()


def test_trainer_builds_previews_and_publishes_a_module(page, base_url, browser, tmp_path):
    look = Look()
    assert DEMO["trainer"][0] == "198002022005012002"
    sign_in_as(page, base_url, "trainer")
    create_module(page, base_url, look)
    write_overview(page, look)
    add_lesson(page, look)
    preview_lesson(page, look)
    add_three_questions(page, base_url, look)
    import_gift(page, base_url, look, tmp_path)
    publish(page, base_url, look)
    learner_sees_module(browser, base_url)
    look.done()


def test_trainer_pages_fit_a_phone(phone_page, base_url):
    page = phone_page
    sign_in_as(page, base_url, "trainer")
    page.goto(f"{base_url}/pengajar")
    shot(page, "phone-module-list")
    assert_no_horizontal_scroll(page)
    page.goto(f"{base_url}/pengajar/modul-baru")
    shot(page, "phone-new-module")
    assert_no_horizontal_scroll(page)
    page.goto(f"{base_url}/pengajar")
    page.locator("table.modules tbody tr a").first.click()
    page.locator("ol.lesson-list .lesson-title a").first.click()
    expect(page.get_by_label("Isi materi (Markdown)")).to_be_visible()
    shot(page, "phone-lesson-editor")
    assert_no_horizontal_scroll(page)
