"""The one clock: UTC for storage, the configured zone for "today" and for what people read."""

from datetime import UTC, date, datetime

import pytest
import time_machine

from lms import clock, create_app

# 20:30 UTC on New Year's Eve is already 03:30 on 1 January in Jakarta.
EVE = datetime(2026, 12, 31, 20, 30, 15, 123456, tzinfo=UTC)


@pytest.fixture
def zoned():
    """An app context per zone, without a database: the clock needs only the setting."""

    def enter(name: str):
        app = create_app({"TESTING": True, "BABEL_DEFAULT_TIMEZONE": name})
        return app.test_request_context()

    return enter


def test_utcnow_is_naive_utc_in_whole_seconds():
    with time_machine.travel(EVE, tick=False):
        assert clock.utcnow() == datetime(2026, 12, 31, 20, 30, 15)


@pytest.mark.parametrize(
    ("zone", "day", "label", "time"),
    [
        ("Asia/Jakarta", date(2027, 1, 1), "WIB", "03:30 WIB"),
        ("Asia/Makassar", date(2027, 1, 1), "WITA", "04:30 WITA"),
        ("Asia/Jayapura", date(2027, 1, 1), "WIT", "05:30 WIT"),
        ("UTC", date(2026, 12, 31), "UTC", "20:30 UTC"),
    ],
)
def test_today_and_times_follow_the_configured_zone(zoned, zone, day, label, time):
    with zoned(zone), time_machine.travel(EVE, tick=False):
        assert clock.today() == day
        assert clock.zone_label() == label
        assert clock.format_time(clock.utcnow()) == time


def test_a_stored_timestamp_shows_its_local_date_time_and_offset(zoned):
    stored = datetime(2026, 12, 31, 20, 30, 15)
    with zoned("Asia/Jakarta"):
        assert clock.format_date(stored) == "1 Januari 2027"
        assert clock.format_date(date(2026, 12, 31)) == "31 Desember 2026"  # a date stays put
        assert clock.format_date(None) == "–"
        assert clock.format_time(stored, seconds=True) == "03:30:15 WIB"
        assert clock.isoformat(stored) == "2027-01-01T03:30:15+07:00"
        assert clock.local_date(stored) == date(2027, 1, 1)


def test_a_local_day_starts_at_its_utc_instant(zoned):
    with zoned("Asia/Jakarta"):
        assert clock.day_start(date(2027, 1, 1)) == datetime(2026, 12, 31, 17, 0)
    with zoned("Asia/Jayapura"):
        assert clock.day_start(date(2027, 1, 1)) == datetime(2026, 12, 31, 15, 0)
