"""Completion, JP and the cost of the learner's home."""

from datetime import datetime

import pytest
from sqlalchemy import event, func, select

from lms import clock
from lms.certificates.models import Certificate
from lms.extensions import db
from lms.learning import services
from lms.learning.home import learner_home
from lms.learning.models import Enrollment
from tests.factories import finish_lesson, make_user
from tests.learning.helpers import (
    complete,
    finish_lessons,
    learning_module,
    post_test,
    publish_new_version,
    start,
    write_rtl,
)


def certificates_of(user) -> int:
    return db.session.scalar(
        select(func.count(Certificate.id)).where(Certificate.user_id == user.id)
    )


def test_passing_then_writing_the_rtl_completes_once(app):
    user = make_user()
    enrollment = start(user, learning_module(jp=3))
    finish_lessons(enrollment)
    post_test(enrollment, 85.0, True)
    assert enrollment.completed_at is None  # the RTL is still missing
    write_rtl(enrollment)
    assert services.try_complete(enrollment) is True
    db.session.commit()
    assert services.try_complete(enrollment) is False
    post_test(enrollment, 95.0, True)  # a later retake changes nothing of the completion
    year = clock.local_date(enrollment.completed_at).year
    assert enrollment.jp_credited == 3
    assert learner_home(user.id, year).jp_this_year == 3
    assert certificates_of(user) == 1


def test_writing_the_rtl_first_completes_on_passing(app):
    user = make_user()
    enrollment = start(user, learning_module())
    finish_lessons(enrollment)
    write_rtl(enrollment)
    post_test(enrollment, 50.0, False)
    assert enrollment.completed_at is None and certificates_of(user) == 0
    post_test(enrollment, 80.0, True)
    assert enrollment.completed_at is not None
    assert certificates_of(user) == 1


def test_jp_counts_only_the_calendar_year(app):
    user = make_user()
    this_year = complete(user, learning_module("a", jp=2))
    last_year = complete(user, learning_module("b", jp=5))
    year = clock.local_date(this_year.completed_at).year
    # 16:59 UTC on 31 December is 23:59 WIB: still last year in Jambi (17:00 would not be).
    last_year.completed_at = datetime(year - 1, 12, 31, 16, 59)
    db.session.commit()
    assert learner_home(user.id, year).jp_this_year == 2
    assert learner_home(user.id, year - 1).jp_this_year == 5
    assert learner_home(make_user().id, year).jp_this_year == 0


@pytest.mark.parametrize(
    ("setup", "expected"),
    [
        ("none", services.Step("pretest")),
        ("pre", services.Step("lesson", position=1)),
        ("one_done", services.Step("lesson", position=2)),
        ("all_done", services.Step("posttest", attempts_left=3)),
        ("failed", services.Step("posttest", attempts_left=2, retake=True)),
        ("exhausted", services.Step("exhausted")),
        ("passed", services.Step("rtl", position=2)),
        ("completed", services.Step("completed")),
    ],
)
def test_next_step(app, setup, expected):
    user, module = make_user(), learning_module()
    enrollment = None if setup == "none" else start(user, module)
    lessons = module.current_version.lessons
    if setup == "one_done":
        finish_lesson(enrollment, lessons[0])
    if setup in ("all_done", "failed", "exhausted", "passed", "completed"):
        finish_lessons(enrollment)
    for _ in range({"failed": 1, "exhausted": 3}.get(setup, 0)):
        post_test(enrollment, 30.0, False)
    if setup in ("passed", "completed"):
        post_test(enrollment, 90.0, True)
    if setup == "completed":
        write_rtl(enrollment)
        services.try_complete(enrollment)
    page = services.module_page(module, enrollment)
    assert page.step == expected


def test_home_needs_the_same_queries_for_one_module_or_many(app):
    user = make_user()
    user_id = user.id

    def queries_for_home() -> int:
        count = 0

        def counter(_conn, _cursor, statement, *_args):
            nonlocal count
            count += statement.lstrip().upper().startswith("SELECT")

        db.session.expunge_all()
        event.listen(db.engine, "before_cursor_execute", counter)
        try:
            learner_home(user_id, 2026)
        finally:
            event.remove(db.engine, "before_cursor_execute", counter)
        return count

    start(user, learning_module("m1"))
    complete(user, learning_module("m2"))
    few = queries_for_home()
    user = db.session.get(type(user), user_id)
    for n in range(3, 8):
        module = learning_module(f"m{n}")
        if n % 2:
            start(user, module)
    assert queries_for_home() == few


def test_enrolment_keeps_its_version(app):
    user = make_user()
    module = learning_module()
    enrollment = start(user, module)
    new = publish_new_version(module)
    assert services.enrollment_for(user.id, module.id).version_id == enrollment.version_id
    assert services.module_page(module, enrollment).version.number == 1
    assert services.module_page(module, None).version.id == new.id
    newcomer = start(make_user(), module)
    assert newcomer.version_id == new.id
    assert db.session.get(Enrollment, enrollment.id).version.number == 1
