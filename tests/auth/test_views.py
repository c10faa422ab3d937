import re

import pytest
from werkzeug.security import generate_password_hash

from lms.extensions import db
from lms.people.models import User

from ..conftest import FAST_HASH, TEST_PASSWORD, login
from ..factories import make_user

WRONG = "NIP atau kata sandi salah."
# The language form's token is signed with the second it was made in: not a difference to see.
CSRF_TOKEN = re.compile(r'name="csrf_token" value="[^"]*"')
NEW_PASSWORD = "Kopi-Jambi-Pagi-7"


def _post_login(client, nip, password, **extra):
    return client.post("/login", data={"nip": nip, "password": password, **extra})


SIGNED_IN_PAGE = "/kata-sandi"  # any page that needs sign-in and nothing else


def _replay(app, cookie: str):
    """A fresh browser presenting a copied session cookie."""
    other = app.test_client()
    other.set_cookie("session", cookie)
    return other.get(SIGNED_IN_PAGE)


def _signed_in(app, user):
    client = app.test_client()
    login(client, user)
    return client, client.get_cookie("session").value


def test_login_page(client):
    page = client.get("/login").get_data(as_text=True)
    assert 'name="nip"' in page and 'name="password"' in page and 'type="password"' in page
    assert "Masuk ke Bina ASN" in page


def test_sign_in_and_out(client, app):
    user = make_user("Rahmawati Putri")
    response = _post_login(client, user.nip, TEST_PASSWORD)
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert client.get(SIGNED_IN_PAGE).status_code == 200
    response = client.post("/logout")
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    assert "Anda telah keluar." in client.get("/login").get_data(as_text=True)
    assert client.get("/").headers["Location"].startswith("/login?next=")


def test_wrong_nip_and_wrong_password_look_the_same(client):
    user = make_user()
    inactive = make_user(active=False)
    imported = make_user(password=None)
    attempts = [
        (user.nip, "Bukan-Sandinya-1"),
        ("198609262015051001", TEST_PASSWORD),
        ("bukan-nip", TEST_PASSWORD),
        (inactive.nip, TEST_PASSWORD),
        (imported.nip, TEST_PASSWORD),
    ]
    answers = set()
    for nip, password in attempts:
        response = _post_login(client, nip, password)
        page = response.get_data(as_text=True)
        assert WRONG in page
        page = CSRF_TOKEN.sub("", page.replace(f'value="{nip}"', ""))
        answers.add((response.status_code, page))
    assert len(answers) == 1
    assert answers.pop()[0] == 400


def test_sign_in_upgrades_an_outdated_hash(client):
    user = make_user()
    user.password_hash = generate_password_hash(TEST_PASSWORD, method="pbkdf2:sha256:1000")
    db.session.commit()
    login(client, user)
    db.session.expire_all()
    assert db.session.get(User, user.id).password_hash.startswith(FAST_HASH + "$")


@pytest.mark.parametrize(("nip", "password"), [("", TEST_PASSWORD), ("x", "")])
def test_missing_fields(client, nip, password):
    response = _post_login(client, nip, password)
    assert response.status_code == 400
    assert "Masukkan" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("next_value", "location"),
    [
        pytest.param("/admin/unit", "/admin/unit", id="local"),
        pytest.param("/admin/pegawai?q=siti&page=2", "/admin/pegawai?q=siti&page=2", id="query"),
        pytest.param("//evil.com", "/", id="protocol-relative"),
        pytest.param("http://evil.com", "/", id="absolute"),
        pytest.param("https://evil.com/admin/unit", "/", id="absolute-https"),
        pytest.param("/\\evil.com", "/", id="backslash"),
        pytest.param("\\\\evil.com", "/", id="double-backslash"),
        pytest.param("/\t/evil.com", "/", id="tab"),
        pytest.param("javascript:alert(1)", "/", id="javascript"),
        pytest.param("evil.com", "/", id="relative"),
        pytest.param("", "/", id="empty"),
    ],
)
def test_next_goes_only_to_local_paths(client, next_value, location):
    user = make_user(roles=("admin",))
    response = _post_login(client, user.nip, TEST_PASSWORD, next=next_value)
    assert response.status_code == 302
    assert response.headers["Location"] == location


def test_next_survives_the_login_redirect(client):
    user = make_user(roles=("admin",))
    to_login = client.get("/admin/unit")
    assert to_login.headers["Location"] == "/login?next=%2Fadmin%2Funit"
    page = client.get(to_login.headers["Location"]).get_data(as_text=True)
    assert 'name="next" type="hidden" value="/admin/unit"' in page
    response = _post_login(client, user.nip, TEST_PASSWORD, next="/admin/unit")
    assert response.headers["Location"] == "/admin/unit"


def test_signed_in_user_visiting_login_goes_home(client):
    login(client, make_user())
    assert client.get("/login").headers["Location"] == "/"


def test_logout_is_post_only(client):
    login(client, make_user())
    assert client.get("/logout").status_code == 405
    assert client.get(SIGNED_IN_PAGE).status_code == 200


def test_cookie_stops_working_after_logout(app):
    client, cookie = _signed_in(app, make_user())
    assert _replay(app, cookie).status_code == 200
    client.post("/logout")
    assert _replay(app, cookie).headers["Location"].startswith("/login")


def test_cookie_stops_working_after_password_change(app):
    user = make_user()
    client, cookie = _signed_in(app, user)
    response = client.post(
        "/kata-sandi",
        data={
            "current_password": TEST_PASSWORD,
            "new_password": NEW_PASSWORD,
            "confirm_password": NEW_PASSWORD,
        },
    )
    assert response.headers["Location"] == "/"
    assert client.get(SIGNED_IN_PAGE).status_code == 200  # this browser stays signed in
    assert _replay(app, cookie).headers["Location"].startswith("/login")
    login(app.test_client(), user, NEW_PASSWORD)


def test_cookie_stops_working_after_admin_signs_the_user_out_everywhere(app):
    user = make_user()
    _, cookie = _signed_in(app, user)
    admin, _ = _signed_in(app, make_user("Admin", roles=("admin",)))
    response = admin.post(f"/admin/pegawai/{user.id}/keluarkan")
    assert response.status_code == 302
    assert "Semua sesi pegawai ini telah diakhiri." in admin.get(
        response.headers["Location"]
    ).get_data(as_text=True)
    assert _replay(app, cookie).headers["Location"].startswith("/login")


def test_cookie_stops_working_after_deactivation(app):
    user = make_user()
    _, cookie = _signed_in(app, user)
    admin, _ = _signed_in(app, make_user("Admin", roles=("admin",)))
    form = {"nip": user.nip, "name": user.name, "grade": "III/a", "unit_id": "", "confirm": "1"}
    assert admin.post(f"/admin/pegawai/{user.id}", data=form).status_code == 302
    assert _replay(app, cookie).headers["Location"].startswith("/login")
    assert _post_login(app.test_client(), user.nip, TEST_PASSWORD).status_code == 400


def test_tampered_session_id_is_rejected(app):
    user = make_user()
    other = app.test_client()
    with other.session_transaction() as session:
        session["_user_id"] = f"{user.id}"  # no version part
    assert other.get("/").headers["Location"].startswith("/login")


# Forced password change


@pytest.fixture
def forced(app):
    user = make_user("Pegawai Impor", must_change_password=True)
    client = app.test_client()
    login(client, user)
    return user, client


@pytest.mark.parametrize("path", ["/", "/admin/pegawai", "/admin/unit", "/tidak-ada", "/login"])
def test_must_change_password_redirects_every_page(forced, path):
    _, client = forced
    assert client.get(path).headers["Location"] == "/kata-sandi"


def test_must_change_password_still_allows_health_language_and_logout(forced):
    _, client = forced
    assert client.get("/healthz").status_code == 200
    assert client.post("/bahasa", data={"lang": "en", "next": "/kata-sandi"}).status_code == 302
    assert client.post("/logout").headers["Location"] == "/login"


def test_forced_change_then_free(forced):
    user, client = forced
    page = client.get("/kata-sandi").get_data(as_text=True)
    assert "kata sandi sementara" in page
    response = client.post(
        "/kata-sandi",
        data={
            "current_password": TEST_PASSWORD,
            "new_password": NEW_PASSWORD,
            "confirm_password": NEW_PASSWORD,
        },
    )
    assert response.headers["Location"] == "/"
    assert client.get("/tidak-ada").status_code == 404  # no longer sent to /kata-sandi
    db.session.expire_all()
    assert db.session.get(User, user.id).must_change_password is False


@pytest.mark.parametrize(
    ("current", "new", "confirm", "message"),
    [
        pytest.param(TEST_PASSWORD, "Pendek7", "Pendek7", "minimal 8 karakter", id="short"),
        pytest.param(TEST_PASSWORD, "password123", "password123", "terlalu umum", id="common"),
        pytest.param(TEST_PASSWORD, "Sandi{nip}", "Sandi{nip}", "memuat NIP", id="nip"),
        pytest.param(TEST_PASSWORD, TEST_PASSWORD, TEST_PASSWORD, "harus berbeda", id="same"),
        pytest.param("Salah-Sekali-1", NEW_PASSWORD, NEW_PASSWORD, "saat ini salah", id="wrong"),
        pytest.param(TEST_PASSWORD, NEW_PASSWORD, NEW_PASSWORD + "x", "persis sama", id="mismatch"),
        pytest.param(TEST_PASSWORD, "", "", "Masukkan kata sandi baru", id="empty"),
    ],
)
def test_password_rules_on_the_form(forced, current, new, confirm, message):
    user, client = forced
    response = client.post(
        "/kata-sandi",
        data={
            "current_password": current,
            "new_password": new.format(nip=user.nip),
            "confirm_password": confirm.format(nip=user.nip),
        },
    )
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert client.get("/").headers["Location"] == "/kata-sandi"


def test_password_change_requires_sign_in(client):
    assert client.get("/kata-sandi").headers["Location"].startswith("/login")


def test_password_change_form_names_the_account_for_password_managers(client):
    user = make_user()
    login(client, user)
    page = client.get("/kata-sandi").get_data(as_text=True)
    form = next(f for f in page.split("<form")[1:] if 'name="current_password"' in f)
    username = re.search(r'<input type="text" autocomplete="username" value="(\d+)"', form)
    assert username and username[1] == user.nip
    assert 'autocomplete="current-password"' in form and 'autocomplete="new-password"' in form
