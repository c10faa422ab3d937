"""Numbers as the reader's language writes them: one score format for every page."""

from flask import Flask
from flask_babel import format_decimal


def score(value: float | None) -> str:
    """A test score: '85', '72,5' in Indonesian ('72.5' in English); '–' when there is none."""
    return "–" if value is None else format_decimal(round(value, 1), format="0.#")


def init_app(app: Flask) -> None:
    app.jinja_env.globals["score"] = score
