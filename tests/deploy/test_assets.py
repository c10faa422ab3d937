"""Fingerprinted static URLs: a returning learner downloads nothing again until a file changes."""

from flask import render_template_string

from lms.web import assets


def _with_assets(app):
    if "asset" not in app.jinja_env.globals:  # until create_app calls assets.init_app
        assets.init_app(app)
    return app


def test_fingerprinted_static_file_is_kept_for_a_year(app, client):
    _with_assets(app)
    with app.test_request_context():
        url = render_template_string("{{ asset('css/app.css') }}")
    assert url.startswith("/static/css/app.css?v=")
    answer = client.get(url)
    assert answer.status_code == 200
    assert answer.cache_control.max_age == 31536000
    assert answer.cache_control.immutable
    answer.close()


def test_fingerprint_follows_the_content(app, tmp_path):
    (tmp_path / "a.css").write_text("body{color:red}")
    (tmp_path / "b.css").write_text("body{color:blue}")
    first = assets._fingerprint(str(tmp_path), "a.css")
    assert first == assets._fingerprint(str(tmp_path), "a.css")
    assert first != assets._fingerprint(str(tmp_path), "b.css")


def test_plain_static_url_is_revalidated(app, client):
    _with_assets(app)
    answer = client.get("/static/css/app.css")
    assert answer.status_code == 200
    assert answer.cache_control.max_age != 31536000
    answer.close()
