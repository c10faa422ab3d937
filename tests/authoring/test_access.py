import pytest
from flask import Flask

from tests.conftest import login
from tests.factories import make_user

from .helpers import competency, create_module, trainer_client


def _authoring_rules(app: Flask):
    return [rule for rule in app.url_map.iter_rules() if rule.endpoint.startswith("authoring.")]


def _path(rule, slug: str) -> str:
    values = {"slug": slug, "position": 1, "direction": "naik", "action": "arsipkan"}
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
