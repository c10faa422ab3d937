"""Inside a lesson and after it: knowledge checks, reflections, the RTL, the reaction survey."""

import random
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from sqlalchemy import bindparam, select

from lms import clock
from lms.errors import DomainError
from lms.extensions import db
from lms.questions.kinds import KINDS

from .models import Enrollment, Lesson, PracticeAnswer, ReactionSurvey, Reflection
from .services import survey_given, touch


def find_block(lesson: Lesson, kinds: tuple[str, ...], key: str) -> dict | None:
    return next((b for b in lesson.blocks if b.get("kind") in kinds and b.get("key") == key), None)


@dataclass
class PracticeItem:
    """One question of an inline check as shown, and once checked, the learner's result."""

    number: int  # unique on the page: the form field is q<number>
    index: int  # the question's index in its block
    question: dict
    presented: dict
    response: Any = None
    fraction: float | None = None
    feedback: dict | None = None

    @property
    def gradeable(self) -> bool:
        return KINDS[self.question["type"]].gradeable


def practice_items(lesson: Lesson) -> dict[str, list[PracticeItem]]:
    """The lesson's inline checks by block key, presented the same way on every visit.

    The generator is seeded with the lesson and block, so shuffled options keep their place
    between showing the page and checking the answer.
    """
    items: dict[str, list[PracticeItem]] = {}
    number = 0
    for block in lesson.blocks:
        if block.get("kind") != "quiz":
            continue
        rng = random.Random(f"{lesson.id}:{block['key']}")
        for index, question in enumerate(block.get("questions", [])):
            number += 1
            presented = KINDS[question["type"]].present(question, rng)
            items.setdefault(block["key"], []).append(
                PracticeItem(number, index, question, presented)
            )
    return items


def check_practice(
    enrollment: Enrollment,
    lesson: Lesson,
    key: str,
    items: list[PracticeItem],
    values: dict[int, list[str]],
) -> list[PracticeItem]:
    """Grade an inline check and keep one PracticeAnswer per answered question.

    Raises kinds.ResponseError for a tampered form before anything is recorded.
    """
    responses = [
        KINDS[item.question["type"]].read_response(item.presented, values.get(item.number, []))
        for item in items
    ]
    if all(response is None for response in responses):
        raise DomainError(_l("Jawab paling sedikit satu soal sebelum memeriksa."))
    for item, response in zip(items, responses, strict=True):
        if response is None:
            continue
        kind = KINDS[item.question["type"]]
        item.response = response
        item.fraction = kind.grade(item.question, item.presented, response)
        item.feedback = kind.feedback(item.question, item.presented, response)
        db.session.add(
            PracticeAnswer(
                enrollment_id=enrollment.id,
                lesson_id=lesson.id,
                block_key=key,
                question_index=item.index,
                response=response,
                fraction=item.fraction if kind.gradeable else 0.0,
            )
        )
    touch(enrollment)
    db.session.flush()
    return items


# Built once: it runs on every lesson page.
_REFLECTIONS = select(Reflection).where(
    Reflection.enrollment_id == bindparam("enrollment_id"),
    Reflection.lesson_id == bindparam("lesson_id"),
)


def reflections_of(enrollment: Enrollment, lesson: Lesson) -> dict[str, Reflection]:
    rows = db.session.scalars(
        _REFLECTIONS, {"enrollment_id": enrollment.id, "lesson_id": lesson.id}
    )
    return {reflection.block_key: reflection for reflection in rows}


def save_reflection(
    enrollment: Enrollment, lesson: Lesson, block: dict, text: str, shared: bool
) -> Reflection:
    """Create or update the learner's answer to a reflection prompt (RTLs: plans.save_rtl)."""
    if block["kind"] != "reflection":
        raise ValueError("an RTL has four parts: use plans.save_rtl")
    text = text.strip()
    if not text:
        raise DomainError(_l("Tuliskan jawaban Anda terlebih dahulu."), field="text")
    reflection = reflections_of(enrollment, lesson).get(block["key"])
    if reflection is None:
        reflection = Reflection(
            enrollment_id=enrollment.id,
            lesson_id=lesson.id,
            block_key=block["key"],
            kind="reflection",
            prompt=block.get("prompt") or Markup(block.get("prompt_html", "")).striptags(),
        )
        db.session.add(reflection)
    reflection.text = text
    reflection.shared = shared
    reflection.updated_at = clock.utcnow()
    touch(enrollment)
    db.session.flush()
    return reflection


SURVEY_RATINGS = ("relevance", "clarity", "interactivity", "ease_of_use")


def survey_refusal(enrollment: Enrollment) -> str | None:
    """Why the learner cannot give the reaction survey now, if they cannot."""
    if enrollment.completed_at is None:
        return _l("Evaluasi dapat diisi setelah Anda menyelesaikan modul ini.")
    if survey_given(enrollment):
        return _l("Anda sudah mengisi evaluasi modul ini. Terima kasih.")
    return None


def submit_survey(enrollment: Enrollment, ratings: dict[str, int], comment: str) -> ReactionSurvey:
    """Record the learner's reaction once, after completion."""
    refusal = survey_refusal(enrollment)
    if refusal:
        raise DomainError(refusal)
    if any(ratings.get(name) not in range(1, 6) for name in SURVEY_RATINGS):
        raise DomainError(_l("Setiap penilaian harus bernilai 1 sampai 5."))
    survey = ReactionSurvey(
        enrollment_id=enrollment.id,
        comment=comment.strip(),
        **{name: ratings[name] for name in SURVEY_RATINGS},
    )
    db.session.add(survey)
    db.session.flush()
    return survey
