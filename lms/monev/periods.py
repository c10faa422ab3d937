"""Report periods: a month "2026-05", a quarter "2026-Q2" or a year "2026", as [start, end)."""

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import format_date, gettext
from flask_babel import lazy_gettext as _l

from lms import clock
from lms.errors import DomainError

FIRST_YEAR = 2000
_PATTERN = re.compile(r"(?P<year>\d{4})(?:-(?:(?P<month>\d{2})|[Qq](?P<quarter>[1-4])))?")


class PeriodError(DomainError):
    """The period in the address cannot be read or is out of range."""


@dataclass(frozen=True)
class Period:
    key: str  # as written in the address: 2026, 2026-Q2, 2026-05
    kind: str  # year | quarter | month
    start: date  # first day
    end: date  # first day after the period

    @property
    def label(self) -> str:
        if self.kind == "year":
            return str(self.start.year)
        if self.kind == "quarter":
            quarter = (self.start.month + 2) // 3
            return gettext("Triwulan %(q)s %(year)s", q=quarter, year=self.start.year)
        return month_label(self.start)

    @property
    def start_at(self) -> datetime:
        """When the period's first local day begins, as stored (UTC)."""
        return clock.day_start(self.start)

    @property
    def end_at(self) -> datetime:
        return clock.day_start(self.end)

    @property
    def last_day(self) -> date:
        return self.end - timedelta(days=1)

    @property
    def last_month(self) -> date:
        """The first day of the period's last month."""
        return add_months(self.end, -1)


def month_label(month: date) -> str:
    """'Mei 2026' in the interface language."""
    return format_date(month, "MMMM yyyy")


def month_start(day: date) -> date:
    return day.replace(day=1)


def add_months(day: date, months: int) -> date:
    """The first day of the month `months` after (or before) `day`'s month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def months_between(first: date, last: date) -> list[date]:
    """First days of every month from `first`'s month to `last`'s month, inclusive."""
    months, current = [], month_start(first)
    while current <= last:
        months.append(current)
        current = add_months(current, 1)
    return months


def parse(text: str | None, today: date) -> Period:
    """Read a period; an empty value is the current year. Raise PeriodError if it is wrong.

    Periods that begin after today are refused: there is nothing to report yet.
    """
    text = (text or "").strip() or str(today.year)
    match = _PATTERN.fullmatch(text)
    if match is None:
        raise PeriodError(
            _l(
                "Periode tidak dikenali. Gunakan 2026 (tahun), 2026-Q2 (triwulan) "
                "atau 2026-05 (bulan)."
            )
        )
    year = int(match["year"])
    if not FIRST_YEAR <= year <= today.year:  # before building dates: year 0 or 9999 + 1 fails
        raise PeriodError(
            _l("Periode harus antara tahun %(first)s dan hari ini.", first=FIRST_YEAR)
        )
    if match["month"]:
        month = int(match["month"])
        if not 1 <= month <= 12:
            raise PeriodError(_l("Bulan harus antara 01 dan 12."))
        start = date(year, month, 1)
        period = Period(f"{year}-{month:02d}", "month", start, add_months(start, 1))
    elif match["quarter"]:
        start = date(year, 3 * int(match["quarter"]) - 2, 1)
        period = Period(f"{year}-Q{match['quarter']}", "quarter", start, add_months(start, 3))
    else:
        period = Period(str(year), "year", date(year, 1, 1), date(year + 1, 1, 1))
    if period.start > today:
        raise PeriodError(
            _l("Periode harus antara tahun %(first)s dan hari ini.", first=FIRST_YEAR)
        )
    return period


def recent_choices(today: date, years: int = 2) -> list[tuple[str, str]]:
    """(key, label) for the period picker: this and last year, their quarters and months."""
    choices = []
    for year in range(today.year, today.year - years, -1):
        keys = [str(year)] + [f"{year}-Q{q}" for q in range(1, 5)]
        keys += [f"{year}-{m:02d}" for m in range(1, 13)]
        for key in keys:
            try:
                choices.append((key, parse(key, today).label))
            except PeriodError:
                continue
    return choices
