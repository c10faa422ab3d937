from datetime import date

import pytest

from lms.monev import periods

TODAY = date(2026, 6, 15)


@pytest.mark.parametrize(
    ("text", "kind", "start", "end"),
    [
        ("2026", "year", date(2026, 1, 1), date(2027, 1, 1)),
        ("2026-Q2", "quarter", date(2026, 4, 1), date(2026, 7, 1)),
        ("2025-q4", "quarter", date(2025, 10, 1), date(2026, 1, 1)),
        ("2025-12", "month", date(2025, 12, 1), date(2026, 1, 1)),
        (" 2026-06 ", "month", date(2026, 6, 1), date(2026, 7, 1)),
        ("", "year", date(2026, 1, 1), date(2027, 1, 1)),
        (None, "year", date(2026, 1, 1), date(2027, 1, 1)),
    ],
)
def test_parse(in_request, text, kind, start, end):
    period = periods.parse(text, TODAY)
    assert (period.kind, period.start, period.end) == (kind, start, end)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2026-13", "Bulan harus antara 01 dan 12"),
        ("2026-00", "Bulan harus antara 01 dan 12"),
        ("2026-Q5", "Periode tidak dikenali"),
        ("26", "Periode tidak dikenali"),
        ("2026-5", "Periode tidak dikenali"),
        ("2026/05", "Periode tidak dikenali"),
        ("mei 2026", "Periode tidak dikenali"),
        ("2026-07", "Periode harus antara"),  # starts after today
        ("2027", "Periode harus antara"),
        ("1999", "Periode harus antara"),
    ],
)
def test_refused(in_request, text, message):
    with pytest.raises(periods.PeriodError) as refused:
        periods.parse(text, TODAY)
    assert message in str(refused.value)


def test_labels_are_indonesian(in_request):
    assert periods.parse("2026-05", TODAY).label == "Mei 2026"
    assert periods.parse("2026-Q2", TODAY).label == "Triwulan 2 2026"
    assert periods.parse("2026", TODAY).label == "2026"


def test_month_arithmetic():
    assert periods.add_months(date(2026, 1, 31), -1) == date(2025, 12, 1)
    assert periods.add_months(date(2026, 11, 5), 3) == date(2027, 2, 1)
    assert periods.months_between(date(2025, 11, 20), date(2026, 2, 1)) == [
        date(2025, 11, 1),
        date(2025, 12, 1),
        date(2026, 1, 1),
        date(2026, 2, 1),
    ]


def test_picker_offers_only_periods_that_have_begun(in_request):
    keys = [key for key, _label in periods.recent_choices(TODAY)]
    assert keys[:5] == ["2026", "2026-Q1", "2026-Q2", "2026-01", "2026-02"]
    assert "2026-07" not in keys and "2026-Q3" not in keys
    assert "2025-Q4" in keys and "2025-12" in keys
