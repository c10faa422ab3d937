import io

import pypdf
import pytest
import segno

import config
from lms import create_app
from tests.conftest import TEST_PASSWORD, login
from tests.factories import make_certificate, make_user


def _pdf(client):
    me = make_user("Siti Nur’aini")
    certificate = make_certificate(me)
    login(client, me)
    data = client.get(f"/sertifikat/{certificate.id}.pdf").data
    page = pypdf.PdfReader(io.BytesIO(data)).pages[0]
    return certificate, page, " ".join(page.extract_text().split())


def _qr_matches(page, url: str) -> bool:
    pixels = page.images[0].image.convert("L")
    matrix = segno.make(url, error="m", micro=False).matrix
    scale = pixels.width / len(matrix)
    return all(
        (pixels.getpixel((int((x + 0.5) * scale), int((y + 0.5) * scale))) < 128) == bool(cell)
        for y, row in enumerate(matrix)
        for x, cell in enumerate(row)
    )


def test_qr_and_printed_link_use_public_base_url(app, client):
    app.config["PUBLIC_BASE_URL"] = "https://bina.jambiprov.go.id"
    certificate, page, text = _pdf(client)
    url = f"https://bina.jambiprov.go.id/verify/{certificate.code}"
    assert url in text
    assert _qr_matches(page, url)


def test_development_uses_the_address_the_app_is_served_on(app, client):
    app.config["PUBLIC_BASE_URL"] = None
    me = make_user("Siti Nur’aini")
    certificate = make_certificate(me)
    served = "http://10.20.30.40:8080"
    signed_in = client.post(
        "/login", data={"nip": me.nip, "password": TEST_PASSWORD}, base_url=served
    )
    assert signed_in.status_code == 302
    response = client.get(f"/sertifikat/{certificate.id}.pdf", base_url=served)
    page = pypdf.PdfReader(io.BytesIO(response.data)).pages[0]
    url = f"http://10.20.30.40:8080/verify/{certificate.code}"
    assert url in " ".join(page.extract_text().split())
    assert _qr_matches(page, url)


def _production(database_url, **settings):
    return create_app(
        {
            "ENV_NAME": "production",
            "SECRET_KEY": "k" * 64,
            "SQLALCHEMY_DATABASE_URI": database_url,
        }
        | settings
    )


def test_production_refuses_to_start_without_public_base_url(database_url):
    with pytest.raises(RuntimeError, match="PUBLIC_BASE_URL is not set"):
        _production(database_url, PUBLIC_BASE_URL=None)
    app = _production(database_url, PUBLIC_BASE_URL="https://bina.jambiprov.go.id/")
    assert app.config["PUBLIC_BASE_URL"] == "https://bina.jambiprov.go.id"


@pytest.mark.parametrize("value", ["bina.jambiprov.go.id", "ftp://bina", "https://", "http://a b"])
def test_a_malformed_public_base_url_is_refused_everywhere(value):
    for env in ("production", "development"):
        with pytest.raises(RuntimeError, match="must be an http:// or https:// address"):
            config.public_base_url(env, value)


def test_production_start_without_public_base_url_is_refused_from_the_environment(monkeypatch):
    monkeypatch.setenv("LMS_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "k" * 64)
    monkeypatch.delenv("PUBLIC_BASE_URL", raising=False)
    assert config.load()["PUBLIC_BASE_URL"] is None
    with pytest.raises(RuntimeError, match="PUBLIC_BASE_URL is not set"):
        create_app()
