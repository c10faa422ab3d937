import pytest


@pytest.fixture
def in_request(app):
    """Messages and labels are translated: Flask-Babel reads the locale from a request."""
    with app.test_request_context():
        yield
