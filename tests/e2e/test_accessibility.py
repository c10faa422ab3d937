import pytest

from .journey import assert_accessible, shot, sign_in_as

pytestmark = pytest.mark.e2e

PAGES = [
    pytest.param(None, "/login", id="sign-in"),
    pytest.param("learner", "/", id="learner-home"),
    pytest.param("trainer", "/", id="trainer-home"),
    pytest.param("supervisor", "/", id="supervisor-home"),
    pytest.param("admin", "/", id="admin-home"),
    pytest.param("admin", "/admin/pegawai", id="admin-users"),
    pytest.param("admin", "/admin/pegawai/impor", id="admin-import"),
    pytest.param("admin", "/admin/pegawai?jp=di-bawah-target", id="admin-users-below-target"),
    pytest.param("admin", "/admin/pegawai/kata-sandi-massal", id="admin-bulk-passwords"),
    pytest.param("admin", "/admin/unit", id="admin-units"),
]


@pytest.mark.parametrize(("role", "path"), PAGES)
def test_page_has_no_serious_accessibility_violations(page, base_url, role, path):
    if role:
        sign_in_as(page, base_url, role)
    page.goto(f"{base_url}{path}")
    shot(page, "page")
    assert_accessible(page)
