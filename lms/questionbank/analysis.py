"""Item analysis of a version's pre-test or post-test, and the module's reaction-survey summary.

Over the submitted attempts of one version and test, per bank question:
- responses: attempts in which the question was shown (an unanswered item counts, scoring 0);
- facility: mean item score (fraction of full marks) × 100;
- discrimination: Pearson correlation between the item score and the rest of the test (the
  attempt's summed item scores minus this item), i.e. the corrected item-total correlation;
  None with fewer than 2 responses or when either side does not vary;
- for kinds that tally their options, how often each answer was chosen (the kind's `chosen`).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from math import sqrt
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from lms.extensions import db
from lms.learning.models import Enrollment, Module, ModuleVersion, ReactionSurvey
from lms.questions.base import Kind
from lms.questions.checks import percent
from lms.questions.kinds import KINDS
from lms.quizzes.models import Attempt, AttemptItem, Question

EASY_ABOVE, HARD_BELOW, WEAK_BELOW = 90.0, 20.0, 0.2
# Below this many responses the indices are noise: show them, flag nothing (a setting).
MIN_RESPONSES = 20
FLAGS = {
    "easy": _l("Terlalu mudah"),
    "hard": _l("Terlalu sulit"),
    "weak": _l("Daya beda rendah"),
    "negative": _l("Daya beda negatif: kemungkinan kunci jawaban salah"),
}
SURVEY_ITEMS = (
    ("relevance", _l("Relevansi dengan pekerjaan")),
    ("clarity", _l("Kejelasan materi")),
    ("interactivity", _l("Interaktivitas (latihan, refleksi)")),
    ("ease_of_use", _l("Kemudahan penggunaan aplikasi")),
)


@dataclass
class Option:
    answer: dict[str, Any]  # the bank answer: text, text_html, fraction
    count: int = 0


@dataclass
class ItemStats:
    question: Question
    responses: int = 0
    facility: float | None = None
    discrimination: float | None = None
    options: list[Option] | None = None
    unanswered: int = 0
    flags: list[str] = field(default_factory=list)

    @property
    def discrimination_shown(self) -> float | None:
        """The index as the page shows it: two decimals, never a negative zero."""
        return shown(self.discrimination, 2)


def shown(value: float | None, digits: int) -> float | None:
    """Round for display; adding 0.0 turns -0.0 into 0.0 so nothing reads "-0,00"."""
    return None if value is None else round(value, digits) + 0.0


def published_versions(module: Module) -> list[ModuleVersion]:
    return list(
        db.session.scalars(
            select(ModuleVersion)
            .where(ModuleVersion.module_id == module.id, ModuleVersion.published_at.is_not(None))
            .order_by(ModuleVersion.number.desc())
        )
    )


def pearson(xs: list[float], ys: list[float]) -> float | None:
    """The correlation of two equally long series; None when undefined."""
    n = len(xs)
    if n < 2:
        return None
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mean_x) ** 2 for x in xs)
    syy = sum((y - mean_y) ** 2 for y in ys)
    if sxx < 1e-12 or syy < 1e-12:
        return None
    return sxy / sqrt(sxx * syy)


def _items(version_id: int, test: str) -> list[Any]:
    """Every item of the version's submitted attempts of this test, in one query."""
    return list(
        db.session.execute(
            select(
                AttemptItem.attempt_id,
                AttemptItem.question_id,
                AttemptItem.fraction,
                AttemptItem.snapshot,
                AttemptItem.presented,
                AttemptItem.response,
            )
            .join(Attempt, Attempt.id == AttemptItem.attempt_id)
            .where(
                Attempt.version_id == version_id,
                Attempt.test == test,
                Attempt.state == "submitted",
            )
        )
    )


def submitted_count(version_id: int, test: str) -> int:
    return db.session.scalar(
        select(func.count(Attempt.id)).where(
            Attempt.version_id == version_id, Attempt.test == test, Attempt.state == "submitted"
        )
    )


def item_analysis(
    version_id: int, test: str, min_responses: int = MIN_RESPONSES
) -> list[ItemStats]:
    """One row per gradeable bank question of the version, in bank order; questions with
    fewer than `min_responses` responses get figures but no flags."""
    rows = _items(version_id, test)
    totals: dict[int, float] = defaultdict(float)
    for row in rows:
        totals[row.attempt_id] += row.fraction or 0.0
    by_question: dict[int, list[Any]] = defaultdict(list)
    for row in rows:
        by_question[row.question_id].append(row)
    questions = db.session.scalars(
        select(Question)
        .where(Question.version_id == version_id, Question.gradeable.is_(True))
        .order_by(Question.position)
    )
    return [_stats(q, by_question.get(q.id, []), totals, min_responses) for q in questions]


def _stats(
    question: Question, rows: list[Any], totals: dict[int, float], min_responses: int
) -> ItemStats:
    stats = ItemStats(question, responses=len(rows))
    if KINDS[question.kind].tallies_options:
        stats.options = [Option(answer) for answer in question.data["answers"]]
    if not rows:
        return stats
    scores = [row.fraction or 0.0 for row in rows]
    rests = [totals[row.attempt_id] - score for row, score in zip(rows, scores, strict=True)]
    stats.facility = 100 * sum(scores) / len(scores)
    stats.discrimination = pearson(scores, rests)
    stats.unanswered = sum(1 for row in rows if row.response in (None, "", [], {}))
    if stats.options is not None:
        _count_choices(stats.options, rows)
    stats.flags = flags_for(stats, min_responses)
    return stats


def _count_choices(options: list[Option], rows: list[Any]) -> None:
    for row in rows:
        kind = KINDS[row.snapshot["type"]]
        for index in kind.chosen(row.snapshot, row.presented, row.response):
            if index < len(options):
                options[index].count += 1


def flags_for(stats: ItemStats, min_responses: int = MIN_RESPONSES) -> list[str]:
    """Flags on the figures as shown, and only from `min_responses` responses on."""
    if stats.responses < min_responses:
        return []
    flags = []
    if stats.facility is not None and stats.facility > EASY_ABOVE:
        flags.append("easy")
    if stats.facility is not None and stats.facility < HARD_BELOW:
        flags.append("hard")
    discrimination = stats.discrimination_shown
    if discrimination is not None and discrimination < 0:
        flags.append("negative")
    elif discrimination is not None and discrimination < WEAK_BELOW:
        flags.append("weak")
    return flags


@dataclass
class SurveySummary:
    count: int
    means: list[tuple[str, float | None]]  # (label, mean 1-5)
    comments: list[tuple[str, Any]]  # (comment, submitted_at), newest first


def survey_summary(module: Module, comment_limit: int = 200) -> SurveySummary:
    """The reaction survey over all of the module's enrolments (every version)."""
    columns = [func.avg(getattr(ReactionSurvey, name)) for name, _ in SURVEY_ITEMS]
    in_module = Enrollment.module_id == module.id
    row = db.session.execute(
        select(func.count(ReactionSurvey.id), *columns)
        .join(Enrollment, Enrollment.id == ReactionSurvey.enrollment_id)
        .where(in_module)
    ).one()
    comments = db.session.execute(
        select(ReactionSurvey.comment, ReactionSurvey.submitted_at)
        .join(Enrollment, Enrollment.id == ReactionSurvey.enrollment_id)
        .where(in_module, ReactionSurvey.comment != "")
        .order_by(ReactionSurvey.submitted_at.desc(), ReactionSurvey.id.desc())
        .limit(comment_limit)
    ).all()
    means = [
        (label, float(mean) if mean is not None else None)
        for (_, label), mean in zip(SURVEY_ITEMS, row[1:], strict=True)
    ]
    return SurveySummary(row[0], means, [tuple(c) for c in comments])


def table(stats: list[ItemStats]) -> tuple[list, list[list]]:
    """The analysis as a spreadsheet: one row per question, choices counted in one cell."""
    headers = [
        _l("No."),
        _l("Judul"),
        _l("Jenis"),
        _l("Kompetensi"),
        _l("Respons"),
        _l("Indeks kesukaran (%)"),
        _l("Indeks daya beda"),
        _l("Sebaran jawaban"),
        _l("Catatan"),
    ]
    rows = [
        [
            number,
            s.question.title,
            str(KINDS[s.question.kind].label),
            s.question.competency_code,
            s.responses,
            round(s.facility, 1) if s.facility is not None else None,
            shown(s.discrimination, 3),
            _spread(s.options, KINDS[s.question.kind]),
            "; ".join(str(FLAGS[flag]) for flag in s.flags),
        ]
        for number, s in enumerate(stats, start=1)
    ]
    return headers, rows


def _spread(options: list[Option] | None, kind: Kind) -> str:
    if options is None:
        return ""
    return "; ".join(
        f"{kind.option_label(o.answer)} ({percent(o.answer['fraction'])}): {o.count}"
        for o in options
    )
