"""Hake's normalised gain, shared by the supervisor's and the province's reports.

Scores are percentages (0-100). The normalised gain g = (post - pre) / (100 - pre) is the share
of the possible improvement that was achieved; it is undefined when the pre-test was already
perfect. The class gain <g> is the same formula applied to the mean pre and mean post scores,
which in general differs from the mean of the individual gains.
"""

HIGH = 0.7
MEDIUM = 0.3
# Scores are averages of fractions; keep float noise from moving a value across a boundary.
_EPSILON = 1e-9


def n_gain(pre: float | None, post: float | None) -> float | None:
    """(post - pre) / (100 - pre); None when either score is missing or pre is 100."""
    if pre is None or post is None or pre >= 100 - _EPSILON:
        return None
    return (post - pre) / (100 - pre)


def category(gain: float | None) -> str | None:
    """'tinggi' (g >= 0.7), 'sedang' (0.3 <= g < 0.7), 'rendah' (g < 0.3), None if undefined."""
    if gain is None:
        return None
    if gain >= HIGH - _EPSILON:
        return "tinggi"
    if gain >= MEDIUM - _EPSILON:
        return "sedang"
    return "rendah"


def class_gain(mean_pre: float | None, mean_post: float | None) -> float | None:
    """Hake's class gain <g>, computed from the group's mean pre and mean post scores."""
    return n_gain(mean_pre, mean_post)


def mean(values) -> float | None:
    values = [v for v in values if v is not None]
    return sum(values) / len(values) if values else None
