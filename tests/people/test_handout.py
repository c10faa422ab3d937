"""Temporary passwords for a whole unit: confirm, print once, store only hashes."""

import re

import pytest
from sqlalchemy import select
from werkzeug.security import check_password_hash

from lms.audit.models import AuditEvent
from lms.extensions import db
from lms.people.models import User

from ..conftest import TEST_PASSWORD, login, make_app
from ..factories import make_unit, make_user

URL = "/admin/pegawai/kata-sandi-massal"


@pytest.fixture
def agency(app):
    """Dinas Kesehatan: two imported accounts (no password) in it and its bidang, one with a
    password, one inactive; Bappeda's account is elsewhere."""
    dinas = make_unit("Dinas Kesehatan")
    bidang = make_unit("Bidang P2P", parent=dinas)
    return {
        "dinas": dinas,
        "new_head": make_user("Siti Kepala", unit=dinas, password=None, must_change_password=True),
        "new_staff": make_user(
            "Rahmat Staf", unit=bidang, password=None, must_change_password=True
        ),
        "has_password": make_user("Nadia Lama", unit=bidang),
        "inactive": make_user("Budi Pensiun", unit=bidang, password=None, active=False),
        "elsewhere": make_user("Dedi Bappeda", unit=make_unit("Bappeda"), password=None),
        "admin": make_user("Admin BKD", roles=("admin",)),
    }


def _confirm(client, unit_id, only_new=True, expected=None):
    """Check the recipients, then post the confirmation form as the page has it."""
    query = {"unit_id": unit_id, "only_new": "y" if only_new else ""}
    data = _confirmation(client.get(URL, query_string=query).get_data(as_text=True))
    if expected is not None:
        data["expected"] = str(expected)
    return client.post(URL, data=data)


def _confirmation(page: str) -> dict[str, str]:
    """The hidden fields of the page's confirmation form (what the browser would send)."""
    form = re.search(f'<form method="post" action="{URL}">(.*?)</form>', page, re.S)
    fields = re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', form.group(1))
    return dict(fields)


def _slips(page: str) -> dict[str, str]:
    """NIP -> password, read from the printed slips."""
    pairs = re.findall(
        r'<dd class="mono">(\d{18})</dd>.*?<code class="password">([^<]+)</code>', page, re.S
    )
    return dict(pairs)


def test_preview_lists_who_will_get_a_password(client, agency):
    login(client, agency["admin"])
    page = client.get(URL, query_string={"unit_id": agency["dinas"].id, "only_new": "y"})
    text = page.get_data(as_text=True)
    assert "2 pegawai akan menerima kata sandi sementara" in text
    assert "Siti Kepala" in text and "Rahmat Staf" in text
    assert "Nadia Lama" not in text and "Budi Pensiun" not in text and "Dedi Bappeda" not in text


def test_handout_prints_each_slip_once_and_stores_only_hashes(client, agency):
    login(client, agency["admin"])
    response = _confirm(client, agency["dinas"].id, expected=2)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    page = response.get_data(as_text=True)
    slips = _slips(page)
    assert set(slips) == {agency["new_head"].nip, agency["new_staff"].nip}
    assert page.count('class="slip"') == 2
    assert "http://localhost/" in page  # no PUBLIC_BASE_URL in development: the served address
    assert "Dinas Kesehatan &gt; Bidang P2P" in page
    db.session.expire_all()
    for nip, password in slips.items():
        user = db.session.scalar(select(User).where(User.nip == nip))
        assert password not in user.password_hash
        assert check_password_hash(user.password_hash, password)
        assert user.must_change_password
    untouched = db.session.get(User, agency["has_password"].id)
    assert check_password_hash(untouched.password_hash, TEST_PASSWORD)
    assert db.session.get(User, agency["elsewhere"].id).password_hash is None
    [event] = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "temporary_password_bulk")
    )
    assert event.target == "Dinas Kesehatan" and event.detail.startswith("2 pegawai: ")
    assert all(password not in event.detail for password in slips.values())


def test_the_handout_cannot_be_shown_again(client, agency):
    login(client, agency["admin"])
    first = _slips(_confirm(client, agency["dinas"].id, expected=2).get_data(as_text=True))
    again = client.get(URL, query_string={"unit_id": agency["dinas"].id, "only_new": "y"})
    text = again.get_data(as_text=True)
    assert all(password not in text for password in first.values())
    assert "Tidak ada pegawai di unit ini yang perlu dibuatkan kata sandi." in text


def test_all_accounts_of_a_unit_when_not_only_new(client, agency):
    login(client, agency["admin"])
    page = _confirm(client, agency["dinas"].id, only_new=False, expected=3).get_data(as_text=True)
    assert set(_slips(page)) == {agency[k].nip for k in ("new_head", "new_staff", "has_password")}


def test_a_changed_list_is_refused_and_nothing_changes(client, agency):
    login(client, agency["admin"])
    response = _confirm(client, agency["dinas"].id, expected=1)  # confirmed 1, there are 2
    assert response.status_code == 400
    assert "Daftar penerima berubah" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, agency["new_head"].id).password_hash is None
    assert not db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "temporary_password_bulk")
    ).all()


def test_the_slip_password_signs_in_and_must_be_changed(client, app, agency):
    login(client, agency["admin"])
    slips = _slips(_confirm(client, agency["dinas"].id, expected=2).get_data(as_text=True))
    client.post("/logout", data={})
    employee = app.test_client()
    user = agency["new_staff"]
    login(employee, user, slips[user.nip])
    response = employee.get("/beranda")
    assert response.status_code == 302 and "kata-sandi" in response.headers["Location"]


@pytest.mark.parametrize("role", ["learner", "supervisor"])
def test_other_roles_are_refused(client, agency, role):
    user = make_user("Kepala")
    if role == "supervisor":
        make_user("Staf", supervisor=user)
    login(client, user)
    assert client.get(URL).status_code == 403
    assert client.post(URL, data={"unit_id": agency["dinas"].id}).status_code == 403


def test_the_confirmation_carries_a_working_csrf_token(database_url, agency):
    """What the browser does, with CSRF on (the other tests run without it)."""
    db.session.commit()  # release SQLite's write lock for the second app
    protected = make_app(database_url, WTF_CSRF_ENABLED=True)
    client = protected.test_client()
    login_page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login_page).group(1)
    credentials = {"nip": agency["admin"].nip, "password": TEST_PASSWORD, "csrf_token": token}
    client.post("/login", data=credentials)
    response = _confirm(client, agency["dinas"].id)
    with protected.app_context():
        db.engine.dispose()  # close its connections now, not whenever they are collected
    assert response.status_code == 200
    assert len(_slips(response.get_data(as_text=True))) == 2
