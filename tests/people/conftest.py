from ..auth.conftest import fresh_request_globals  # noqa: F401  (one request, one `g`)
