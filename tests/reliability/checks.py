"""What the database must hold after a load or crash run: each acknowledged submission exactly
once, and nothing half-written."""

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from lms.certificates.models import Certificate
from lms.extensions import db
from lms.learning.models import Enrollment, LessonProgress
from lms.quizzes.models import Attempt, AttemptItem
from tests.conftest import make_app

from .learners import Outcome


def audit(database_url: str, outcomes: list[Outcome]) -> list[str]:
    """Every problem found, as sentences; an empty list means the database is sound."""
    app = make_app(database_url)
    with app.app_context():
        try:
            problems = [p for o in outcomes for p in _acknowledged(o) + _finished(o)]
            return problems + _half_written()
        finally:
            db.session.remove()
            db.engine.dispose()


def _submitted_once(outcome: Outcome, test: str) -> tuple[Attempt | None, list[str]]:
    """The acknowledged attempt, if it is the learner's one submitted attempt of this test."""
    who = f"learner {outcome.nip}, {test}-test"
    attempt = db.session.get(Attempt, outcome.attempts[test])
    if attempt is None or attempt.state != "submitted":
        return None, [f"{who}: acknowledged attempt {outcome.attempts[test]} is not submitted"]
    submitted = db.session.scalar(
        select(func.count(Attempt.id)).where(
            Attempt.user_id == attempt.user_id, Attempt.test == test, Attempt.state == "submitted"
        )
    )
    problems = [f"{who}: {submitted} submitted attempts instead of 1"] if submitted != 1 else []
    stored = {f"q{item.position}": item.response for item in attempt.items}
    sent = outcome.acknowledged[test]
    if not any(all(stored[k] == v for k, v in answers.items()) for answers in sent):
        problems.append(f"{who}: stored answers {stored} match no acknowledged submission")
    return attempt, problems


def _acknowledged(outcome: Outcome) -> list[str]:
    if "pre" not in outcome.acknowledged:
        return []
    attempt, problems = _submitted_once(outcome, "pre")
    if attempt is not None and attempt.enrollment.pretest_score != attempt.score:
        problems.append(f"learner {outcome.nip}: enrolment pre-test score differs from attempt")
    return problems


def _finished(outcome: Outcome) -> list[str]:
    """A learner whose (unfailable) post-test was acknowledged completed the module once."""
    if "post" not in outcome.acknowledged:
        return []
    attempt, problems = _submitted_once(outcome, "post")
    if attempt is None:
        return problems
    enrollment = attempt.enrollment
    lessons = len(enrollment.version.lessons)
    done = db.session.scalar(
        select(func.count(LessonProgress.id)).where(LessonProgress.enrollment_id == enrollment.id)
    )
    certificates = db.session.scalar(
        select(func.count(Certificate.id)).where(Certificate.enrollment_id == enrollment.id)
    )
    who = f"learner {outcome.nip}"
    if (enrollment.lessons_done, done) != (lessons, lessons):
        problems.append(f"{who}: {enrollment.lessons_done} lessons counted, {done} stored")
    if not attempt.passed or enrollment.completed_at is None or enrollment.jp_credited == 0:
        problems.append(f"{who}: passed the post-test but the module is not completed")
    if certificates != 1:
        problems.append(f"{who}: {certificates} certificates instead of 1")
    return problems


def _half_written() -> list[str]:
    checks = {
        "submitted attempts without a score or time": select(func.count(Attempt.id)).where(
            Attempt.state == "submitted",
            (Attempt.score.is_(None)) | (Attempt.submitted_at.is_(None)),
        ),
        "attempts without questions": select(func.count(Attempt.id)).where(
            ~select(AttemptItem.id).where(AttemptItem.attempt_id == Attempt.id).exists()
        ),
        "ungraded questions in submitted attempts": select(func.count(AttemptItem.id))
        .join(Attempt)
        .where(Attempt.state == "submitted", AttemptItem.fraction.is_(None)),
        "enrolments with more than one submitted pre-test": select(func.count()).select_from(
            select(Attempt.enrollment_id)
            .where(Attempt.test == "pre", Attempt.state == "submitted")
            .group_by(Attempt.enrollment_id)
            .having(func.count() > 1)
            .subquery()
        ),
        "enrolments with a pre-test score but no submitted pre-test": _score_without_attempt(),
        "submitted pre-tests whose enrolment has no score": select(func.count(Attempt.id))
        .join(Enrollment, Enrollment.id == Attempt.enrollment_id)
        .where(
            Attempt.test == "pre",
            Attempt.state == "submitted",
            Enrollment.pretest_score.is_(None),
        ),
        "certificates without a completed enrolment": select(func.count(Certificate.id))
        .join(Enrollment, Enrollment.id == Certificate.enrollment_id)
        .where(Enrollment.completed_at.is_(None)),
    }
    found = {name: db.session.scalar(query) for name, query in checks.items()}
    return [f"{count} {name}" for name, count in found.items() if count]


def _score_without_attempt():
    pre = aliased(Attempt)
    return select(func.count(Enrollment.id)).where(
        Enrollment.pretest_score.is_not(None),
        ~select(pre.id)
        .where(pre.enrollment_id == Enrollment.id, pre.test == "pre", pre.state == "submitted")
        .exists(),
    )
