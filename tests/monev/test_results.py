"""Level 4: recording surveys and waiting times (validation), IKM from the nine elements and its
grades, weighted before/after, the year-earlier months, the comparison group, the series."""

import math
from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from lms.errors import DomainError
from lms.extensions import db
from lms.monev import indicators, periods, results
from lms.monev.models import ServiceIndicator
from tests.factories import make_unit, make_user

from .helpers import TODAY, indicator, province

NOW = datetime(2026, 6, 15, 9, 0)


ELEMENTS_80 = [3.2] * 9  # IKM 80


def _save(indicator=None, **values):
    defaults = {
        "unit_id": None,
        "month": date(2026, 5, 1),
        "waiting_minutes": 30.0,
        "waiting_n": 120,
        "elements": ELEMENTS_80,
        "respondents": 150,
        "note": "",
        "recorded_by_id": None,
        "today": TODAY,
        "now": NOW,
    }
    return indicators.save_indicator(indicator or ServiceIndicator(), **{**defaults, **values})


@pytest.fixture
def data(app, in_request):
    return province()


def _count() -> int:
    return db.session.scalar(select(func.count(ServiceIndicator.id)))


def test_ikm_is_the_mean_of_the_nine_elements_times_25(data):
    """Elements 3.5, 3.2, 2.9, 4.0, 3.1, 3.3, 3.6, 2.7, 3.0: sum 29.3, mean 3.2556,
    IKM = 29.3 / 9 * 25 = 81.39 (grade B, Baik)."""
    elements = [3.5, 3.2, 2.9, 4.0, 3.1, 3.3, 3.6, 2.7, 3.0]
    saved = _save(unit_id=data.dinas_b.id, elements=elements, respondents=212)
    db.session.commit()
    assert saved.ikm == pytest.approx(29.3 / 9 * 25)
    assert round(saved.ikm, 2) == 81.39
    assert indicators.ikm_grade(saved.ikm) == ("B", "Baik")
    assert (saved.respondents, saved.u4, saved.u8) == (212, 4.0, 2.7)


def test_record_and_edit(data):
    saved = _save(unit_id=data.dinas_b.id, month=date(2026, 5, 17), note=" survei ")
    db.session.commit()
    assert (saved.month, saved.ikm, saved.note) == (date(2026, 5, 1), pytest.approx(80), "survei")
    _save(
        saved, unit_id=data.dinas_b.id, waiting_minutes=12.5, elements=[None] * 9, respondents=None
    )
    db.session.commit()
    db.session.refresh(saved)
    assert (saved.waiting_minutes, saved.waiting_n, saved.ikm, saved.u1) == (12.5, 120, None, None)


def test_a_legacy_monthly_ikm_stays_readable_until_a_survey_replaces_it(data):
    legacy = ServiceIndicator(unit_id=data.dinas_b.id, month=date(2026, 4, 1), ikm=91.5)
    db.session.add(legacy)
    db.session.commit()
    assert legacy.legacy_ikm
    _save(legacy, unit_id=data.dinas_b.id, month=date(2026, 4, 1), elements=[None] * 9,
          respondents=None)  # fmt: skip
    db.session.commit()
    assert (legacy.ikm, legacy.waiting_minutes, legacy.legacy_ikm) == (91.5, 30.0, True)
    _save(legacy, unit_id=data.dinas_b.id, month=date(2026, 4, 1))
    db.session.commit()
    assert (legacy.ikm, legacy.legacy_ikm) == (pytest.approx(80), False)


NO_SURVEY = {"elements": [None] * 9, "respondents": None}


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"waiting_minutes": -1.0}, "waiting_minutes", "Waktu tunggu tidak boleh negatif."),
        ({"waiting_minutes": math.inf}, "waiting_minutes", "Nilai harus berupa angka."),
        ({"waiting_n": None}, "waiting_n", "Isi jumlah layanan yang diukur"),
        ({"waiting_n": 0}, "waiting_n", "Isi bilangan bulat 1 atau lebih."),
        ({"waiting_n": 2.5}, "waiting_n", "Isi bilangan bulat 1 atau lebih."),
        ({"waiting_minutes": None}, "waiting_minutes", "Isi waktu tunggu untuk jumlah layanan"),
        ({"elements": [3.0] * 8 + [4.01]}, "u9", "Nilai unsur harus antara 1 dan 4."),
        ({"elements": [0.99] + [3.0] * 8}, "u1", "Nilai unsur harus antara 1 dan 4."),
        ({"elements": [math.nan] + [3.0] * 8}, "u1", "Nilai unsur harus antara 1 dan 4."),
        ({"elements": [3.0, None] + [3.0] * 7}, "u2", "Isi nilai rata-rata unsur ini (1–4)."),
        ({"respondents": None}, "respondents", "Isi jumlah responden survei."),
        ({"respondents": 0}, "respondents", "Isi bilangan bulat 1 atau lebih."),
        ({"respondents": 10.5}, "respondents", "Isi bilangan bulat 1 atau lebih."),
        ({"elements": [None] * 9}, "u1", "Isi nilai rata-rata unsur ini (1–4)."),
        ({"month": date(2026, 7, 1)}, "month", "Bulan tidak boleh di masa depan."),
        ({"month": None}, "month", "Masukkan bulan"),
        ({"unit_id": 9999}, "unit_id", "Pilih unit kerja"),
        ({"unit_id": None}, "unit_id", "Pilih unit kerja"),
        (
            {"waiting_minutes": None, "waiting_n": None, **NO_SURVEY},
            "waiting_minutes",
            "Isi waktu tunggu, hasil survei",
        ),
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
    with pytest.raises(indicators.IndicatorRefused) as refused:
        _save(
            unit_id=None,
            month=date(2030, 1, 1),
            waiting_minutes=-1.0,
            elements=[3.0] * 4 + [5.0] + [3.0] * 4,
            respondents=None,
        )
    assert [field for field, _message in refused.value.errors] == [
        "unit_id",
        "month",
        "waiting_minutes",
        "u5",
        "respondents",
    ]


def test_boundaries_are_accepted(data):
    _save(unit_id=data.dinas_b.id, month=date(2026, 6, 1), waiting_minutes=0.0, waiting_n=1,
          elements=[4.0] * 9, respondents=1)  # fmt: skip
    _save(unit_id=data.dinas_b.id, month=date(2026, 4, 1), waiting_minutes=None, waiting_n=None,
          elements=[1.0] * 9)  # fmt: skip
    db.session.commit()
    values = db.session.scalars(
        select(ServiceIndicator.ikm).where(ServiceIndicator.unit_id == data.dinas_b.id)
    ).all()
    assert sorted(values) == [25.0, 100.0]


def test_a_second_row_for_the_same_month_is_refused(data):
    with pytest.raises(DomainError) as refused:
        _save(unit_id=data.dinas_a.id, month=date(2026, 3, 9))
    assert "sudah ada" in str(refused.value)


@pytest.mark.parametrize(
    ("ikm", "grade"),
    [
        (100, "A"), (88.31, "A"), (88.305, "A"), (88.30, "B"), (76.61, "B"), (76.60, "C"),
        (65.00, "C"), (64.99, "D"), (25, "D"),
    ],
)  # fmt: skip
def test_ikm_grades(in_request, ikm, grade):
    assert indicators.ikm_grade(ikm)[0] == grade


def test_before_and_after_the_derived_start_weighted(data):
    """Dinas A's first completion: a3 (Bidang A1) on 10 February 2026. Before: January only.
    After, February-June: waiting (38·30 + 36·20 + 30·40 + 28·10 + 25·50) / 150 = 30.6;
    IKM (72·50 + 80·200 + 82·100 + 85·100) / 450 = 80.67 (plain mean of months: 79.75)."""
    (row,) = results.results_summary(periods.parse("2026-Q2", TODAY))
    assert (row.unit_id, row.start, row.start_set_by_admin) == (
        data.dinas_a.id,
        date(2026, 2, 1),
        False,
    )
    assert (row.before.months, row.after.months) == (1, 5)
    assert (row.before.waiting, row.before.ikm) == pytest.approx((40, 70))
    assert row.after.waiting == pytest.approx(30.6)
    assert row.after.ikm == pytest.approx(36300 / 450)
    assert (row.before.respondents, row.after.respondents) == (100, 450)
    assert indicators.ikm_grade(row.before.ikm)[0] == "C"
    assert indicators.ikm_grade(row.after.ikm)[0] == "B"
    # Q2 beside Q2 2025, which has no figures.
    assert row.this_period.ikm == pytest.approx(32700 / 400)
    assert row.this_period.waiting == pytest.approx(27.3)
    assert row.year_earlier.ikm is None and row.unweighted == 0
    # Five active employees in Dinas A and Bidang A1; a1, a2, a3 completed a module.
    assert (row.employees, row.trained) == (5, 3)


def test_same_months_a_year_earlier_and_the_comparison_group(data):
    """Dinas A (60 % trained) gets Q2 2025: IKM 76 (300 respondents), 74 (100); waiting 35
    (n 50). Dinas C (one employee, untrained: the comparison unit): Q2 2025 IKM 78 (200),
    Q2 2026 IKM 79 (200); waiting 20 (n 10) then 21 (n 10); plus a legacy IKM without
    respondents that carries no weight.
    Programme group: Q2 2026 81.75 (above) against (76·300 + 74·100) / 400 = 75.5: +6.25.
    Comparison group: 79 against 78: +1."""
    dinas_c = make_unit("Dinas C")
    make_user("Pegawai c1", unit=dinas_c)
    indicator(data.dinas_a, date(2025, 4, 1), 35, 76, waiting_n=50, respondents=300)
    indicator(data.dinas_a, date(2025, 5, 1), None, 74, respondents=100)
    indicator(dinas_c, date(2025, 5, 1), 20, 78, waiting_n=10, respondents=200)
    indicator(dinas_c, date(2026, 5, 1), 21, 79, waiting_n=10, respondents=200)
    indicator(dinas_c, date(2026, 6, 1), None, 40)  # legacy monthly IKM: no weight
    db.session.commit()
    summary = {row.unit_id: row for row in results.results_summary(periods.parse("2026-Q2", TODAY))}
    a, c = summary[data.dinas_a.id], summary[dinas_c.id]
    assert a.year_earlier.ikm == pytest.approx(75.5) and a.year_earlier.waiting == 35
    assert (c.this_period.ikm, c.year_earlier.ikm, c.unweighted) == (79, 78, 1)
    assert (a.low_participation(30), c.low_participation(30)) == (False, True)
    programme, comparison = results.participation_groups(list(summary.values()), 30)
    assert (programme.units, comparison.units) == (1, 1)
    assert programme.ikm_change == pytest.approx(81.75 - 75.5)
    assert comparison.ikm_change == pytest.approx(1)
    assert comparison.waiting_change == pytest.approx(1)


def test_an_admin_set_start_wins_and_can_be_cleared(data):
    results.set_programme_start(data.dinas_a.id, date(2026, 4, 20), None, TODAY)
    db.session.commit()
    (row,) = results.results_summary(periods.parse("2026-Q2", TODAY))
    assert (row.start, row.start_set_by_admin) == (date(2026, 4, 1), True)
    assert (row.before.months, row.after.months) == (3, 3)
    # Weighted: waiting (400 + 1140 + 720) / 60, IKM (7000 + 3600) / 150.
    assert (row.before.waiting, row.before.ikm) == pytest.approx((2260 / 60, 10600 / 150))
    assert (row.after.waiting, row.after.ikm) == pytest.approx((27.3, 81.75))
    results.set_programme_start(data.dinas_a.id, None, None, TODAY)
    db.session.commit()
    assert results.programme_start(data.dinas_a.id) == (date(2026, 2, 1), False)


def test_programme_start_in_the_future_is_refused(data):
    with pytest.raises(DomainError):
        results.set_programme_start(data.dinas_a.id, date(2026, 8, 1), None, TODAY)


def test_summary_ignores_months_after_the_period(data):
    (row,) = results.results_summary(periods.parse("2026-03", TODAY))
    assert (row.before.months, row.after.months) == (1, 2)
    # By the end of March only a3 had completed a module.
    assert row.trained == 1


def test_unit_series_beside_training(data):
    months = periods.months_between(date(2026, 1, 1), date(2026, 6, 1))
    series = results.unit_series(data.dinas_a.id, months)
    assert [p.waiting_minutes for p in series] == [40, 38, 36, 30, 28, 25]
    assert [p.ikm for p in series] == [
        pytest.approx(v) if v else None for v in (70, 72, None, 80, 82, 85)
    ]
    assert [p.respondents for p in series] == [100, 50, None, 200, 100, 100]
    assert [p.waiting_n for p in series] == [10, 30, 20, 40, 10, 50]
    assert [p.completions for p in series] == [0, 1, 0, 2, 1, 0]
    assert [p.trained for p in series] == [0, 1, 1, 2, 3, 3]
    assert series[-1].trained_share == pytest.approx(60)
    assert series[0].grade == ("C", "Kurang Baik")
    # The sub-unit alone: a2, a3, a4.
    sub = results.unit_series(data.bidang_a1.id, months)
    assert ([p.trained for p in sub][-1], sub[-1].employees) == (2, 3)
    assert all(p.ikm is None for p in sub)
