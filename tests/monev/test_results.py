"""Level 4: recording indicators (validation), IKM grades, before/after, the monthly series."""

import math
from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from lms.errors import DomainError
from lms.extensions import db
from lms.monev import periods, results
from lms.monev.models import ServiceIndicator

from .helpers import TODAY, province

NOW = datetime(2026, 6, 15, 9, 0)


def _save(indicator=None, **values):
    defaults = {
        "unit_id": None,
        "month": date(2026, 5, 1),
        "waiting_minutes": 30.0,
        "ikm": 80.0,
        "note": "",
        "recorded_by_id": None,
        "today": TODAY,
        "now": NOW,
    }
    return results.save_indicator(indicator or ServiceIndicator(), **{**defaults, **values})


@pytest.fixture
def data(app, in_request):
    return province()


def _count() -> int:
    return db.session.scalar(select(func.count(ServiceIndicator.id)))


def test_record_and_edit(data):
    saved = _save(unit_id=data.dinas_b.id, month=date(2026, 5, 17), ikm=91.5, note=" survei ")
    db.session.commit()
    assert (saved.month, saved.ikm, saved.note) == (date(2026, 5, 1), 91.5, "survei")
    _save(saved, unit_id=data.dinas_b.id, waiting_minutes=12.5, ikm=None)
    db.session.commit()
    db.session.refresh(saved)
    assert (saved.waiting_minutes, saved.ikm) == (12.5, None)


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"waiting_minutes": -1.0}, "waiting_minutes", "Waktu tunggu tidak boleh negatif."),
        ({"ikm": 100.01}, "ikm", "IKM harus antara 0 dan 100."),
        ({"ikm": -0.5}, "ikm", "IKM harus antara 0 dan 100."),
        ({"ikm": math.nan}, "ikm", "Nilai harus berupa angka."),
        ({"waiting_minutes": math.inf}, "waiting_minutes", "Nilai harus berupa angka."),
        ({"month": date(2026, 7, 1)}, "month", "Bulan tidak boleh di masa depan."),
        ({"month": None}, "month", "Bulan wajib diisi."),
        ({"unit_id": 9999}, "unit_id", "Unit kerja tidak ditemukan."),
        ({"unit_id": None}, "unit_id", "Unit kerja tidak ditemukan."),
        ({"waiting_minutes": None, "ikm": None}, "waiting_minutes", "Isi waktu tunggu, IKM"),
        ({"note": "x" * 501}, "note", "Catatan paling banyak 500 karakter."),
    ],
)
def test_refused_values_store_nothing(data, values, field, message):
    before = _count()
    values = {"unit_id": data.dinas_b.id, **values}
    with pytest.raises(DomainError) as refused:
        _save(**values)
    assert message in str(refused.value)
    assert refused.value.field == field
    db.session.rollback()
    assert _count() == before


def test_every_wrong_value_is_named_at_once(data):
    with pytest.raises(results.IndicatorRefused) as refused:
        _save(unit_id=None, month=date(2030, 1, 1), waiting_minutes=-1.0, ikm=120.0)
    assert [field for field, _message in refused.value.errors] == [
        "unit_id",
        "month",
        "waiting_minutes",
        "ikm",
    ]


def test_boundaries_are_accepted(data):
    _save(unit_id=data.dinas_b.id, month=date(2026, 6, 1), waiting_minutes=0.0, ikm=100.0)
    _save(unit_id=data.dinas_b.id, month=date(2026, 4, 1), waiting_minutes=None, ikm=0.0)
    db.session.commit()


def test_a_second_row_for_the_same_month_is_refused(data):
    with pytest.raises(DomainError) as refused:
        _save(unit_id=data.dinas_a.id, month=date(2026, 3, 9))
    assert "sudah ada" in str(refused.value)


@pytest.mark.parametrize(
    ("ikm", "grade"),
    [
        (100, "A"), (88.31, "A"), (88.305, "A"), (88.30, "B"), (76.61, "B"), (76.60, "C"),
        (65.00, "C"), (64.99, "D"), (25, "D"), (0, "D"),
    ],
)  # fmt: skip
def test_ikm_grades(in_request, ikm, grade):
    assert results.ikm_grade(ikm)[0] == grade


def test_before_and_after_the_derived_start(data):
    # Dinas A's first completion: a3 (Bidang A1) on 10 February 2026.
    (row,) = results.results_summary(periods.parse("2026-Q2", TODAY))
    assert (row.unit_id, row.start, row.start_set_by_admin) == (
        data.dinas_a.id,
        date(2026, 2, 1),
        False,
    )
    assert (row.months_before, row.months_after) == (1, 5)
    assert (row.waiting_before, row.ikm_before) == pytest.approx((40, 70))
    assert row.waiting_after == pytest.approx((38 + 36 + 30 + 28 + 25) / 5)
    assert row.ikm_after == pytest.approx((72 + 80 + 82 + 85) / 4)
    assert results.ikm_grade(row.ikm_before)[0] == "C"
    assert results.ikm_grade(row.ikm_after)[0] == "B"
    # Five active employees in Dinas A and Bidang A1; a1, a2, a3 completed a module.
    assert (row.employees, row.trained) == (5, 3)


def test_an_admin_set_start_wins_and_can_be_cleared(data):
    results.set_programme_start(data.dinas_a.id, date(2026, 4, 20), None, TODAY)
    db.session.commit()
    (row,) = results.results_summary(periods.parse("2026-Q2", TODAY))
    assert (row.start, row.start_set_by_admin) == (date(2026, 4, 1), True)
    assert (row.months_before, row.months_after) == (3, 3)
    assert (row.waiting_before, row.ikm_before) == pytest.approx((38, 71))
    assert (row.waiting_after, row.ikm_after) == pytest.approx((83 / 3, 247 / 3))
    results.set_programme_start(data.dinas_a.id, None, None, TODAY)
    db.session.commit()
    assert results.programme_start(data.dinas_a.id) == (date(2026, 2, 1), False)


def test_programme_start_in_the_future_is_refused(data):
    with pytest.raises(DomainError):
        results.set_programme_start(data.dinas_a.id, date(2026, 8, 1), None, TODAY)


def test_summary_ignores_months_after_the_period(data):
    (row,) = results.results_summary(periods.parse("2026-03", TODAY))
    assert (row.months_before, row.months_after) == (1, 2)
    # By the end of March only a3 had completed a module.
    assert row.trained == 1


def test_unit_series_beside_training(data):
    months = periods.months_between(date(2026, 1, 1), date(2026, 6, 1))
    series = results.unit_series(data.dinas_a.id, months)
    assert [p.waiting_minutes for p in series] == [40, 38, 36, 30, 28, 25]
    assert [p.ikm for p in series] == [70, 72, None, 80, 82, 85]
    assert [p.completions for p in series] == [0, 1, 0, 2, 1, 0]
    assert [p.trained for p in series] == [0, 1, 1, 2, 3, 3]
    assert series[-1].trained_share == pytest.approx(60)
    assert series[0].grade == ("C", "Kurang Baik")
    # The sub-unit alone: a2, a3, a4.
    sub = results.unit_series(data.bidang_a1.id, months)
    assert ([p.trained for p in sub][-1], sub[-1].employees) == (2, 3)
    assert all(p.ikm is None for p in sub)
