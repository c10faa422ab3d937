"""The pre-test and post-test: starting, drawing, saving, submitting and grading attempts."""

import random
from collections.abc import Mapping

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, bindparam, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.attributes import set_committed_value

from lms import clock
from lms.errors import DomainError
from lms.extensions import db
from lms.learning import services as learning
from lms.learning.models import Enrollment, Lesson, Module
from lms.people.models import User
from lms.questions.base import Form, ResponseError
from lms.questions.kinds import KINDS, collect_values

from . import drawing
from .models import Attempt, AttemptItem

TESTS = ("pre", "post")
# Fields a posted attempt form may carry besides the questions' own.
CONTROL_FIELDS = frozenset({"csrf_token", "action"})


PRE_FIRST = _l("Kerjakan pre-test terlebih dahulu sebelum post-test.")


class AttemptRefused(DomainError):
    """The learner may not start this test now."""


class ResponseRefused(DomainError):
    """A posted form does not fit the attempt (tampered, stale or already submitted)."""


def open_attempt(enrollment: Enrollment, test: str) -> Attempt | None:
    return db.session.scalar(
        select(Attempt).where(
            Attempt.enrollment_id == enrollment.id, Attempt.test == test, Attempt.state == "open"
        )
    )


def submitted_attempts(enrollment: Enrollment, test: str) -> list[Attempt]:
    return list(
        db.session.scalars(
            select(Attempt)
            .where(
                Attempt.enrollment_id == enrollment.id,
                Attempt.test == test,
                Attempt.state == "submitted",
            )
            .order_by(Attempt.number)
        )
    )


def lesson_count(version_id: int) -> int:
    return db.session.scalar(select(func.count(Lesson.id)).where(Lesson.version_id == version_id))


def posttest_attempts_left(enrollment: Enrollment) -> int | None:
    """Post-test attempts still allowed, or None when the module sets no limit."""
    limit = enrollment.version.max_attempts
    if not limit:
        return None
    return max(0, limit - len(submitted_attempts(enrollment, "post")))


def check_can_start(enrollment: Enrollment, test: str) -> None:
    """Raise AttemptRefused, with the reason for the learner, unless a new attempt may begin."""
    if test not in TESTS:
        raise AttemptRefused(_l("Tes tidak dikenal."))
    if test == "pre":
        if submitted_attempts(enrollment, "pre"):
            raise AttemptRefused(_l("Pre-test hanya dikerjakan satu kali dan sudah Anda kirim."))
        return
    if not submitted_attempts(enrollment, "pre"):
        raise AttemptRefused(PRE_FIRST)
    if enrollment.lessons_done < lesson_count(enrollment.version_id):
        raise AttemptRefused(_l("Selesaikan semua materi terlebih dahulu sebelum post-test."))
    if any(attempt.passed for attempt in submitted_attempts(enrollment, "post")):
        raise AttemptRefused(_l("Anda sudah lulus post-test modul ini."))
    if posttest_attempts_left(enrollment) == 0:
        raise AttemptRefused(
            _l("Kesempatan post-test sudah habis. Hubungi penyelenggara pelatihan.")
        )


def start_refusal(enrollment: Enrollment, test: str) -> str | None:
    """Why a new attempt may not begin now, or None when it may."""
    try:
        check_can_start(enrollment, test)
    except AttemptRefused as refusal:
        return str(refusal)
    return None


def enrollment_for_test(user: User, module: Module, test: str) -> Enrollment:
    """The pre-test enrols the learner; the post-test needs the enrolment to exist."""
    if test == "pre":
        return learning.enroll(user, module)
    enrollment = learning.enrollment_for(user.id, module.id)
    if enrollment is None:
        raise AttemptRefused(PRE_FIRST)
    return enrollment


def start_attempt(enrollment: Enrollment, test: str, rng: random.Random | None = None) -> Attempt:
    """Resume the open attempt of this test, or start a new one with freshly drawn questions."""
    existing = open_attempt(enrollment, test)
    if existing is not None:
        return existing
    check_can_start(enrollment, test)
    rng = rng or random.Random()
    version = enrollment.version
    count = version.pretest_questions if test == "pre" else version.posttest_questions
    number = _next_number(enrollment, test)
    items = drawing.draw_items(enrollment, test, count, rng, first=test == "pre" or number == 1)
    if not items:
        raise AttemptRefused(_l("Bank soal modul ini belum siap. Hubungi penyelenggara pelatihan."))
    attempt = Attempt(
        enrollment_id=enrollment.id,
        user_id=enrollment.user_id,
        version_id=version.id,
        test=test,
        number=number,
        state="open",
        items=items,
    )
    try:
        with db.session.begin_nested():
            db.session.add(attempt)
    except IntegrityError:
        # A concurrent request (double click) started the same test first: use its attempt.
        existing = open_attempt(enrollment, test)
        if existing is None:
            raise AttemptRefused(_l("Tes sedang disiapkan. Coba lagi sebentar.")) from None
        return existing
    learning.touch(enrollment)
    return attempt


def _next_number(enrollment: Enrollment, test: str) -> int:
    last = db.session.scalar(
        select(func.max(Attempt.number)).where(
            Attempt.enrollment_id == enrollment.id, Attempt.test == test
        )
    )
    return (last or 0) + 1


class _Recorder:
    """Passes reads through to a posted form, remembering which fields the kinds asked for."""

    def __init__(self, form: Form) -> None:
        self.form = form
        self.asked: set[str] = set()

    def getlist(self, key: str) -> list[str]:
        self.asked.add(key)
        return self.form.getlist(key)


def attempt_to_answer(attempt_id: int, user_id: int) -> Attempt | None:
    """The user's attempt with what its page, saving and submitting read, in one statement."""
    values = {"attempt_id": attempt_id, "user_id": user_id}
    return db.session.scalars(_ATTEMPT_TO_ANSWER, values).unique().one_or_none()


# Built once: it runs on every view and save of a test page.
_ATTEMPT_TO_ANSWER = (
    select(Attempt)
    .where(Attempt.id == bindparam("attempt_id"), Attempt.user_id == bindparam("user_id"))
    .options(
        joinedload(Attempt.items),
        joinedload(Attempt.version),
        joinedload(Attempt.enrollment).joinedload(Enrollment.module),
    )
)


def read_form(attempt: Attempt, form: Form) -> dict[int, list[str]]:
    """The posted values of each question shown; a field no question asks for is refused."""
    recorder = _Recorder(form)
    try:
        values = {
            item.position: collect_values(recorder, item.position, item.presented)
            for item in attempt.items
        }
    except ResponseError:
        raise _tampered() from None
    if set(form.keys()) - recorder.asked - CONTROL_FIELDS:
        raise _tampered()
    return values


def _tampered() -> ResponseRefused:
    return ResponseRefused(
        _l(
            "Jawaban tidak diterima karena formulir tidak cocok dengan soal tes ini. "
            "Muat ulang halaman lalu coba lagi."
        )
    )


def _read_responses(attempt: Attempt, values: Mapping[int, list[str]]) -> dict[int, object]:
    """Check every value against what was presented, before anything is stored."""
    items = {item.position: item for item in attempt.items}
    if set(values) - set(items):
        raise _tampered()
    try:
        return {
            position: KINDS[items[position].presented["type"]].read_response(
                items[position].presented, sent
            )
            for position, sent in values.items()
        }
    except ResponseError:
        raise _tampered() from None


def _claim(attempt: Attempt, **values) -> bool:
    """Update the attempt only while it is still open; the row lock orders concurrent requests."""
    changed = db.session.execute(
        update(Attempt)
        .where(Attempt.id == attempt.id, Attempt.state == "open")
        .values(**values)
        .execution_options(synchronize_session=False)
    ).rowcount
    if changed != 1:
        db.session.refresh(attempt)  # lost the race: what the request that got there first stored
        return False
    for key, value in values.items():  # what was just stored: no need to read it back
        set_committed_value(attempt, key, value)
    return True


def _submitted_refusal() -> ResponseRefused:
    return ResponseRefused(_l("Jawaban tes ini sudah dikirim dan tidak dapat diubah lagi."))


def save_responses(attempt: Attempt, values: Mapping[int, list[str]]) -> None:
    """Store the responses given so far to an open attempt (all or nothing)."""
    if not attempt.is_open:
        raise _submitted_refusal()
    responses = _read_responses(attempt, values)
    if not _claim(attempt, saved_at=clock.utcnow()):
        raise _submitted_refusal()
    for item in attempt.items:
        if item.position in responses:
            item.response = responses[item.position]
    learning.touch(attempt.enrollment)
    db.session.flush()


def grade(snapshot: dict, presented: dict, response) -> float:
    return KINDS[snapshot["type"]].grade(snapshot, presented, response)


def score_of(fractions: list[float]) -> float:
    """Mean fraction in percent, one decimal."""
    return round(100 * sum(fractions) / len(fractions), 1) if fractions else 0.0


def submit_attempt(attempt: Attempt, values: Mapping[int, list[str]] | None = None) -> Attempt:
    """Save the final responses, grade, and record the result once.

    A second submission (double click, another tab, the back button) finds the attempt no
    longer open and returns the stored result unchanged.
    """
    if not attempt.is_open:
        return attempt
    sent = _read_responses(attempt, values or {})
    final = [sent.get(item.position, item.response) for item in attempt.items]
    fractions = [
        grade(item.snapshot, item.presented, response)
        for item, response in zip(attempt.items, final, strict=True)
    ]
    score = score_of(fractions)
    passed = score >= attempt.version.pass_mark if attempt.test == "post" else None
    now = clock.utcnow()
    claimed = _claim(
        attempt, state="submitted", submitted_at=now, saved_at=now, score=score, passed=passed
    )
    if not claimed:
        return attempt
    _store_grades(attempt.items, final, fractions)
    learning.record_test_result(attempt.enrollment, attempt.test, score, bool(passed))
    db.session.flush()
    return attempt


# Both columns for every item: the unit of work would leave out an unchanged response, so its
# UPDATEs would alternate between two shapes and go one by one instead of in one executemany.
_STORE_GRADE = (
    update(AttemptItem.__table__)
    .where(AttemptItem.__table__.c.id == bindparam("item_id"))
    .values(
        # A blank stays SQL NULL, as the attempt was created, rather than becoming JSON null.
        response=bindparam("new_response", type_=JSON(none_as_null=True)),
        fraction=bindparam("new_fraction"),
    )
)


def _store_grades(items: list[AttemptItem], responses: list, fractions: list[float]) -> None:
    """Write every item's response and fraction in one executemany."""
    rows = [
        {"item_id": item.id, "new_response": response, "new_fraction": fraction}
        for item, response, fraction in zip(items, responses, fractions, strict=True)
    ]
    db.session.execute(_STORE_GRADE, rows)
    for item, response, fraction in zip(items, responses, fractions, strict=True):
        set_committed_value(item, "response", response)
        set_committed_value(item, "fraction", fraction)


def own_attempt(attempt_id: int, user_id: int) -> Attempt | None:
    """The attempt, if it belongs to this user."""
    return db.session.scalar(
        select(Attempt).where(Attempt.id == attempt_id, Attempt.user_id == user_id)
    )


def answered_count(attempt: Attempt) -> int:
    return sum(1 for item in attempt.items if item.response not in (None, "", [], {}))


def review(attempt: Attempt) -> list[dict]:
    """Per question of a submitted attempt: what was shown, answered, scored and explained."""
    return [
        {
            "item": item,
            "feedback": KINDS[item.snapshot["type"]].feedback(
                item.snapshot, item.presented, item.response
            ),
        }
        for item in attempt.items
    ]
