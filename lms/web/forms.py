import datetime

from flask import Flask
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field
from wtforms.utils import unset_value

GROUP_TYPES = {"RadioField", "CheckboxesField", "SelectMultipleField"}


class EmptyForm(FlaskForm):
    """A form with only the CSRF token, for POST buttons such as 'Keluar'."""


class _PartsField(Field):
    """A date typed in separate boxes (GOV.UK's date input), posted as <name>-<part>.

    Chromium's native date and month inputs show mm/dd/yyyy or an English month picker
    whatever the page language; labelled boxes read the same everywhere and need no
    JavaScript. A script may still post one ISO value under the plain name.
    """

    PARTS: tuple[str, ...] = ()

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.parts = dict.fromkeys(self.PARTS, "")

    def process(self, formdata, data=unset_value, extra_filters=None):
        self.process_errors = []
        self.data = self.default() if callable(self.default) else self.default
        if data is not unset_value:
            self.data = data
        if isinstance(self.data, datetime.date):
            self.parts = self._split(self.data)
        if formdata is None:
            return
        if any(f"{self.name}-{part}" in formdata for part in self.PARTS):
            self.parts = {p: formdata.get(f"{self.name}-{p}", "").strip() for p in self.PARTS}
        elif formdata.get(self.name):
            self.parts = self._split_iso(formdata.get(self.name).strip())
        else:
            return
        self.raw_data = [value for value in self.parts.values() if value]
        self.data = None
        if not self.raw_data:
            return
        missing = [part for part, value in self.parts.items() if not value]
        if missing:
            self.process_errors.append(_MISSING[missing[0]])
            return
        try:
            self.data = self._join({part: int(value) for part, value in self.parts.items()})
        except ValueError:
            self.process_errors.append(self.INVALID)

    def _split_iso(self, text: str) -> dict[str, str]:
        """'2026-05-31' -> day 31, month 5, year 2026 (ISO runs the parts the other way)."""
        pieces = text.split("-")
        if len(pieces) != len(self.PARTS):
            return dict.fromkeys(self.PARTS, "?")  # not a number: refused with INVALID
        return dict(zip(reversed(self.PARTS), pieces, strict=True))

    def part_value(self, part: str) -> str:
        """What the box shows: what was typed, else the value set on the field."""
        if not any(self.parts.values()) and isinstance(self.data, datetime.date):
            return self._split(self.data)[part]
        return self.parts.get(part, "")

    def _value(self):
        return self.data.isoformat() if self.data else ""


class DayMonthYearField(_PartsField):
    """A known date as three boxes: day, month, year."""

    PARTS = ("day", "month", "year")
    INVALID = _l("Tanggal harus tanggal yang benar, misalnya 27 3 2026.")

    @staticmethod
    def _split(day: datetime.date) -> dict[str, str]:
        return {"day": str(day.day), "month": str(day.month), "year": str(day.year)}

    @staticmethod
    def _join(parts: dict[str, int]) -> datetime.date:
        if parts["year"] < 1000:
            raise ValueError
        return datetime.date(parts["year"], parts["month"], parts["day"])


class MonthYearField(_PartsField):
    """A month as its name (a list) and a year box; data is the first day of that month."""

    PARTS = ("month", "year")
    INVALID = _l("Pilih bulan dan tulis tahun dengan 4 angka, misalnya 2026.")

    @staticmethod
    def _split(day: datetime.date) -> dict[str, str]:
        return {"month": str(day.month), "year": str(day.year)}

    @staticmethod
    def _join(parts: dict[str, int]) -> datetime.date:
        if parts["year"] < 1000:
            raise ValueError
        return datetime.date(parts["year"], parts["month"], 1)


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
    if field.type == "MonthYearField":
        return f"#{field.id}-month"
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
