import pytest

from lms.team.gains import category, class_gain, mean, n_gain, summarise, summarise_by


@pytest.mark.parametrize(
    ("pre", "post", "expected"),
    [
        (40, 70, 0.5),
        (0, 100, 1.0),
        (50, 50, 0.0),
        (60, 40, -0.5),  # a worse post-test gives a negative gain
        (80, 100, 1.0),
        (25, 75, 50 / 75),
    ],
)
def test_n_gain(pre, post, expected):
    assert n_gain(pre, post) == pytest.approx(expected)


@pytest.mark.parametrize(("pre", "post"), [(100, 100), (100, 80), (100.0, None), (50, None)])
def test_n_gain_is_undefined_for_a_perfect_pre_test_or_a_missing_post_test(pre, post):
    assert n_gain(pre, post) is None


def test_n_gain_is_undefined_without_a_pre_test():
    assert n_gain(None, 80) is None


@pytest.mark.parametrize(
    ("gain", "expected"),
    [
        (1.0, "tinggi"),
        (0.7, "tinggi"),
        (0.6999, "sedang"),
        (0.3, "sedang"),
        (0.2999, "rendah"),
        (0.0, "rendah"),
        (-0.0001, "penurunan"),
        (-0.5, "penurunan"),
        (None, None),
    ],
)
def test_category_boundaries(gain, expected):
    assert category(gain) == expected


def test_category_of_a_computed_boundary_is_not_moved_by_float_noise():
    # (82 - 40) / 60 is 0.7 on paper but not exactly in binary floating point.
    assert category(n_gain(40, 82)) == "tinggi"
    assert category(n_gain(30, 51)) == "sedang"  # 21 / 70 = 0.3


def test_class_gain_from_means_differs_from_the_mean_of_individual_gains():
    pairs = [(50, 100), (0, 50)]  # individual gains 1.0 and 0.5
    mean_pre, mean_post = mean(p for p, _ in pairs), mean(q for _, q in pairs)
    assert (mean_pre, mean_post) == (25, 75)
    assert class_gain(mean_pre, mean_post) == pytest.approx(50 / 75)  # 0.667
    assert mean(n_gain(p, q) for p, q in pairs) == pytest.approx(0.75)


def test_class_gain_is_undefined_when_the_mean_pre_test_is_100():
    assert class_gain(100, 100) is None


def test_mean_ignores_missing_values():
    assert mean([None, 1, 3]) == 2
    assert mean([None]) is None


def test_group_gain_follows_hake_with_a_perfect_pre_test_included():
    """20->60, 50->80, 100->90: mean pre 170/3, mean post 230/3,
    <g> = (230/3 - 170/3) / (100 - 170/3) = 20 / (130/3) = 60/130 = 0.4615.
    Individual g: 40/80 = 0.5 and 30/50 = 0.6; the pre-test 100 has none."""
    group = summarise([(20, 60), (50, 80), (100, 90)])
    assert group.pairs == 3
    assert group.class_gain == pytest.approx(60 / 130)
    assert round(group.class_gain, 2) == 0.46
    assert group.median_gain == pytest.approx(0.55)
    assert group.mean_gain == pytest.approx(0.55)
    assert (group.perfect_pre, group.no_post, group.with_gain) == (1, 0, 2)
    assert (group.sedang, group.tinggi) == (2, 0)


def test_group_gain_counts_enrolments_without_a_post_test_as_excluded_only():
    """40->20 (g = -20/60), 10->91 (g = 0.9), 30->none, 60->75 (g = 15/40 = 0.375):
    median of (-1/3, 0.375, 0.9) is 0.375; <g> over 3 pairs: pre 110/3, post 62,
    (62 - 110/3) / (100 - 110/3) = (76/3) / (190/3) = 0.4."""
    group = summarise([(40, 20), (10, 91), (30, None), (60, 75)])
    assert (group.pairs, group.no_post, group.perfect_pre) == (3, 1, 0)
    assert group.class_gain == pytest.approx(0.4)
    assert group.median_gain == pytest.approx(0.375)
    assert group.mean_gain == pytest.approx((-1 / 3 + 0.9 + 0.375) / 3)
    assert (group.tinggi, group.sedang, group.rendah, group.penurunan) == (1, 1, 0, 1)
    assert group.share("penurunan") == pytest.approx(100 / 3)


def test_group_gain_before_any_post_test_shows_nothing():
    group = summarise([(30, None)])
    assert (group.pairs, group.no_post) == (0, 1)
    assert group.class_gain is None and group.median_gain is None and group.mean_gain is None


def test_summarise_by_keeps_groups_apart_in_first_seen_order():
    grouped = summarise_by([("b", 50, 100), ("a", 0, 50), ("b", 0, 0)])
    assert list(grouped) == ["b", "a"]
    assert grouped["b"].class_gain == pytest.approx(25 / 75)
    assert grouped["a"].median_gain == pytest.approx(0.5)
