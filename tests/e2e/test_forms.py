"""Every form says what is wrong the GOV.UK way, with JavaScript on and off, at 360 px.

Each form is sent empty: the page title starts "Kesalahan:", the "Ada masalah" summary is
where the browser lands (the form posts to #error-summary), and each summary link leads to
its field. Also: an empty test cannot be sent without the check-answers page, the help and
trust pages are linked from the footer, and the focus style keeps 3:1 on every background.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from .conftest import CHROMIUM_ARGS, PHONE  # noqa: F401  (PHONE: the 360 px viewport)
from .data import PASSWORD, add_employee
from .journey import answer_anything, assert_accessible, shot, sign_in, sign_in_as

pytestmark = pytest.mark.e2e

# (who, address, the button that sends the form)
FORMS = {
    "login": (None, "/login", "Masuk"),
    "password": ("learner", "/kata-sandi", "Simpan kata sandi"),
    "user": ("admin", "/admin/pegawai/baru", "Simpan"),
    "unit": ("admin", "/admin/unit", "Tambah"),
    "import": ("admin", "/admin/pegawai/impor", "Impor"),
    "help-contact": ("admin", "/admin/kontak-bantuan", "Simpan kontak"),
    "monev": ("admin", "/monev/indikator", "Simpan"),
    "assignment": ("supervisor", "/tim/tugas", "Tugaskan"),
    "module": ("trainer", "/pengajar/modul-baru", "Buat modul"),
    "question": ("trainer", "/pengajar/modul/manajemen-waktu/soal/baru/essay", "Simpan ke draf"),
}


@pytest.fixture(params=["js-desktop", "nojs-phone"])
def form_page(request, base_url, browser):
    """A desktop tab with JavaScript, or a 360 px phone tab without it."""
    js = request.param == "js-desktop"
    options = {"viewport": {"width": 1280, "height": 800}} if js else {"viewport": PHONE}
    context = browser.new_context(
        base_url=base_url, locale="id-ID", java_script_enabled=js, **options
    )
    page = context.new_page()
    page.js = js
    yield page
    context.close()


def _send_empty(page: Page, base_url: str, who: str | None, path: str, button: str) -> None:
    if who:
        sign_in_as(page, base_url, who)
    page.goto(f"{base_url}{path}")
    form = page.locator("main form[method=post]", has=page.get_by_role("button", name=button))
    typed = "input[type=text]:not([hidden]), input:not([type]):not([hidden]), textarea"
    for field in form.locator(typed).all():
        field.fill("")
    with page.expect_navigation():
        form.get_by_role("button", name=button, exact=True).click()


@pytest.mark.parametrize("name", list(FORMS))
def test_every_form_shows_a_linked_error_summary(form_page, base_url, name):
    page = form_page
    _send_empty(page, base_url, *FORMS[name])
    expect(page).to_have_title(re.compile(r"^Kesalahan: "))
    assert page.url.endswith("#error-summary") or name == "login"  # see auth/login.html
    summary = page.locator("#error-summary")
    expect(summary.get_by_role("heading", name="Ada masalah")).to_be_visible()
    expect(summary).to_be_in_viewport()
    links = summary.get_by_role("link").all()
    assert links
    for link in links:
        target = page.locator(link.get_attribute("href"))
        expect(target).to_have_count(1)
        assert target.evaluate("e => e.matches('input, select, textarea, [tabindex]')")
    assert page.locator(".flash.success").count() == 0
    if page.js:
        assert page.evaluate("document.activeElement.id") == "error-summary"
    links[0].click()
    first = page.locator(links[0].get_attribute("href"))
    expect(first).to_be_in_viewport()
    if page.js:
        expect(first).to_be_focused()
    shot(page, f"{name}-{'js' if page.js else 'nojs-phone'}")
    if page.js:
        assert_accessible(page, name)


def test_an_error_message_sits_between_hint_and_field_and_is_described(page, base_url):
    _send_empty(page, base_url, "admin", "/admin/pegawai/baru", "Simpan")
    nip = page.locator("#nip")
    expect(nip).to_have_attribute("aria-describedby", "nip-hint nip-err")
    expect(nip).to_have_attribute("aria-invalid", "true")
    order = page.locator("#nip-hint, #nip-err, #nip").evaluate_all("es => es.map(e => e.id)")
    assert order == ["nip-hint", "nip-err", "nip"]
    expect(page.locator("#nip-err")).to_have_text("Kesalahan: Masukkan NIP pegawai")


@pytest.mark.parametrize("js", [True, False])
def test_an_empty_test_goes_through_the_check_answers_page(browser, base_url, live_server, js):
    context = browser.new_context(
        base_url=base_url, locale="id-ID", viewport=PHONE, java_script_enabled=js
    )
    page = context.new_page()
    nip = add_employee(live_server, f"Peserta Periksa {'JS' if js else 'Tanpa JS'}")
    sign_in(page, base_url, nip, PASSWORD)
    page.goto(f"{base_url}/modul/manajemen-waktu")
    with page.expect_navigation():
        page.get_by_role("button", name="Mulai pre-test").click()
    expect(page.get_by_role("button", name="Kirim jawaban")).to_have_count(0)
    with page.expect_navigation():
        page.get_by_role("button", name="Lanjut: periksa jawaban").click()
    expect(page).to_have_url(re.compile(r"/tes/\d+/periksa$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Periksa jawaban Anda sebelum mengirim"
    )
    expect(page.locator("main")).to_contain_text("0 dari 10 soal sudah dijawab.")
    expect(page.get_by_text("Belum dijawab", exact=True)).to_have_count(10)
    expect(page.locator(".warning")).to_contain_text("jawaban tidak dapat diubah setelah dikirim")
    shot(page, "check-answers")
    assert_no_scroll = page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    assert assert_no_scroll
    if js:
        assert_accessible(page, "check-answers")
    with page.expect_navigation():
        page.get_by_role("link", name="Ubah jawaban soal 3").click()
    expect(page).to_have_url(re.compile(r"/tes/\d+#soal-3$"))
    expect(page.locator("#soal-3")).to_be_in_viewport()
    assert answer_anything(page.locator("section:has(#soal-3)")) == 1
    with page.expect_navigation():
        page.get_by_role("button", name="Lanjut: periksa jawaban").click()
    expect(page.get_by_text("Belum dijawab", exact=True)).to_have_count(9)
    with page.expect_navigation():
        page.get_by_role("button", name="Kirim jawaban").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hasil Pre-test")
    context.close()


@pytest.mark.parametrize(
    ("link", "heading"),
    [
        ("Bantuan", "Bantuan"),
        ("Privasi", "Privasi: siapa yang melihat data belajar Anda"),
        ("Cookie", "Cookie"),
        ("Aksesibilitas", "Pernyataan aksesibilitas"),
    ],
)
def test_help_and_trust_pages_are_linked_from_the_footer(phone_page, base_url, link, heading):
    phone_page.goto(f"{base_url}/login")
    footer = phone_page.get_by_role("navigation", name="Tautan pendukung")
    with phone_page.expect_navigation():
        footer.get_by_role("link", name=link, exact=True).click()
    expect(phone_page.get_by_role("heading", level=1)).to_have_text(heading)
    shot(phone_page, link)
    assert_accessible(phone_page, link)


def test_the_sign_in_page_links_to_help(page, base_url):
    page.goto(f"{base_url}/login")
    with page.expect_navigation():
        page.locator("main").get_by_role("link", name="Lihat kontak bantuan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bantuan")


def test_the_header_marks_the_current_page(page, base_url):
    sign_in_as(page, base_url, "admin")
    page.goto(f"{base_url}/admin/pegawai")
    menu = page.get_by_role("navigation", name="Menu utama")
    expect(menu.locator("[aria-current=page]")).to_have_text("Pegawai")
    page.goto(f"{base_url}/admin/unit")
    expect(menu.locator("[aria-current=page]")).to_have_text("Unit Kerja")


_CONTRAST = """
([selector, ring]) => {
  const rgb = c => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lum = ([r, g, b]) => {
    const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const ratio = (a, b) => {
    const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  };
  const node = document.querySelector(selector);
  const style = getComputedStyle(node);
  if (ring === 'outline' && style.outlineStyle === 'none') return 0;
  if (ring === 'shadow' && style.boxShadow === 'none') return 0;
  const colour = ring === 'outline' ? style.outlineColor
    : ring === 'shadow' ? style.boxShadow.match(/rgba?\\([^)]*\\)/g).pop() : style.backgroundColor;
  if (/rgba\\(0, 0, 0, 0\\)/.test(colour)) return 0;
  let background = 'rgba(0, 0, 0, 0)';
  for (let up = node.parentElement; up; up = up.parentElement) {
    const bg = getComputedStyle(up).backgroundColor;
    if (!/rgba\\(0, 0, 0, 0\\)|transparent/.test(bg)) { background = bg; break; }
  }
  if (/rgba\\(0, 0, 0, 0\\)/.test(background)) background = 'rgb(255, 255, 255)';
  return ratio(rgb(colour), rgb(background));
}
"""


def _focus_ratios(page: Page, selector: str) -> list[float]:
    """Contrast of each ring of the focus style against what surrounds the element."""
    page.focus(selector)
    return [page.evaluate(_CONTRAST, [selector, r]) for r in ("outline", "shadow", "background")]


def test_the_focus_style_keeps_3_to_1_on_every_background(page, base_url):
    """Yellow against the green header, black against the page (WCAG 1.4.11)."""
    page.goto(f"{base_url}/login")
    page.keyboard.press("Tab")  # focus-visible needs a keyboard
    checks = {
        "header.site .brand": "green header",
        "#nip": "white card",
        "footer.site select": "grey page",
    }
    for selector, where in checks.items():
        page.locator(selector).focus()
        ratios = _focus_ratios(page, selector)
        # One ring (outline, shadow or a link's yellow background) stands 3:1 against its
        # surroundings, as GOV.UK's yellow-and-black does on light and dark backgrounds.
        assert max(ratios) >= 3, f"{where}: outline, shadow, background {ratios}"
    shot(page, "focus")
