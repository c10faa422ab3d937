"""A scratch database with the real content and many learners, served by a real gunicorn."""

import itertools

import pytest

from tests.conftest import backend_url, drop_schema

from .learners import SLUG
from .server import Server, prepare_database

LEARNERS = 50
_names = (f"rel{n}" for n in itertools.count(1))


@pytest.fixture
def load_server(tmp_path, tmp_path_factory):
    """A started server and the NIPs of LEARNERS learners who can sign in to it."""
    url = backend_url(tmp_path_factory, next(_names))
    nips = prepare_database(url, LEARNERS, no_pass_mark=SLUG)
    server = Server(url, tmp_path)
    server.start()
    try:
        yield server, nips
    finally:
        server.stop()
        drop_schema(url)
