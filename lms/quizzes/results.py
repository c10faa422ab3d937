"""A submitted attempt per competency, and the lessons that train what needs work."""

from dataclasses import dataclass

from lms.learning import services as learning
from lms.learning.models import Lesson

from .models import Attempt
from .services import score_of


@dataclass(frozen=True)
class CompetencyResult:
    code: str
    name: str
    items: int
    score: float  # percent
    strong: bool  # at or above the module's pass mark


def competency_results(attempt: Attempt) -> list[CompetencyResult]:
    """The attempt's score per competency, in the module's competency order."""
    fractions: dict[str, list[float]] = {}
    for item in attempt.items:
        fractions.setdefault(item.competency_code, []).append(item.fraction or 0.0)
    order = list(attempt.version.competency_codes)
    codes = sorted(
        fractions,
        key=lambda code: (code not in order, order.index(code) if code in order else 0, code),
    )
    names = learning.competency_map()
    mark = attempt.version.pass_mark
    return [
        CompetencyResult(
            code,
            names.get(code, code),
            len(fractions[code]),
            score_of(fractions[code]),
            score_of(fractions[code]) >= mark,
        )
        for code in codes
    ]


def lessons_to_revisit(attempt: Attempt, results: list[CompetencyResult]) -> list[Lesson]:
    """The lessons whose practice checks train a competency that needs work; all when none do."""
    weak = {result.code for result in results if not result.strong}
    lessons = list(attempt.version.lessons)
    tied = [lesson for lesson in lessons if weak & _practised(lesson)]
    return tied or (lessons if weak else [])


def _practised(lesson: Lesson) -> set[str]:
    return {
        question.get("competency")
        for block in lesson.blocks
        if block.get("kind") == "quiz"
        for question in block.get("questions", [])
    }
