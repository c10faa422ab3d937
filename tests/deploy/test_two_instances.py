"""Two app servers share nothing but PostgreSQL: a learner moves freely between them."""

import re

import pytest

from tests.conftest import BACKEND, backend_url, drop_schema
from tests.reliability.learners import SLUG
from tests.reliability.server import (
    PASSWORD,
    Browser,
    Server,
    csrf_token,
    prepare_database,
    radio_choices,
)

pytestmark = pytest.mark.skipif(
    BACKEND != "postgresql",
    reason="several servers share a PostgreSQL database; an SQLite file is one server's",
)


@pytest.fixture
def two_servers(tmp_path, tmp_path_factory):
    """Two gunicorns on two loopback ports, same database and SECRET_KEY, shared upload dir."""
    url = backend_url(tmp_path_factory, "two")
    nip = prepare_database(url, 1, no_pass_mark=SLUG)[0]
    servers = []
    try:
        for name in ("a", "b"):
            scratch = tmp_path / name
            scratch.mkdir()
            server = Server(url, scratch, workers=1, threads=2)
            server.env["UPLOAD_DIR"] = str(tmp_path / "uploads")
            if servers:
                server.env["SECRET_KEY"] = servers[0].env["SECRET_KEY"]
            servers.append(server)
            server.start()
        yield servers[0], servers[1], nip
    finally:
        for server in servers:
            server.stop()
        drop_schema(url)


def test_learner_continues_on_the_other_server(two_servers):
    a, b, nip = two_servers
    on_a = Browser(a.url)
    login = on_a.get("/login")
    signed_in = on_a.post(
        "/login", {"csrf_token": csrf_token(login.text), "nip": nip, "password": PASSWORD}
    )
    assert signed_in.status == 302
    on_b = Browser(b.url, on_a.cookies)  # the same cookie, sent to the other server

    home = on_b.get("/beranda")
    assert home.status == 200
    assert "Peserta Beban 0" in home.text

    module = on_a.get(f"/modul/{SLUG}")
    started = on_a.post(f"/modul/{SLUG}/pre-test", {"csrf_token": csrf_token(module.text)})
    assert started.status == 302
    attempt_path = re.search(r"/tes/\d+", started.location).group(0)

    page = on_b.get(attempt_path)  # started on A, opened on B
    assert page.status == 200
    answers = {name: values[0] for name, values in radio_choices(page.text).items()}
    assert answers
    form = {"csrf_token": csrf_token(page.text), "action": "submit", **answers}
    submitted = on_b.post(attempt_path, form)
    assert submitted.status == 302
    assert submitted.location.endswith(f"{attempt_path}/hasil")

    result = on_a.get(f"{attempt_path}/hasil")  # and A sees B's submission
    assert result.status == 200
    assert on_a.get(attempt_path).location.endswith(f"{attempt_path}/hasil")  # no longer open
