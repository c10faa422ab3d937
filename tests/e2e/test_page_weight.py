import pytest
from playwright.sync_api import expect

from .journey import DEMO, shot, sign_in, transferred_bytes

pytestmark = pytest.mark.e2e

BUDGET = 100 * 1024


def test_sign_in_page_and_learner_home_are_light(page, base_url):
    sign_in_page = transferred_bytes(page, f"{base_url}/login")
    shot(page, "sign-in")
    nip, name = DEMO["learner"]
    sign_in(page, base_url, nip)
    expect(page.locator("main")).to_contain_text(name)
    home = transferred_bytes(page, f"{base_url}/")
    shot(page, "home")
    print(f"sign-in page {sign_in_page} B, learner home {home} B (cold cache, with CSS/JS)")
    assert sign_in_page < BUDGET, f"sign-in page transfers {sign_in_page} B"
    assert home < BUDGET, f"learner home transfers {home} B"
    assert sign_in_page + home < BUDGET, f"together they transfer {sign_in_page + home} B"
