"""Every state-changing route refuses a POST without a CSRF token (ASVS V4.2.2, V13.2.3)."""

import re

import pytest
from sqlalchemy import select

from lms.extensions import db

from ..conftest import TEST_PASSWORD, make_app
from .world import make_world


def _snapshot() -> dict[str, list]:
    """Every row of every table: "nothing changed" means exactly this."""
    return {
        table.name: sorted(map(repr, db.session.execute(select(table)).all()))
        for table in db.metadata.sorted_tables
    }


def _sign_in(client, nip: str) -> None:
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post(
        "/login", data={"nip": nip, "password": TEST_PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302


@pytest.mark.parametrize("role", ["admin", "learner", "trainer", "supervisor"])
def test_every_post_route_refuses_a_missing_token(app, database_url, role):
    world = make_world()
    nip = world.users[role].nip
    protected = make_app(database_url, WTF_CSRF_ENABLED=True)
    client = protected.test_client()
    with protected.app_context():
        _sign_in(client, nip)
        before = _snapshot()
        post_rules = [r for r in protected.url_map.iter_rules() if "POST" in r.methods]
        assert len(post_rules) > 30
        for rule in post_rules:
            response = client.post(world.path(rule), data={"name": "x", "reason": "x"})
            assert response.status_code == 400, rule.rule
        db.session.rollback()
        assert _snapshot() == before
        assert client.get("/sertifikat").status_code == 200  # still signed in: nothing revoked
        db.session.remove()
        db.engine.dispose()


def test_login_itself_needs_the_token(app, database_url):
    world = make_world()
    protected = make_app(database_url, WTF_CSRF_ENABLED=True)
    response = protected.test_client().post(
        "/login", data={"nip": world.users["admin"].nip, "password": TEST_PASSWORD}
    )
    assert response.status_code == 400
    with protected.app_context():
        db.engine.dispose()


def test_the_csrf_failure_page_is_indonesian(app, database_url):
    protected = make_app(database_url, WTF_CSRF_ENABLED=True)
    page = protected.test_client().post("/logout").get_data(as_text=True)
    assert "Permintaan tidak dapat diproses" in page
    with protected.app_context():
        db.engine.dispose()
