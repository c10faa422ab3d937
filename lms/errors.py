"""Error pages and the domain error base class."""

from flask import Flask, render_template
from werkzeug.exceptions import HTTPException

from lms.extensions import db


class DomainError(Exception):
    """A rule of the domain was broken; the message is shown to the user.

    `field` names the form field the message belongs to, when there is one.
    """

    def __init__(self, message, field: str | None = None):
        super().__init__(message)
        self.field = field

    def show_on(self, form, default_field: str) -> None:
        """Add the message to the form field it belongs to, else to `default_field`."""
        name = self.field if self.field in form else default_field
        form[name].errors.append(str(self))


def init_app(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException):
        template = {403: "errors/403.html", 404: "errors/404.html"}.get(
            error.code or 500, "errors/error.html"
        )
        return render_template(template, error=error), error.code

    @app.errorhandler(500)
    def _server_error(error):
        # A failed statement leaves the transaction unusable (PostgreSQL); the page still needs it.
        db.session.rollback()
        return render_template("errors/error.html", error=error), 500
