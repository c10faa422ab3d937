import datetime

from flask import Flask
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field

GROUP_TYPES = {"RadioField", "CheckboxesField", "SelectMultipleField"}


class EmptyForm(FlaskForm):
    """A form with only the CSRF token, for POST buttons such as 'Keluar'."""


class DayMonthYearField(Field):
    """A known date typed as three boxes (day, month, year), as GOV.UK asks for dates.

    Chromium's native date input shows mm/dd/yyyy whatever the page language; three labelled
    boxes read the same everywhere and need no JavaScript. Posted as <name>-day, -month, -year.
    """

    PARTS = ("day", "month", "year")

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.parts = dict.fromkeys(self.PARTS, "")

    def process(self, formdata, data=None, extra_filters=None):
        self.process_errors = []
        self.data = data if data is not None else self.default
        if callable(self.data):
            self.data = self.data()
        if isinstance(self.data, datetime.date):
            day = self.data
            self.parts = {"day": str(day.day), "month": str(day.month), "year": str(day.year)}
        if formdata is None:
            return
        keys = [f"{self.name}-{part}" for part in self.PARTS]
        if not any(key in formdata for key in keys):
            return
        self.parts = {part: formdata.get(f"{self.name}-{part}", "").strip() for part in self.PARTS}
        self.raw_data = [value for value in self.parts.values() if value]
        self.data = None
        if not self.raw_data:
            return
        missing = [part for part, value in self.parts.items() if not value]
        if missing:
            self.process_errors.append(_MISSING[missing[0]])
            return
        try:
            day, month, year = (int(self.parts[part]) for part in self.PARTS)
            if year < 1000:
                raise ValueError
            self.data = datetime.date(year, month, day)
        except ValueError:
            self.process_errors.append(_l("Tanggal harus tanggal yang benar, misalnya 27 3 2026."))

    def part_value(self, part: str) -> str:
        return self.parts.get(part, "")

    def _value(self):
        return self.data.isoformat() if self.data else ""


_MISSING = {
    "day": _l("Tanggal harus berisi hari."),
    "month": _l("Tanggal harus berisi bulan."),
    "year": _l("Tanggal harus berisi tahun."),
}


def field_anchor(field) -> str:
    """Where a summary link points: the control itself, or a group's first option."""
    if field.type in GROUP_TYPES:
        return f"#{field.id}-0"
    if field.type == "DayMonthYearField":
        return f"#{field.id}-day"
    return f"#{field.id}"


def error_items(*forms, extra=()) -> list[tuple[str, str]]:
    """(href, message) pairs for the error summary, in the order the fields appear."""
    items = []
    for form in forms:
        if form is None:
            continue
        for field in form:
            if field.errors and field.type != "CSRFTokenField":
                items.append((field_anchor(field), " ".join(map(str, field.errors))))
            elif field.errors:
                items.append(("#main", _l("Halaman sudah terlalu lama dibuka. Kirim ulang.")))
    items.extend(extra)
    return items


def line_items(problems, href: str) -> list[tuple[str, str]]:
    """Summary entries for problems found at lines of one text box ('Baris 12: ...')."""
    return [
        (href, f"{_('Baris %(n)d', n=p.line)}: {p.message}" if p.line else str(p.message))
        for p in problems
    ]


def messages_at(href: str, messages) -> list[tuple[str, str]]:
    """Summary entries for several messages about one place on the page."""
    return [(href, str(message)) for message in messages or ()]


def keyed_items(prefix: str, messages: dict) -> list[tuple[str, str]]:
    """Summary entries for messages keyed by block: {key: message} -> ('#<prefix><key>', ...)."""
    return [(f"#{prefix}{key}", str(message)) for key, message in messages.items()]


def init_app(app: Flask) -> None:
    app.jinja_env.globals["error_items"] = error_items
    app.jinja_env.globals["line_items"] = line_items
    app.jinja_env.globals["messages_at"] = messages_at
    app.jinja_env.globals["keyed_items"] = keyed_items
