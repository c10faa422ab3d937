"""Participation and levels 1-3 on the hand-computed province of helpers.py (2026-Q2)."""

from datetime import date

import pytest

from lms.monev import levels, periods, services
from tests.factories import make_module, make_user

from .helpers import TODAY, enrol, province

Q2 = periods.parse("2026-Q2", TODAY)


@pytest.fixture
def data(app, in_request):
    return province()


def _by_unit(rows):
    return {row.unit: row for row in rows}


def test_participation_per_top_unit_includes_sub_units(data):
    rows = _by_unit(services.participation(Q2, TODAY, jp_target=5))
    a, b, none = rows["Dinas A"], rows["Dinas B"], rows[None]
    # Dinas A: the head, a1 and the Bidang A1 staff a2-a4.
    assert (a.employees, a.started, a.completed, a.jp, a.reached_target, a.overdue) == (
        5, 2, 2, 7, 1, 2,
    )  # fmt: skip
    assert a.jp_per_employee == pytest.approx(1.4)
    assert a.target_share == pytest.approx(20.0)
    # The inactive b2 is not counted; b1 reached 5 JP with two modules in the period.
    assert (b.employees, b.started, b.completed, b.jp, b.reached_target, b.overdue) == (
        1, 1, 1, 5, 1, 0,
    )  # fmt: skip
    # n1 started in July: outside the quarter.
    assert (none.employees, none.started, none.completed, none.jp) == (1, 0, 0, 0)


def test_province_total_adds_the_units(data):
    total = services.province_total(services.participation(Q2, TODAY, jp_target=5))
    assert (total.employees, total.started, total.completed, total.jp) == (7, 3, 3, 12)
    assert total.started_share == pytest.approx(300 / 7)
    assert total.jp_per_employee == pytest.approx(12 / 7)
    assert total.target_share == pytest.approx(200 / 7)
    assert total.overdue == 2


def test_jp_target_counts_the_year_up_to_the_period_end(data):
    # In Q1 only a3 completed a module (M2, 3 JP): with a target of 3 one person reached it.
    q1 = periods.parse("2026-Q1", TODAY)
    total = services.province_total(services.participation(q1, TODAY, jp_target=3))
    assert (total.completed, total.jp, total.reached_target) == (1, 3, 1)
    year = periods.parse("2026", TODAY)
    total = services.province_total(services.participation(year, TODAY, jp_target=5))
    # a1 has 5 JP, b1 has 5 JP; a3 has 3.
    assert total.reached_target == 2


def test_overdue_is_counted_as_of_the_period_end(data):
    # a1's assignment (due 10 April) was done late on 20 April: no longer overdue at the end of
    # April. a3's (due 1 May, never started) is overdue at the end of May; a2's (due 1 June)
    # joins it in June.
    counts = [
        services.province_total(
            services.participation(periods.parse(key, TODAY), TODAY, jp_target=5)
        ).overdue
        for key in ("2026-04", "2026-05", "2026-06")
    ]
    assert counts == [0, 1, 2]


def test_completions_by_month_fill_empty_months(data):
    months = services.completions_by_month(periods.months_between(date(2026, 1, 1), TODAY))
    assert [(m.month.month, m.completions, m.learners, m.jp) for m in months] == [
        (1, 0, 0, 0),
        (2, 1, 1, 3),
        (3, 0, 0, 0),
        (4, 2, 1, 5),
        (5, 1, 1, 2),
        (6, 2, 1, 5),
    ]
    only_a = services.completions_by_month(
        periods.months_between(date(2026, 6, 1), TODAY), unit_id=data.dinas_a.id
    )
    assert [m.completions for m in only_a] == [0]


def test_reaction_means_per_item_and_overall(data):
    total = levels.reaction(Q2)[0]
    assert total.responses == 3  # the February survey is outside the quarter
    assert (total.relevance, total.clarity, total.interactivity) == pytest.approx((4, 4, 4))
    assert total.ease_of_use == pytest.approx(10 / 3)
    assert total.overall == pytest.approx((4 + 4 + 3.5) / 3)
    by_module = {row.label: row for row in levels.reaction(Q2, "modul")}
    assert by_module["Modul Satu"].responses == 2
    assert by_module["Modul Dua"].ease_of_use == pytest.approx(2)
    by_unit = {row.label: row for row in levels.reaction(Q2, "unit")}
    assert (by_unit["Dinas A"].responses, by_unit["Dinas B"].responses) == (2, 1)


def test_learning_pairs_categories_and_left_out(data):
    """Q2 enrolments with a pre-test: a1 M1 40 -> 85 (g 0.75), b1 M1 100 -> 100 (no g),
    b1 M2 60 -> 64 (g 0.1), a2 M2 30 -> no post-test yet (left out).
    <g> = (249/3 - 200/3) / (100 - 200/3) = 49 / 100 = 0.49; median = mean = 0.425."""
    total = levels.learning(Q2)[0].gain
    assert (total.pairs, total.perfect_pre, total.no_post) == (3, 1, 1)
    assert total.mean_pre == pytest.approx(200 / 3)
    assert total.mean_post == pytest.approx(83)
    assert total.class_gain == pytest.approx(0.49)
    assert total.median_gain == pytest.approx(0.425)
    assert total.mean_gain == pytest.approx(0.425)
    assert (total.tinggi, total.sedang, total.rendah, total.penurunan) == (1, 0, 1, 0)
    assert total.share("tinggi") == pytest.approx(50)


def test_learning_per_module_and_unit(data):
    by_module = {row.label: row.gain for row in levels.learning(Q2, "modul")}
    one, two = by_module["Modul Satu"], by_module["Modul Dua"]
    assert (one.pairs, one.perfect_pre, one.no_post) == (2, 1, 0)
    assert (one.mean_pre, one.mean_post, one.class_gain) == pytest.approx((70, 92.5, 0.75))
    assert (one.median_gain, one.mean_gain) == pytest.approx((0.75, 0.75))
    assert (two.pairs, two.no_post, two.rendah, two.class_gain) == (1, 1, 1, pytest.approx(0.1))
    by_unit = {row.label: row.gain for row in levels.learning(Q2, "unit")}
    assert (by_unit["Dinas A"].pairs, by_unit["Dinas A"].no_post) == (1, 1)
    dinas_b = by_unit["Dinas B"]
    assert (dinas_b.pairs, dinas_b.perfect_pre, dinas_b.class_gain) == (2, 1, pytest.approx(0.1))


def test_learning_boundaries_fall_in_the_higher_category(in_request):
    module = make_module("batas", jp=1)
    when = periods.parse("2026-05", TODAY).start_at
    # g = 0.7 exactly, g = 0.3 exactly, g just below 0.3, g = 0, g just below 0.
    for pre, post in [(50, 85), (50, 65), (50, 64.9), (50, 50), (50, 49.9)]:
        enrol(make_user(), module, when, when, pre, post)
    total = levels.learning(periods.parse("2026-05", TODAY))[0].gain
    assert (total.tinggi, total.sedang, total.rendah, total.penurunan) == (1, 1, 2, 1)


def test_learning_uses_the_first_post_test_not_the_best(in_request):
    module = make_module("ulang", jp=1)
    when = periods.parse("2026-05", TODAY).start_at
    enrol(make_user(), module, when, when, pre=50, post=90, first_post=40)
    total = levels.learning(periods.parse("2026-05", TODAY))[0].gain
    assert total.class_gain == pytest.approx(-0.2) and total.penurunan == 1


def test_behaviour_means_per_evaluation_and_action_plans(data):
    total = levels.behaviour(Q2)[0]
    # Evaluations of 3.5 (ORH 4, KJS 3) and 5; the July one is outside the quarter.
    assert total.evaluations == 2
    assert total.mean_rating == pytest.approx(4.25)
    assert (total.carried_out, total.carried_out_share) == (1, pytest.approx(50))
    by_module = {row.label: row for row in levels.behaviour(Q2, "modul")}
    assert by_module["Modul Dua"].mean_rating == pytest.approx(3.5)
    assert by_module["Modul Satu"].carried_out == 0


def test_behaviour_per_competency(data):
    rows = {row.code: row for row in levels.behaviour_by_competency(Q2)}
    assert (rows["ORH"].ratings, rows["ORH"].mean) == (2, pytest.approx(4.5))
    assert (rows["KJS"].ratings, rows["KJS"].mean) == (1, pytest.approx(3))
    assert rows["KJS"].name == "Kompetensi KJS"


def test_empty_period_gives_empty_figures(data):
    month = periods.parse("2025-01", TODAY)
    assert levels.learning(month)[0].gain.pairs == 0
    assert levels.learning(month, "modul") == []
    assert levels.reaction(month)[0].overall is None
    assert levels.behaviour(month)[0].evaluations == 0
