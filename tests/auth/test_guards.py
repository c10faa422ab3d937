import pytest
from flask import Flask
from werkzeug.routing import AnyConverter, Rule

from ..conftest import login
from ..factories import make_unit, make_user

ROLES = ["anonymous", "learner", "trainer", "supervisor", "admin"]


def _admin_only_get_rules(app: Flask):
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        admin_only = getattr(view, "allowed_roles", None) == ("admin",)
        if rule.rule.startswith("/admin") and "GET" in rule.methods and admin_only:
            yield rule


def _client_as(app, role):
    client = app.test_client()
    if role == "learner":
        login(client, make_user("Peserta"))
    elif role == "trainer":
        login(client, make_user("Widyaiswara", roles=("trainer",)))
    elif role == "supervisor":
        boss = make_user("Kepala Bidang")
        make_user("Staf", supervisor=boss)
        login(client, boss)
    elif role == "admin":
        login(client, make_user("Admin", roles=("admin",)))
    return client


def _sample_path(rule: Rule, known: dict | None = None) -> str:
    """A URL for the rule: known ids where given, else any value its converters accept."""
    values = {}
    for name, converter in rule._converters.items():
        if known and name in known:
            values[name] = known[name]
        elif isinstance(converter, AnyConverter):
            values[name] = sorted(converter.items)[0]
        else:
            values[name] = 1
    return rule.build(values)[1]


@pytest.mark.parametrize("role", ROLES)
def test_each_role_against_each_admin_page(app, role):
    known = {"unit_id": make_unit("Dinas Kesehatan").id, "user_id": make_user("Pegawai").id}
    client = _client_as(app, role)
    rules = list(_admin_only_get_rules(app))
    assert {"/admin/unit", "/admin/pegawai", "/admin/pegawai/baru", "/admin/pegawai/impor"} <= {
        r.rule for r in rules
    }
    for rule in rules:
        path = _sample_path(rule, known)
        response = client.get(path)
        if role == "anonymous":
            assert response.status_code == 302, path
            assert response.headers["Location"].startswith("/login?next="), path
        elif role == "admin":
            expected = {200} if set(rule.arguments) <= set(known) else {200, 404}
            assert response.status_code in expected, path
        else:
            assert response.status_code == 403, path
            assert "Akses ditolak" in response.get_data(as_text=True)


@pytest.mark.parametrize("role", ["learner", "trainer", "supervisor"])
def test_admin_actions_are_refused_to_other_roles(app, role):
    user = make_user("Pegawai")
    client = _client_as(app, role)
    for path in (
        f"/admin/pegawai/{user.id}/kata-sandi-sementara",
        f"/admin/pegawai/{user.id}/keluarkan",
        "/admin/pegawai/impor",
        "/admin/unit",
    ):
        assert client.post(path).status_code == 403, path


def test_every_route_needs_sign_in_unless_marked_public(app):
    """A route someone forgot to guard fails here; open ones carry the @public marker."""
    client = app.test_client()
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        if rule.endpoint == "static" or getattr(view, "allowed_roles", None) == ("anonymous",):
            continue
        path = _sample_path(rule)
        method = "GET" if "GET" in rule.methods else sorted(rule.methods - {"OPTIONS"})[0]
        response = client.open(path, method=method)
        assert response.status_code == 302, (rule.rule, response.status_code)
        assert response.headers["Location"].startswith("/login"), rule.rule


def test_public_routes(client):
    assert client.get("/login").status_code == 200
    assert client.get("/healthz").status_code == 200
    assert client.post("/bahasa", data={"lang": "en"}).status_code == 302
