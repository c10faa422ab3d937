import pytest

from lms.team.gains import category, class_gain, mean, n_gain


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
        (-0.5, "rendah"),
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
