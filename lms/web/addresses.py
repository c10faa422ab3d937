"""The address employees open Bina ASN at, for what leaves the browser: paper, e-mail, QR."""

from flask import current_app, request


def public_base_url() -> str:
    """PUBLIC_BASE_URL (production requires it), else the address this request came to; with
    a trailing slash."""
    return (current_app.config["PUBLIC_BASE_URL"] or request.host_url).rstrip("/") + "/"
