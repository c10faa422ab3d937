import pytest
from sqlalchemy import text

from lms.extensions import db

from ..conftest import login, make_app
from ..factories import make_user


def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/tidak-ada-halaman-ini")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "Halaman tidak ditemukan" in page and "Kembali ke beranda" in page
    assert '<html lang="id">' in page


def test_forbidden_page_is_a_403_page(client):
    login(client, make_user())
    response = client.get("/admin/pegawai")
    assert response.status_code == 403
    page = response.get_data(as_text=True)
    assert "Akses ditolak" in page and "Anda tidak memiliki hak" in page
    assert 'action="/logout"' in page  # the layout (and its sign-out button) is still there


def test_wrong_method_gets_the_error_page(client):
    response = client.get("/logout")
    assert response.status_code == 405
    assert "Terjadi kesalahan (405)" in response.get_data(as_text=True)


def test_missing_csrf_token_is_a_400_page(database_url):
    app = make_app(database_url, WTF_CSRF_ENABLED=True)
    response = app.test_client().post("/login", data={"nip": "1", "password": "x"})
    assert response.status_code == 400
    assert "Muat ulang halaman lalu coba lagi" in response.get_data(as_text=True)
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def failing_app(database_url):
    app = make_app(database_url, TESTING=False, PROPAGATE_EXCEPTIONS=False)

    @app.route("/rusak")
    def broken():
        db.session.execute(text("SELECT * FROM no_such_table"))

    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


def test_server_error_page_after_a_failed_statement(failing_app, app):
    user = make_user()
    client = failing_app.test_client()
    login(client, user)
    response = client.get("/rusak")
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "Terjadi kesalahan (500)" in page
    assert 'action="/logout"' in page  # the layout still knew the signed-in user
