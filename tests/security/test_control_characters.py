"""NUL and other control characters in headers and file names are refused before any view runs.

PostgreSQL cannot store a NUL (the statement fails: a 500, and a failed sign-in is then neither
counted nor audited); SQLite stores it. Either way nothing may reach the database.
"""

import io

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from lms.audit.models import AuditEvent
from lms.authoring.models import AuthoringImage
from lms.extensions import db
from lms.people.models import User
from lms.ratelimit.models import RateLimitHit

from ..authoring.helpers import competency, create_module, trainer_client
from ..conftest import TEST_PASSWORD, login
from ..factories import make_user

CONTROL = ["\x00", "\x1b", "\x7f"]


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize("character", CONTROL)
def test_a_failed_sign_in_with_a_control_character_in_the_user_agent_stores_nothing(
    client, character
):
    user = make_user("Pegawai")
    response = client.post(
        "/login",
        data={"nip": user.nip, "password": "salah-sekali"},
        headers={"User-Agent": f"Mozilla{character}5.0"},
    )
    assert response.status_code == 400
    assert "Permintaan tidak dapat diproses" in response.text
    assert _count(AuditEvent) == 0 and _count(RateLimitHit) == 0
    right = client.post("/login", data={"nip": user.nip, "password": TEST_PASSWORD})
    assert right.status_code == 302  # a plain request still works


def _multipart(client, path: str, form: dict):
    boundary, body = encode_multipart(form)
    return client.post(path, data=body, content_type=f"multipart/form-data; boundary={boundary}")


@pytest.mark.parametrize("character", CONTROL)
def test_a_control_character_in_an_uploaded_file_name_is_refused(app, tmp_path, character):
    app.config["UPLOAD_DIR"] = str(tmp_path / "uploads")
    competency()
    trainer, _ = trainer_client(app)
    create_module(trainer, "modul-nama")
    admin = app.test_client()
    login(admin, make_user("Admin", roles=("admin",)))
    people = _count(User)
    name = f"a{character}b"
    uploads = [
        (trainer, "/pengajar/modul/modul-nama/gambar", "image", f"{name}.png"),
        (trainer, "/pengajar/modul/modul-nama/soal/impor", "file", f"{name}.gift"),
        (admin, "/admin/pegawai/impor", "file", f"{name}.csv"),
    ]
    for client, path, field, filename in uploads:
        upload = FileStorage(io.BytesIO(b"x"), filename, content_type="application/octet-stream")
        response = _multipart(client, path, {field: upload})
        assert response.status_code == 400, path
        assert "Permintaan tidak dapat diproses" in response.text
    assert _count(AuthoringImage) == 0 and _count(User) == people
