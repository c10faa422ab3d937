import pytest
from flask import Flask
from sqlalchemy import func, select

from lms.authoring.models import AuthoringChange, ModuleMaintainer
from lms.extensions import db
from tests.conftest import login
from tests.factories import make_module, make_user

from .helpers import add_lesson, competency, create_module, trainer_client

BLUEPRINTS = ("authoring.", "module_ownership.")


def _authoring_rules(app: Flask):
    return [rule for rule in app.url_map.iter_rules() if rule.endpoint.startswith(BLUEPRINTS)]


def _path(rule, slug: str) -> str:
    values = {"slug": slug, "position": 1, "direction": "naik", "action": "arsipkan", "user_id": 1}
    return rule.build({name: values[name] for name in rule.arguments})[1]


def _method(rule) -> str:
    return "GET" if "GET" in rule.methods else "POST"


def test_anonymous_visitors_are_sent_to_sign_in(app, client):
    for rule in _authoring_rules(app):
        response = client.open(_path(rule, "modul-apa-saja"), method=_method(rule))
        assert response.status_code == 302, rule.rule
        assert response.headers["Location"].startswith("/login"), rule.rule


@pytest.mark.parametrize("role", ["learner", "supervisor"])
def test_learners_and_supervisors_get_403_everywhere(app, role):
    competency()
    trainer, _ = trainer_client(app)
    create_module(trainer, "modul-rahasia")
    client = app.test_client()
    user = make_user("Pegawai Biasa")
    if role == "supervisor":
        make_user("Staf", supervisor=user)
    login(client, user)
    for rule in _authoring_rules(app):
        response = client.open(_path(rule, "modul-rahasia"), method=_method(rule))
        assert response.status_code == 403, rule.rule


@pytest.mark.parametrize("role", ["trainer", "admin"])
def test_trainers_and_admins_reach_the_module_list(app, role):
    client = app.test_client()
    login(client, make_user("Pengguna", roles=(role,)))
    page = client.get("/pengajar")
    assert page.status_code == 200
    assert "Buat modul baru" in page.get_data(as_text=True)


# Routes any trainer may use on a module they do not maintain: looking, never changing.
VIEW_ONLY = {
    "authoring.index",
    "authoring.create",
    "authoring.workspace",
    "authoring.preview",
    "module_ownership.duplicate",  # any trainer may copy a module into one of their own
}


def _changes() -> int:
    return db.session.scalar(select(func.count(AuthoringChange.id)))


def test_only_maintainers_change_publish_archive_or_export_a_module(app):
    competency()
    owner, _ = trainer_client(app, "Pembuat Modul")
    create_module(owner, "modul-milik")
    add_lesson(owner, "modul-milik", "Materi satu", "Isi materi.")
    other, other_trainer = trainer_client(app, "Pengajar Lain", maintains=False)
    before = _changes()
    for rule in _authoring_rules(app):
        if rule.endpoint in VIEW_ONLY:
            continue
        response = other.open(_path(rule, "modul-milik"), method=_method(rule))
        assert response.status_code == 403, rule.rule
    page = other.get("/pengajar/modul/modul-milik")
    assert page.status_code == 200 and "Pembuat Modul" in page.text
    assert other.get("/pengajar/modul/modul-milik/pratinjau/1").status_code == 200
    assert _changes() == before
    admin = app.test_client()
    login(admin, make_user("Admin", roles=("admin",)))
    spaced = f"{other_trainer.nip[:8]} {other_trainer.nip[8:]}"
    admin.post("/pengajar/modul/modul-milik/pengelola", data={"nip": spaced})
    assert other.get("/pengajar/modul/modul-milik/ekspor").status_code == 200
    admin.post(f"/pengajar/modul/modul-milik/pengelola/{other_trainer.id}/lepas")
    assert other.get("/pengajar/modul/modul-milik/ekspor").status_code == 403


def test_admins_name_only_active_trainers_as_maintainers(app):
    module = make_module("modul-impor")
    admin = app.test_client()
    login(admin, make_user("Admin", roles=("admin",)))
    learner = make_user("Bukan Pengajar")
    response = admin.post("/pengajar/modul/modul-impor/pengelola", data={"nip": learner.nip})
    assert "NIP ini bukan pengajar yang aktif." in admin.get(response.location).text
    count = select(func.count(ModuleMaintainer.id)).where(ModuleMaintainer.module_id == module.id)
    assert db.session.scalar(count) == 0


def test_a_module_without_maintainers_is_admin_only(app):
    make_module("modul-impor")  # as the content importer makes it: no creator recorded
    trainer, _ = trainer_client(app, maintains=False)
    page = trainer.get("/pengajar/modul/modul-impor").text
    assert "Belum ada pengelola: hanya admin yang dapat mengubah modul ini." in page
    assert trainer.post("/pengajar/modul/modul-impor/arsipkan").status_code == 403
    admin = app.test_client()
    login(admin, make_user("Admin", roles=("admin",)))
    assert admin.post("/pengajar/modul/modul-impor/arsipkan").status_code == 302
