"""What holds for every request: characters no request may carry, headers every page sends."""

import re

from flask import Flask, Response, abort, request

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
    "form-action 'self'; img-src 'self'; script-src 'self'; style-src 'self'"
)


# C0 control characters and DEL, except the tab (legal inside a header value).
_HEADER_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
_FILENAME_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def refuse_control_characters() -> None:
    """400 before any view runs for a NUL in the path, query or form, or a control character in
    a header or an uploaded file's name.

    PostgreSQL text cannot hold a NUL (the statement fails: a 500, and the request's other
    writes, such as counting a failed sign-in, roll back with it); SQLite would store it. The
    user agent goes into the audit trail and file names into import reports, so headers and file
    names are checked like fields. Form text may hold line breaks and tabs, headers and file
    names may not: no browser sends them.
    """
    if "\x00" in request.path:
        abort(400)
    # Only a form body carries fields or files (werkzeug parses no other): a GET skips both.
    has_body = request.mimetype in _FORM_TYPES
    pairs = [*request.args.items(multi=True)] if request.query_string else []
    if has_body:
        pairs += request.form.items(multi=True)
    if any("\x00" in name or "\x00" in value for name, value in pairs):
        abort(400)
    # One search over every header: the tab that joins them is the one control character allowed.
    if _HEADER_CONTROL.search("\t".join(f"{name}\t{value}" for name, value in request.headers)):
        abort(400)
    if has_body:
        for name, upload in request.files.items(multi=True):
            if _FILENAME_CONTROL.search(name + (upload.filename or "")):
                abort(400)


def init_app(app: Flask) -> None:
    production = app.config["ENV_NAME"] == "production"
    app.before_request(refuse_control_characters)

    @app.after_request
    def _headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        if production:
            response.headers.setdefault(
                "Strict-Transport-Security", "max-age=31536000; includeSubDomains"
            )
        return response
