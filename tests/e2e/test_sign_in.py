import pytest
from playwright.sync_api import expect

from .journey import DEMO, assert_accessible, shot, sign_in, sign_in_as

pytestmark = pytest.mark.e2e


def test_wrong_password_shows_the_error_and_stays(page, base_url):
    nip, _ = DEMO["learner"]
    sign_in(page, base_url, nip, password="salah-sekali")
    shot(page, "wrong-password")
    expect(page).to_have_url(f"{base_url}/login")
    expect(page.get_by_text("NIP atau kata sandi salah.")).to_be_visible()
    expect(page.locator("[name=nip]")).to_have_value(nip)
    expect(page.locator("[name=password]")).to_have_value("")
    assert_accessible(page)


@pytest.mark.parametrize("role", DEMO)
def test_demo_account_signs_in_and_out(page, base_url, role):
    page.goto(f"{base_url}/login")
    shot(page, "sign-in")
    name = sign_in_as(page, base_url, role)
    expect(page).to_have_url(f"{base_url}/beranda")
    expect(page.locator("main")).to_contain_text(name)
    shot(page, "home")

    page.get_by_role("button", name="Keluar").click()
    expect(page).to_have_url(f"{base_url}/login")
    expect(page.locator("form [name=nip]")).to_be_visible()
    shot(page, "signed-out")
    page.goto(f"{base_url}/")
    expect(page).to_have_url(f"{base_url}/login?next=%2F")
