import pytest
from flask import Flask, g


def isolate_requests(app: Flask) -> None:
    """Give every request its own `g`, as production does.

    Test fixtures keep one app context open and requests reuse it, so without this `g`
    (flask-login's signed-in user, flask-babel's locale, cached roles) would leak from one
    request into the next and hide session and language bugs.
    """

    @app.teardown_request
    def _forget_request_globals(_exc):
        for name in list(g):
            g.pop(name)


@pytest.fixture(autouse=True)
def fresh_request_globals(request):
    if "app" in request.fixturenames:
        isolate_requests(request.getfixturevalue("app"))
