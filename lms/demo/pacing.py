"""Time on task and practice answers for the demo, as the pages would have recorded them
(lms.learning.study): each page's interval capped, the checks answered before a lesson is done."""

import random
from datetime import datetime, timedelta

from lms.extensions import db
from lms.learning.models import Enrollment, Lesson, PracticeAnswer
from lms.quizzes.models import Attempt


class Pacer:
    """One enrolment's study at its pace (1: the module's computed duration)."""

    def __init__(self, rng: random.Random, pace: float, cap: timedelta):
        self.rng, self.pace, self.cap = rng, pace, cap

    def _add(self, enrollment: Enrollment, spent: timedelta) -> None:
        enrollment.study_seconds = (enrollment.study_seconds or 0) + int(
            min(spent, self.cap).total_seconds()
        )

    def lesson(self, enrollment: Enrollment, lesson: Lesson, when: datetime) -> None:
        """Read the lesson and answer its checks: one page, then one more per check sent."""
        checks = [block for block in lesson.blocks if block.get("kind") == "quiz"]
        minutes = lesson.study_minutes * self.pace * self.rng.uniform(0.85, 1.15)
        for _page in range(len(checks) + 1):
            self._add(enrollment, timedelta(minutes=minutes / (len(checks) + 1)))
        for block in checks:
            for index in range(len(block["questions"])):
                db.session.add(
                    PracticeAnswer(
                        enrollment_id=enrollment.id,
                        lesson_id=lesson.id,
                        block_key=block["key"],
                        question_index=index,
                        response=None,
                        fraction=1.0 if self.rng.random() < 0.7 else 0.0,
                        answered_at=when,
                    )
                )

    def test(self, enrollment: Enrollment, attempt: Attempt) -> None:
        """The test page's interval; a hurried learner's attempt is as short as their pace."""
        spent = attempt.submitted_at - attempt.started_at
        if self.pace < 0.5:
            spent = spent * self.pace
            attempt.saved_at = attempt.submitted_at = attempt.started_at + spent
        self._add(enrollment, spent)
