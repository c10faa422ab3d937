"""Time on task costs a page view one UPDATE at most: no look-up of open pages when the learner
goes from page to page in a module, nothing loaded again after the page view's commit, and no
write at all when nothing changes (lms.learning.study.record_page)."""

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from lms import clock
from lms.extensions import db
from lms.learning.models import Enrollment
from lms.quizzes import services as quizzes
from tests.conftest import login
from tests.factories import make_module, make_user, ready_for_posttest
from tests.learning.helpers import finish_lessons, learning_module, start
from tests.statements import recorded_sql

BASE = "/modul/modul-uji/materi"
OPEN_PAGES = "enrollments.page_opened_at IS NOT NULL"


@pytest.fixture
def learner(client):
    user = make_user()
    login(client, user)
    return user


def statements_of(client, path: str) -> list[str]:
    """The SQL of one GET, COMMIT included; UPDATEs cut at SET."""
    db.session.close()  # as in production, the request starts with nothing loaded or begun
    with recorded_sql() as seen:
        assert client.get(path).status_code == 200
    return seen


def opened_minutes_ago(enrollment_id: int, minutes: int) -> None:
    db.session.execute(
        update(Enrollment)
        .where(Enrollment.id == enrollment_id)
        .values(page_opened_at=clock.utcnow() - timedelta(minutes=minutes))
    )
    db.session.commit()


def stored(enrollment_id: int) -> Enrollment:
    db.session.expire_all()
    return db.session.get(Enrollment, enrollment_id)


def after_commit(seen: list[str]) -> list[str]:
    return seen[seen.index("COMMIT") + 1 :]


def test_the_next_lesson_stores_its_interval_in_one_update_and_loads_nothing_again(client, learner):
    enrollment_id = start(learner, learning_module(lessons=3)).id
    client.get(f"{BASE}/1")
    opened_minutes_ago(enrollment_id, 5)  # five minutes reading lesson 1

    seen = statements_of(client, f"{BASE}/2")

    assert [s for s in seen if s.startswith("UPDATE")] == ["UPDATE enrollments"], seen
    assert not [s for s in seen if OPEN_PAGES in s], seen  # no look-up of the open pages
    reloaded = [s for s in after_commit(seen) if "FROM users" in s or "FROM enrollments" in s]
    assert reloaded == [], seen
    assert "FROM lessons WHERE lessons.id" not in " ".join(after_commit(seen)), seen
    enrollment = stored(enrollment_id)
    assert 5 * 60 <= enrollment.study_seconds < 5 * 60 + 30
    assert enrollment.last_lesson_position == 2 and enrollment.page_opened_at is not None


def test_the_same_page_again_within_the_second_writes_nothing(client, learner, monkeypatch):
    enrollment_id = start(learner, learning_module(lessons=2)).id
    now = clock.utcnow()
    monkeypatch.setattr(clock, "utcnow", lambda: now)
    client.get(f"{BASE}/1")

    seen = statements_of(client, f"{BASE}/1")

    assert "COMMIT" not in seen and not [s for s in seen if s.startswith("UPDATE")], seen
    assert stored(enrollment_id).page_opened_at == now


def test_the_test_page_stores_its_interval_in_one_update_and_loads_nothing_again(client, learner):
    enrollment = ready_for_posttest(learner, make_module("ujian", questions=3, posttest=3))
    attempt = quizzes.start_attempt(enrollment, "post")
    db.session.commit()
    enrollment_id, path = enrollment.id, f"/tes/{attempt.id}"
    client.get(path)
    opened_minutes_ago(enrollment_id, 8)  # eight minutes on the questions

    seen = statements_of(client, path)

    assert [s for s in seen if s.startswith("UPDATE")] == ["UPDATE enrollments"], seen
    assert not [s for s in seen if OPEN_PAGES in s], seen
    assert after_commit(seen) == [], seen
    assert 8 * 60 <= stored(enrollment_id).study_seconds < 8 * 60 + 30


def test_home_writes_only_when_a_page_is_open(client, learner):
    enrollment_id = start(learner, learning_module(lessons=2)).id
    client.get("/beranda")

    nothing_open = statements_of(client, "/beranda")
    assert "COMMIT" not in nothing_open and not [s for s in nothing_open if OPEN_PAGES in s]

    client.get(f"{BASE}/1")
    opened_minutes_ago(enrollment_id, 3)
    closing = statements_of(client, "/beranda")
    assert [s for s in closing if s.startswith("UPDATE")] == ["UPDATE enrollments"], closing
    enrollment = stored(enrollment_id)
    assert enrollment.page_opened_at is None
    assert 3 * 60 <= enrollment.study_seconds < 3 * 60 + 30


def test_a_second_open_page_left_by_two_tabs_is_closed_capped_at_home(client, learner):
    """The rule behind record_page's shortcut: going from page to page in one module does not
    look for pages open elsewhere; the home page (or a page of another module) closes them."""
    first = start(learner, learning_module(lessons=2)).id
    other = start(learner, make_module("lain", title="Modul Lain")).id
    client.get(f"{BASE}/1")
    opened_minutes_ago(first, 4)
    opened_minutes_ago(other, 60)  # another tab's page, an hour ago

    client.get(f"{BASE}/2")
    assert stored(other).page_opened_at is not None  # not looked for
    client.get("/beranda")

    assert stored(other).page_opened_at is None
    assert stored(other).study_seconds == 20 * 60  # STUDY_PAGE_CAP_MINUTES
    assert 4 * 60 <= stored(first).study_seconds < 4 * 60 + 30
    assert (
        db.session.scalar(select(Enrollment.page_opened_at).where(Enrollment.id == first)) is None
    )


def test_a_lesson_already_done_does_not_look_up_its_answered_checks(client, learner):
    """The "not answered yet" note stands beside the finish button of a lesson not done; a done
    lesson (the learner reading it again) skips that look-up."""
    enrollment_id = start(learner, learning_module()).id
    open_lesson = statements_of(client, f"{BASE}/1")
    assert [s for s in open_lesson if "FROM practice_answers" in s], open_lesson
    finish_lessons(stored(enrollment_id))
    done_lesson = statements_of(client, f"{BASE}/1")
    assert not [s for s in done_lesson if "FROM practice_answers" in s], done_lesson
