"""Error pages and the domain error base class."""

from flask import Flask, render_template
from werkzeug.exceptions import HTTPException


class DomainError(Exception):
    """A rule of the domain was broken; the message is shown to the user."""


def init_app(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException):
        template = {403: "errors/403.html", 404: "errors/404.html"}.get(
            error.code or 500, "errors/error.html"
        )
        return render_template(template, error=error), error.code

    @app.errorhandler(500)
    def _server_error(error):
        return render_template("errors/error.html", error=error), 500
