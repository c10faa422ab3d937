import pytest
from playwright.sync_api import expect

from .journey import (
    DEMO,
    assert_accessible,
    assert_no_horizontal_scroll,
    shot,
    sign_in,
    sign_in_as,
)

pytestmark = pytest.mark.e2e


def test_sign_in_page_fits_a_phone(phone_page, base_url):
    phone_page.goto(f"{base_url}/login")
    shot(phone_page, "sign-in")
    assert_no_horizontal_scroll(phone_page)
    assert_accessible(phone_page)


def test_learner_home_fits_a_phone(phone_page, base_url):
    name = sign_in_as(phone_page, base_url, "learner")
    expect(phone_page.locator("main")).to_contain_text(name)
    shot(phone_page, "home")
    assert_no_horizontal_scroll(phone_page)
    assert_accessible(phone_page)


def test_admin_users_list_fits_a_phone(phone_page, base_url):
    sign_in_as(phone_page, base_url, "admin")
    phone_page.goto(f"{base_url}/admin/pegawai")
    expect(phone_page.locator("table caption")).to_be_visible()
    shot(phone_page, "users-first-screen", full_page=False)
    shot(phone_page, "users")
    assert_no_horizontal_scroll(phone_page)
    assert_accessible(phone_page)


def test_sign_in_works_without_javascript(nojs_page, base_url):
    nip, name = DEMO["learner"]
    sign_in(nojs_page, base_url, nip, password="salah-sekali")
    expect(nojs_page.get_by_text("NIP atau kata sandi salah.")).to_be_visible()
    shot(nojs_page, "wrong-password")
    sign_in(nojs_page, base_url, nip)
    expect(nojs_page).to_have_url(f"{base_url}/beranda")
    expect(nojs_page.locator("main")).to_contain_text(name)
    shot(nojs_page, "home")
    assert_no_horizontal_scroll(nojs_page)
    nojs_page.get_by_role("button", name="Keluar").click()
    expect(nojs_page).to_have_url(f"{base_url}/login")
