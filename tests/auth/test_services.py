import pytest
from werkzeug.security import generate_password_hash

import config
from lms import create_app
from lms.auth import services
from lms.errors import DomainError
from lms.people.models import User
from lms.people.services import verify_password

from ..conftest import FAST_HASH, TEST_PASSWORD
from ..factories import make_user

PRODUCTION_HASH = "scrypt:131072:8:1"


def authenticate(nip: str, password: str, method: str):
    checked = services.check_sign_in(nip, password, method)
    return checked and services.authenticate(checked)


def change_password(user, current: str, new: str, method: str):
    services.change_password(services.check_password_change(user, current, new, method))


def test_default_password_hash_is_scrypt_n_2_17(monkeypatch):
    monkeypatch.delenv("PASSWORD_HASH_METHOD", raising=False)
    assert config.load()["PASSWORD_HASH_METHOD"] == PRODUCTION_HASH
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.config["PASSWORD_HASH_METHOD"] == PRODUCTION_HASH


def test_authenticate(app):
    user = make_user()
    assert authenticate(user.nip, TEST_PASSWORD, FAST_HASH) is user
    spaced = f"{user.nip[:8]} {user.nip[8:14]} {user.nip[14]} {user.nip[15:]}"
    assert authenticate(spaced, TEST_PASSWORD, FAST_HASH) is user
    assert authenticate(user.nip, "salah", FAST_HASH) is None
    assert authenticate("198609262015051001", TEST_PASSWORD, FAST_HASH) is None


def test_inactive_or_passwordless_users_cannot_sign_in(app):
    inactive = make_user(active=False)
    imported = make_user(password=None)
    assert authenticate(inactive.nip, TEST_PASSWORD, FAST_HASH) is None
    assert authenticate(imported.nip, "", FAST_HASH) is None


@pytest.mark.parametrize(
    "old_method", ["pbkdf2:sha256:600000", "scrypt:32768:8:1", "scrypt:1024:8:2"]
)
def test_outdated_hash_is_upgraded_on_sign_in(app, old_method):
    user = make_user()
    user.password_hash = generate_password_hash(TEST_PASSWORD, method=old_method)
    assert authenticate(user.nip, TEST_PASSWORD, FAST_HASH) is user
    assert user.password_hash.startswith(FAST_HASH + "$")
    assert verify_password(user, TEST_PASSWORD)


def test_hash_is_upgraded_to_the_production_default(app):
    user = make_user()
    user.password_hash = generate_password_hash(TEST_PASSWORD, method="pbkdf2:sha256:1000")
    authenticate(user.nip, TEST_PASSWORD, PRODUCTION_HASH)
    assert user.password_hash.startswith(PRODUCTION_HASH + "$")


def test_current_hash_is_kept(app):
    user = make_user()
    before = user.password_hash
    authenticate(user.nip, TEST_PASSWORD, FAST_HASH)
    assert user.password_hash == before


def test_wrong_password_does_not_upgrade_the_hash(app):
    user = make_user()
    user.password_hash = old = generate_password_hash(TEST_PASSWORD, method="pbkdf2:sha256:1000")
    authenticate(user.nip, "Bukan-Sandinya-9", FAST_HASH)
    assert user.password_hash == old


@pytest.mark.parametrize(
    ("password", "message"),
    [
        pytest.param("Pendek7", "minimal 8 karakter", id="short"),
        pytest.param("", "minimal 8 karakter", id="empty"),
        pytest.param("password123", "terlalu umum", id="common"),
        pytest.param("PASSWORD123", "terlalu umum", id="common-upper"),
        pytest.param("bismillah123", "terlalu umum", id="common-indonesian"),
        pytest.param("bina-demo-2026", "terlalu umum", id="demo-password"),
        pytest.param("{nip}", "memuat NIP", id="is-the-nip"),
        pytest.param("Sandi-{nip}", "memuat NIP", id="contains-the-nip"),
        pytest.param("Sandi-19860926\t201505 1 001", "memuat NIP", id="contains-the-nip-spaced"),
        pytest.param("Kopi-Jambi-Pagi", None, id="good"),
        pytest.param("x" * 8 + "1", None, id="nine-chars"),
    ],
)
def test_password_rules(password, message):
    user = User(nip="198609262015051001")
    problem = services.password_problem(user, password.format(nip=user.nip))
    if message is None:
        assert problem is None
    else:
        assert message in problem


def test_change_password(app):
    user = make_user()
    version = user.session_version
    change_password(user, TEST_PASSWORD, "Kopi-Jambi-Pagi", FAST_HASH)
    assert verify_password(user, "Kopi-Jambi-Pagi")
    assert user.session_version == version + 1 and not user.must_change_password


@pytest.mark.parametrize(
    ("current", "new", "field", "message"),
    [
        ("Salah-Sekali-1", "Kopi-Jambi-Pagi", "current_password", "Kata sandi saat ini salah."),
        (TEST_PASSWORD, TEST_PASSWORD, "new_password", "harus berbeda"),
        (TEST_PASSWORD, "rahasia123", "new_password", "terlalu umum"),
    ],
)
def test_change_password_refusals(app, current, new, field, message):
    user = make_user()
    before = user.password_hash
    with pytest.raises(DomainError, match=message) as caught:
        change_password(user, current, new, FAST_HASH)
    assert caught.value.field == field
    assert user.password_hash == before
