"""Fingerprinted static URLs, so browsers may keep static files for a year.

`{{ asset('css/app.css') }}` gives /static/css/app.css?v=<first 10 hex of its SHA-256>. The
content hash changes whenever the file does, so a returning learner downloads nothing again
until a release changes a file, and then only that file. Responses for a fingerprinted URL
say "keep for a year, never revalidate"; the same path without v= keeps Flask's default
(revalidate), since its content may change under the same URL. nginx does the same for
/static/ in production (deploy/nginx-bina-asn.conf); this hook covers gunicorn alone.
"""

import hashlib
from functools import cache
from pathlib import Path

from flask import Flask, Response, current_app, request, url_for

YEAR = 365 * 24 * 3600


def init_app(app: Flask) -> None:
    app.jinja_env.globals["asset"] = asset
    app.after_request(_long_cache)


def asset(path: str) -> str:
    """The URL of a static file with its content fingerprint (built once per process)."""
    urls = current_app.extensions.setdefault("lms.asset_urls", {})
    key = (request.script_root, path)
    url = urls.get(key)
    if url is None:
        fingerprint = _fingerprint(current_app.static_folder, path)
        url = urls[key] = url_for("static", filename=path, v=fingerprint)
    return url


@cache  # a file's hash is read once per process: static files change only with a release
def _fingerprint(static_folder: str, path: str) -> str:
    data = (Path(static_folder) / path).read_bytes()
    return hashlib.sha256(data).hexdigest()[:10]


def _long_cache(response: Response) -> Response:
    if request.endpoint == "static" and request.args.get("v") and response.status_code == 200:
        response.cache_control.public = True
        response.cache_control.max_age = YEAR
        response.cache_control.immutable = True
        response.cache_control.no_cache = None
    return response
