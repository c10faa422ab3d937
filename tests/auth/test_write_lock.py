"""Hashing a password (about 0.4 s) happens before the request takes SQLite's write lock."""

import sqlite3

import pytest
from werkzeug.security import generate_password_hash

from lms.extensions import db
from lms.people import services as people_services
from tests.conftest import BACKEND, TEST_PASSWORD, login
from tests.factories import make_user

pytestmark = pytest.mark.skipif(BACKEND != "sqlite", reason="SQLite's database-wide write lock")


@pytest.fixture
def lock_free_during_hashing(monkeypatch, database_url):
    """Each hash, as it runs, records whether another writer could take the write lock."""
    seen: list[bool] = []
    path = database_url.removeprefix("sqlite:///")

    def another_writer_can_write() -> bool:
        other = sqlite3.connect(path, timeout=0, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
            return True
        except sqlite3.OperationalError:
            return False
        finally:
            other.close()

    def watched(real):
        def hashing(*args, **kwargs):
            seen.append(another_writer_can_write())
            return real(*args, **kwargs)

        return hashing

    for name in ("check_password_hash", "generate_password_hash"):
        monkeypatch.setattr(people_services, name, watched(getattr(people_services, name)))
    return seen


def test_sign_in_hashes_without_holding_the_write_lock(app, client, lock_free_during_hashing):
    user = make_user()
    user.password_hash = generate_password_hash(TEST_PASSWORD, method="pbkdf2:sha256:1000")
    db.session.commit()
    login(client, user)  # checks the old hash and rehashes it with the current method
    assert lock_free_during_hashing == [True, True]
    assert user.password_hash.startswith(app.config["PASSWORD_HASH_METHOD"] + "$")


def test_password_change_hashes_without_holding_the_write_lock(
    app, client, lock_free_during_hashing
):
    user = make_user()
    login(client, user)
    lock_free_during_hashing.clear()
    form = {
        "current_password": TEST_PASSWORD,
        "new_password": "Kopi-Jambi-Pagi",
        "confirm_password": "Kopi-Jambi-Pagi",
    }
    response = client.post("/kata-sandi", data=form)
    assert response.status_code == 302, response.text[:500]
    assert lock_free_during_hashing == [True, True]
    assert people_services.verify_password(user, "Kopi-Jambi-Pagi")


def test_a_temporary_password_is_hashed_without_holding_the_write_lock(
    app, client, lock_free_during_hashing
):
    login(client, make_user("Admin", roles=("admin",)))
    employee = make_user("Pegawai Lupa Sandi")
    lock_free_during_hashing.clear()
    response = client.post(f"/admin/pegawai/{employee.id}/kata-sandi-sementara")
    assert response.status_code == 200
    assert lock_free_during_hashing == [True]
    assert employee.must_change_password
