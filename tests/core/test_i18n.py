from datetime import date, datetime
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import render_template_string

from lms.extensions import db

from ..conftest import TEST_PASSWORD, _empty_all_tables, make_app
from ..factories import make_user
from ..learning.helpers import complete, learning_module

CATALOG = Path(__file__).parents[2] / "lms" / "translations" / "en" / "LC_MESSAGES" / "messages.po"


def _catalog():
    with CATALOG.open("rb") as handle:
        return read_po(handle, locale="en")


def test_english_catalog_is_complete():
    untranslated = [m.id for m in _catalog() if m.id and not m.string]
    fuzzy = [m.id for m in _catalog() if m.id and m.fuzzy]
    assert untranslated == [], "run pybabel update and translate these"
    assert fuzzy == [], "check these translations, then remove the fuzzy flag"


@pytest.fixture
def en_app(database_url, tmp_path):
    """The app with the English catalog compiled from the .po (as `make` does) into tmp."""
    target = tmp_path / "en" / "LC_MESSAGES"
    target.mkdir(parents=True)
    with (target / "messages.mo").open("wb") as handle:
        write_mo(handle, _catalog())
    app = make_app(database_url, BABEL_TRANSLATION_DIRECTORIES=str(tmp_path))
    with app.app_context():
        yield app
        db.session.rollback()
        _empty_all_tables()
        db.session.remove()
        db.engine.dispose()


def test_indonesian_by_default(client):
    page = client.get("/login").get_data(as_text=True)
    assert '<html lang="id">' in page and "Masuk ke Bina ASN" in page


def test_switch_to_english(en_app):
    client = en_app.test_client()
    response = client.post("/bahasa", data={"lang": "en", "next": "/login"})
    assert response.headers["Location"] == "/login"
    page = client.get("/login").get_data(as_text=True)
    assert '<html lang="en">' in page
    assert "Sign in to Bina ASN" in page and "Masuk ke Bina ASN" not in page
    response = client.post("/login", data={"nip": "198609262015051001", "password": "x"})
    assert "Wrong NIP or password." in response.get_data(as_text=True)


def test_language_survives_sign_in(en_app):
    user = make_user("Siti Nurhaliza")
    client = en_app.test_client()
    client.post("/bahasa", data={"lang": "en"})
    client.post("/login", data={"nip": user.nip, "password": TEST_PASSWORD})
    page = client.get("/kata-sandi").get_data(as_text=True)
    assert "Change password" in page and "Sign out" in page
    client.post("/bahasa", data={"lang": "id"})
    assert "Ganti kata sandi" in client.get("/kata-sandi").get_data(as_text=True)


def test_english_reads_as_english_on_the_learner_home(en_app):
    user = make_user("Siti Nurhaliza")
    complete(user, learning_module("tuntas", title="Modul Tuntas", jp=3), score=100.0)
    client = en_app.test_client()
    client.post("/bahasa", data={"lang": "en"})
    client.post("/login", data={"nip": user.nip, "password": TEST_PASSWORD})
    home = client.get("/beranda").get_data(as_text=True)
    assert "Basic level" in home and "Level Basic" not in home
    assert "JP count once" not in home
    certificates = client.get("/sertifikat").get_data(as_text=True)
    assert ">100<" in certificates and "100,0" not in certificates


@pytest.mark.parametrize(
    ("data", "location"),
    [
        ({"lang": "fr", "next": "/login"}, "/login"),
        ({"lang": "en", "next": "//evil.com"}, "/"),
        ({"lang": "en", "next": "/\\evil.com"}, "/"),
        ({"lang": "en"}, "/"),
        ({"lang": "en", "next": "/modul/x/materi/1/cek/y"}, "/"),  # answers POST only: 405
        ({"lang": "en", "next": "/tidak-ada"}, "/"),
    ],
)
def test_language_switch_input(client, data, location):
    response = client.post("/bahasa", data=data)
    assert response.headers["Location"] == location


def test_unknown_language_is_ignored(client):
    client.post("/bahasa", data={"lang": "fr"})
    assert '<html lang="id">' in client.get("/login").get_data(as_text=True)


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (date(2026, 11, 28), "28 November 2026"),
        (date(2026, 8, 17), "17 Agustus 2026"),
        (date(2027, 1, 5), "5 Januari 2027"),
        (datetime(2026, 5, 2, 9, 30), "2 Mei 2026"),
        (None, "–"),
    ],
)
def test_tanggal_filter_formats_dates_the_indonesian_way(app, value, shown):
    with app.test_request_context():
        assert render_template_string("{{ value|tanggal }}", value=value) == shown
