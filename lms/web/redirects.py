"""Where the browser may be sent back to: local paths only, and only pages that answer a GET."""

from urllib.parse import urlsplit

from flask import Request, current_app
from werkzeug.exceptions import HTTPException


def is_local_path(target: str | None) -> bool:
    """True for '/x?y', never for '//host', 'http://host', '/\\host' or control characters."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return False
    if "\\" in target or any(ord(char) < 32 or ord(char) == 127 for char in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


def return_path(request: Request) -> str:
    """The page to come back to after a side trip such as switching the language.

    A page shown in answer to a POST (a checked practice answer, a failed publish) has no
    address of its own that a GET can reopen ('Terjadi kesalahan (405)'): go back to the page
    the form was sent from, when it is ours and answers a GET, else home."""
    if request.method == "GET":
        return request.full_path.rstrip("?")
    referrer = urlsplit(request.referrer or "")
    target = referrer.path + (f"?{referrer.query}" if referrer.query else "")
    same_site = referrer.netloc in ("", request.host)
    return target if same_site and is_local_path(target) and answers_get(request, target) else "/"


def answers_get(request: Request, path: str) -> bool:
    """Whether a GET of this local path reaches a page (not 404, not 405)."""
    adapter = current_app.url_map.bind_to_environ(request.environ)
    try:
        adapter.match(urlsplit(path).path, method="GET")
    except HTTPException:  # NotFound, MethodNotAllowed, or a slash redirect
        return False
    return True
