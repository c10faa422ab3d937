"""Hake's normalised gain: the one definition behind every N-Gain the platform shows.

Scores are percentages (0-100). A matched pair is an enrolment's pre-test and its *first*
post-test: the gain measures the instruction, while passing may use the best attempt. Per learner
g = (post - pre) / (100 - pre), undefined when the pre-test was already perfect. A group's
headline is Hake's class gain <g> = (mean post - mean pre) / (100 - mean pre) over all matched
pairs, perfect pre-tests included; beside it the median and mean of the individual gains, n, and
how many were left out and why. Nothing is shown before a post-test exists.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from statistics import median

HIGH = 0.7
MEDIUM = 0.3
CATEGORIES = ("tinggi", "sedang", "rendah", "penurunan")
# Scores are averages of fractions; keep float noise from moving a value across a boundary.
_EPSILON = 1e-9


def n_gain(pre: float | None, post: float | None) -> float | None:
    """(post - pre) / (100 - pre); None when either score is missing or pre is 100."""
    if pre is None or post is None or pre >= 100 - _EPSILON:
        return None
    return (post - pre) / (100 - pre)


def category(gain: float | None) -> str | None:
    """tinggi g >= 0.7, sedang 0.3 <= g < 0.7, rendah 0 <= g < 0.3, penurunan g < 0."""
    if gain is None:
        return None
    if gain >= HIGH - _EPSILON:
        return "tinggi"
    if gain >= MEDIUM - _EPSILON:
        return "sedang"
    if gain >= -_EPSILON:
        return "rendah"
    return "penurunan"


def class_gain(mean_pre: float | None, mean_post: float | None) -> float | None:
    """Hake's class gain <g>, computed from the group's mean pre and mean post scores."""
    return n_gain(mean_pre, mean_post)


def mean(values) -> float | None:
    values = [v for v in values if v is not None]
    return sum(values) / len(values) if values else None


@dataclass(frozen=True)
class GroupGain:
    """A group's N-Gain figures. `pairs` counts matched pairs (pre and first post), perfect
    pre-tests included; `perfect_pre` of them have no individual g; `no_post` enrolments had a
    pre-test but no post-test yet and are left out of everything."""

    pairs: int
    mean_pre: float | None
    mean_post: float | None
    median_gain: float | None
    mean_gain: float | None
    perfect_pre: int
    no_post: int
    tinggi: int = 0
    sedang: int = 0
    rendah: int = 0
    penurunan: int = 0

    @property
    def class_gain(self) -> float | None:
        return class_gain(self.mean_pre, self.mean_post)

    @property
    def class_category(self) -> str | None:
        return category(self.class_gain)

    @property
    def with_gain(self) -> int:
        """Pairs with an individual g (the base of the median, the mean and the categories)."""
        return self.pairs - self.perfect_pre

    def share(self, name: str) -> float | None:
        """Percentage of the pairs with an individual g that fall in category `name`."""
        return 100.0 * getattr(self, name) / self.with_gain if self.with_gain else None


def summarise(pairs: Iterable[tuple[float, float | None]]) -> GroupGain:
    """The group's figures from (pre, first post or None) for every enrolment with a pre-test."""
    pairs = [(pre, post) for pre, post in pairs if pre is not None]
    matched = [(pre, post) for pre, post in pairs if post is not None]
    individual = [g for g in (n_gain(pre, post) for pre, post in matched) if g is not None]
    counts = dict.fromkeys(CATEGORIES, 0)
    for g in individual:
        counts[category(g)] += 1
    return GroupGain(
        pairs=len(matched),
        mean_pre=mean(pre for pre, _post in matched),
        mean_post=mean(post for _pre, post in matched),
        median_gain=median(individual) if individual else None,
        mean_gain=mean(individual),
        perfect_pre=len(matched) - len(individual),
        no_post=len(pairs) - len(matched),
        **counts,
    )


def summarise_by(rows: Iterable[tuple]) -> dict:
    """{key: GroupGain} from (key, pre, post) rows, keys in their first-seen order."""
    grouped: dict = {}
    for key, pre, post in rows:
        grouped.setdefault(key, []).append((pre, post))
    return {key: summarise(pairs) for key, pairs in grouped.items()}
