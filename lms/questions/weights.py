"""Moodle's rules for answer weights, so that what Bina accepts Moodle accepts too."""

from flask_babel import lazy_gettext as _l

# Moodle's grade list (question_bank::fraction_options): an answer's weight must be one of these
# or its negative, to within 1e-7, or Moodle refuses the question. 33.33333% is a third.
MOODLE_FRACTIONS = (
    1.0,
    0.9,
    0.8333333,
    0.8,
    0.75,
    0.7,
    0.6666667,
    0.6,
    0.5,
    0.4,
    0.3333333,
    0.3,
    0.25,
    0.2,
) + (0.1666667, 0.1428571, 0.125, 0.1111111, 0.1, 0.05, 0.0)
_FRACTION_MATCH = 1e-7
_SUM_TOLERANCE = 1e-3  # 3 × 33.33333% adds up to 100%


def moodle_fraction(fraction: float, lowest: float = -1.0) -> float | None:
    """The grade of Moodle's list this fraction stands for, or None when Moodle would refuse it."""
    for allowed in MOODLE_FRACTIONS:
        for grade in (allowed, -allowed):
            if grade >= lowest and abs(fraction - grade) < _FRACTION_MATCH:
                return grade
    return None


def weight_warning(kind: str, fractions: list[float]) -> str | None:
    """What Moodle warns of when a multi-answer question's right answers miss 100% together."""
    total = sum(f for f in fractions if f > 0)
    if kind != "multiresponse" or abs(total - 1) <= _SUM_TOLERANCE:
        return None
    return _l(
        "Bobot jawaban benar (yang positif) harus berjumlah 100%%, sekarang %(total)s%%.",
        total=f"{round(total * 100, 5):g}",
    )


def moodle_percentages() -> str:
    """Moodle's allowed weights as a message lists them."""
    return ", ".join(f"{f * 100:.5f}".rstrip("0").rstrip(".") for f in MOODLE_FRACTIONS)
