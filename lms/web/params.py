"""Whole numbers read from a request, bounded to what every integer column holds.

PostgreSQL's integer ends at 2**31 - 1 (a bigger value fails the query: NumericValueOutOfRange)
and SQLite refuses Python ints beyond 2**63 - 1 (OverflowError): either way a 500. Ids in the
address, pages and ids in the query string, and ids in forms are read here, so a number no row
can carry never reaches a query.
"""

from flask import Flask, abort, request
from werkzeug.routing import IntegerConverter

MAX_INT = 2**31 - 1


class BoundedIntConverter(IntegerConverter):
    """`<int:...>` that matches 0..MAX_INT only: a bigger id is an address that does not exist."""

    def __init__(self, map, fixed_digits=0, min=None, max=MAX_INT, signed=False):  # noqa: A002
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def init_app(app: Flask) -> None:
    """Replace the `int` converter; must run before any blueprint adds its routes."""
    app.url_map.converters["int"] = BoundedIntConverter


def to_int(value) -> int | None:
    """A form or query value as a whole number within the columns' range; None for anything else."""
    text = str(value if value is not None else "").strip()
    digits = text.removeprefix("-")
    if not digits.isascii() or not digits.isdigit() or len(digits) > len(str(MAX_INT)):
        return None
    number = int(text)
    return number if -MAX_INT <= number <= MAX_INT else None


def int_arg(name: str, default: int | None = None) -> int | None:
    """A number from the query string: `default` when absent or not a number, 404 when beyond
    every id (the address names something that cannot exist)."""
    raw = request.args.get(name, "").strip()
    if not raw:
        return default
    number = to_int(raw)
    if number is None:
        if raw.lstrip("-").isascii() and raw.lstrip("-").isdigit():
            abort(404)
        return default
    return number


def page() -> int:
    """The `page` of a paginated list, at least 1 (pass it to db.paginate, which would read an
    unbounded one itself)."""
    return max(int_arg("page", 1), 1)


def optional_int(value) -> int | None:
    """A select's value (coerce=): None when empty, else a number in range; ValueError (the
    field's "invalid choice") for anything else."""
    if value in (None, "", "None"):
        return None
    number = to_int(value)
    if number is None:
        raise ValueError(f"not a number in range: {value!r}")
    return number
