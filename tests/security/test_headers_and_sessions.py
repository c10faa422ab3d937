"""Response headers, session cookie flags and idle expiry (ASVS V3.3, V3.4, V14.4)."""

import re
import subprocess
import time
from pathlib import Path
from unittest import mock

import itsdangerous.timed
import pytest
from flask import Flask
from flask.sessions import SecureCookieSessionInterface

import config
from lms.extensions import db

from ..conftest import TEST_PASSWORD, login, make_app
from ..factories import make_user

PUBLIC = "https://bina.jambiprov.go.id"  # production refuses to start without it

CSP = (
    "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
    "form-action 'self'; img-src 'self'; script-src 'self'; style-src 'self'"
)


@pytest.mark.parametrize("path", ["/login", "/healthz", "/verify/tidak-ada", "/tidak-ada"])
def test_every_page_carries_the_security_headers(client, path):
    headers = client.get(path).headers
    assert headers["Content-Security-Policy"] == CSP
    assert "unsafe-inline" not in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert "Strict-Transport-Security" not in headers


def test_hsts_only_in_production(database_url, monkeypatch):
    monkeypatch.setenv("LMS_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "x" * 64)
    app = make_app(database_url, ENV_NAME="production", PUBLIC_BASE_URL=PUBLIC)
    response = app.test_client().get("/login")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert app.config["MAX_CONTENT_LENGTH"] == 8 * 1024 * 1024
    with app.app_context():
        db.engine.dispose()


def _session_cookie(response) -> str:
    return next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))


def test_session_cookie_is_httponly_and_lax(app, client):
    cookie = _session_cookie(login(client, make_user("Peserta")))
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # plain http in development and tests


def test_session_cookie_is_secure_in_production(app, database_url, monkeypatch):
    monkeypatch.setenv("LMS_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "x" * 64)
    production = make_app(database_url, ENV_NAME="production", PUBLIC_BASE_URL=PUBLIC)
    with production.app_context():
        user = make_user("Peserta")
        response = production.test_client().post(
            "/login", data={"nip": user.nip, "password": TEST_PASSWORD}
        )
        cookie = _session_cookie(response)
        assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
        db.session.remove()
        db.engine.dispose()


def _aged_cookie(app, client, age_seconds: float) -> str:
    """The client's session re-signed as if it had been issued `age_seconds` ago."""
    serializer = app.session_interface.get_signing_serializer(app)
    data = serializer.loads(client.get_cookie("session").value)
    with mock.patch.object(itsdangerous.timed.time, "time", return_value=time.time() - age_seconds):
        return serializer.dumps(data)


@pytest.mark.parametrize(("hours", "signed_in"), [(7.5, True), (8.5, False)])
def test_an_idle_session_expires_after_eight_hours(app, client, hours, signed_in):
    login(client, make_user("Peserta"))
    client.set_cookie("session", _aged_cookie(app, client, hours * 3600))
    response = client.get("/sertifikat")
    if signed_in:
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/login")


def test_the_session_is_refreshed_on_each_request(app, client):
    """Idle, not absolute: a request re-issues the cookie, so an active user stays in."""
    login(client, make_user("Peserta"))
    client.set_cookie("session", _aged_cookie(app, client, 7 * 3600))
    response = client.get("/sertifikat")
    assert response.status_code == 200
    assert _session_cookie(response)


def test_production_refuses_to_start_without_a_secret_key(database_url, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY is not set"):
        make_app(database_url, ENV_NAME="production", PUBLIC_BASE_URL=PUBLIC, SECRET_KEY=None)


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("change-me", "shorter than 32 bytes"),
        ("k" * 31, "shorter than 32 bytes"),
        ("development-only-not-secret", "shorter than 32 bytes"),
    ],
)
def test_production_refuses_a_short_key(database_url, key, message):
    with pytest.raises(RuntimeError, match=message):
        make_app(database_url, ENV_NAME="production", PUBLIC_BASE_URL=PUBLIC, SECRET_KEY=key)


def test_production_refuses_every_key_written_in_the_repository(database_url):
    """deploy/env.example and the docs show placeholders; none of them may sign sessions."""
    root = Path(config.__file__).parent
    files = subprocess.run(
        ["git", "ls-files"], cwd=root, capture_output=True, text=True, check=True
    ).stdout.split()
    found = set(config.PLACEHOLDER_KEYS)
    for name in files:
        if name.endswith((".py", ".po", ".mo", ".png", ".pdf", ".sqlite3")):
            continue
        text = (root / name).read_text(encoding="utf-8", errors="replace")
        found |= set(re.findall(r"SECRET_KEY=([^\s`'\"…]+)", text))
    assert "change-me" in found
    for key in found:  # a long placeholder must be listed in config.PLACEHOLDER_KEYS
        with pytest.raises(RuntimeError):
            make_app(database_url, ENV_NAME="production", PUBLIC_BASE_URL=PUBLIC, SECRET_KEY=key)


def test_development_makes_a_random_key_once_and_production_refuses_it(database_url, tmp_path):
    key_file = tmp_path / "instance" / "secret_key"
    first = make_app(database_url, ENV_NAME="development", SECRET_KEY_FILE=str(key_file))
    again = make_app(database_url, ENV_NAME="development", SECRET_KEY_FILE=str(key_file))
    assert first.secret_key == again.secret_key == key_file.read_text().strip()
    assert len(first.secret_key) == 64 and key_file.stat().st_mode & 0o077 == 0
    with pytest.raises(RuntimeError, match="development key"):
        make_app(
            database_url,
            ENV_NAME="production",
            PUBLIC_BASE_URL=PUBLIC,
            SECRET_KEY=first.secret_key,
            SECRET_KEY_FILE=str(key_file),
        )
    other = make_app(database_url, ENV_NAME="development", SECRET_KEY_FILE=str(tmp_path / "k"))
    assert other.secret_key != first.secret_key


def test_a_cookie_signed_with_the_former_public_key_opens_nothing(app, client):
    admin = make_user("Admin", roles=("admin",))
    forger = Flask("forger")
    forger.secret_key = "development-only-not-secret"
    serializer = SecureCookieSessionInterface().get_signing_serializer(forger)
    cookie = serializer.dumps({"_user_id": f"{admin.id}:{admin.session_version}", "_fresh": True})
    client.set_cookie("session", cookie)
    response = client.get("/admin/pegawai")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_sign_in_starts_a_fresh_session(app, client):
    """Anything planted in the session before sign-in is gone after it (no fixation)."""
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    login(client, make_user("Peserta"))
    with client.session_transaction() as session:
        assert "planted" not in session and "_user_id" in session
