"""Data the journeys cannot set up through the UI, or that the UI must never show."""

import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from flask import Flask
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from lms import clock, create_app
from lms.certificates.models import Certificate
from lms.demo.people import SUPERVISOR_NIP
from lms.extensions import db
from lms.learning import plans
from lms.learning import services as learning
from lms.learning.models import Enrollment, LessonProgress, Reflection
from lms.people.models import User
from lms.people.services import find_by_nip, hash_password
from lms.questions.kinds import KINDS
from lms.quizzes import services as quizzes
from lms.quizzes.models import Attempt
from tests.factories import answer_checks, finish_lesson

PASSWORD = "Jambi-Belajar-2026"  # what the journeys' fresh employees sign in with
_apps: dict[str, Flask] = {}
_serials = itertools.count(701)


def _e2e_plan() -> plans.PlanInput:
    """An action plan that passes lms.learning.plans (needs the app: the date is local)."""
    return plans.PlanInput(
        "Saya menerapkan jadwal proyek mingguan untuk setiap sub kegiatan dan melapor tiap Jumat.",
        (clock.today() + timedelta(days=60)).isoformat(),
        "Laporan kemajuan terkirim setiap Jumat dan keterlambatan terlihat lebih awal.",
        "Kepala bidang dan tim kegiatan",
    )


@contextmanager
def database(server) -> Iterator[None]:
    """An app context on the live server's database; what the block adds is committed."""
    app = _apps.get(server.database_url)
    if app is None:
        settings = {
            "SQLALCHEMY_DATABASE_URI": server.database_url,
            "PASSWORD_HASH_METHOD": server.env["PASSWORD_HASH_METHOD"],
        }
        app = _apps[server.database_url] = create_app(settings)
    with app.app_context():
        try:
            yield
            db.session.commit()
        finally:
            db.session.remove()


def _unused_nip() -> str:
    while True:
        nip = f"199505052020012{next(_serials):03d}"  # born 5 May 1995, CPNS 2020, female
        if find_by_nip(nip) is None:
            return nip


def unused_nip(server) -> str:
    """A valid PNS NIP that no one holds yet, and that no later call returns again."""
    with database(server):
        return _unused_nip()


def add_employee(server, name: str, supervisor_nip: str = SUPERVISOR_NIP) -> str:
    """Create an employee in the supervisor's unit, signing in with PASSWORD; return the NIP."""
    with database(server):
        supervisor = find_by_nip(supervisor_nip)
        nip = _unused_nip()
        user = User(
            nip=nip,
            name=name,
            position="Pranata Komputer Ahli Pertama",
            grade="III/a",
            unit_id=supervisor.unit_id,
            supervisor_id=supervisor.id,
            active=True,
            password_hash=hash_password(PASSWORD, server.env["PASSWORD_HASH_METHOD"]),
        )
        db.session.add(user)
    return nip


def _full_marks(position: int, question: dict, shown: dict) -> dict[str, str | list[str]]:
    """Form values worth full marks for one question, from the registry's graded responses."""
    kind = KINDS[question["type"]]
    if not kind.gradeable:
        return {}
    _grade, best = max(kind.graded_responses(question, shown), key=lambda graded: graded[0])
    return kind.form_values(position, best)


def correct_answers(server, attempt_id: int) -> dict[str, str | list[str]]:
    """The form values that score 100 on an open attempt: the page never holds them."""
    with database(server):
        attempt = db.session.get(Attempt, attempt_id)
        assert attempt is not None and attempt.is_open, f"attempt {attempt_id} is not open"
        answers: dict[str, str | list[str]] = {}
        for item in attempt.items:
            answers |= _full_marks(item.position, item.snapshot, item.presented)
        return answers


def _values(wanted: str | list[str]) -> list[str]:
    return wanted if isinstance(wanted, list) else [wanted]


def _form(answers: dict[str, str | list[str]]) -> MultiDict:
    pairs = [(name, v) for name, wanted in answers.items() for v in _values(wanted)]
    return MultiDict(pairs)


def _take_test(enrollment: Enrollment, test: str, right: int | None = None) -> float:
    """Start and submit a test through the services; answer the first `right` items correctly."""
    attempt = quizzes.start_attempt(enrollment, test)
    answers: dict[str, str | list[str]] = {}
    for item in attempt.items[:right]:
        answers |= _full_marks(item.position, item.snapshot, item.presented)
    quizzes.submit_attempt(attempt, quizzes.read_form(attempt, _form(answers)))
    return attempt.score


def learner_at_the_last_lesson(server, name: str, slug: str, last: int) -> str:
    """A new report of the demo supervisor, past the module's pre-test, with the last lesson's
    practice checks answered (finishing needs them); their NIP."""
    nip = add_employee(server, name)
    with database(server):
        enrollment = learning.enroll(find_by_nip(nip), learning.module_by_slug(slug))
        _take_test(enrollment, "pre", right=4)
        answer_checks(enrollment, enrollment.version.lessons[last - 1])
    return nip


def _shift_back(rows, days: int) -> None:
    """Move every date of these rows `days` days into the past."""
    for row in rows:
        for column in row.__table__.columns:
            value = getattr(row, column.key)
            if isinstance(value, datetime):
                setattr(row, column.key, value - timedelta(days=days))


def complete_module(server, nip: str, slug: str, days_ago: int = 0) -> tuple[float, float]:
    """Go through a module with the learner's services, as the pages would, then date it back.

    Pre-test with four answers right, every lesson done, the post-test passed, the RTL written:
    the module is completed and its certificate issued. Returns (pre-test, post-test) scores.
    """
    with database(server):
        user = find_by_nip(nip)
        module = learning.module_by_slug(slug)
        enrollment = learning.enroll(user, module)
        pre = _take_test(enrollment, "pre", right=4)
        for lesson in enrollment.version.lessons:
            finish_lesson(enrollment, lesson)
            for block in lesson.blocks:
                if block["kind"] == "rtl":
                    plans.save_rtl(enrollment, lesson, block, _e2e_plan())
        post = _take_test(enrollment, "post")  # passing completes: the RTL is there already
        assert enrollment.completed_at is not None, "the module did not complete"
        if days_ago:
            related = [Attempt, Certificate, LessonProgress, Reflection]
            rows = [enrollment]
            for model in related:
                rows += db.session.scalars(
                    select(model).where(model.enrollment_id == enrollment.id)
                ).all()
            _shift_back(rows, days_ago)
        return pre, post
