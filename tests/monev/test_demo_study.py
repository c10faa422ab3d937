"""The demo's study: checks answered before lessons are done, plausible time on task, and the
demo supervisor's team holding a completion flagged as too fast."""

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

import config
from lms.content.importer import import_content
from lms.content.loader import load_content
from lms.demo import activity as demo_activity
from lms.demo import people
from lms.extensions import db
from lms.learning import services, study
from lms.learning.models import Enrollment, LessonProgress
from lms.people.models import User
from tests.conftest import FAST_HASH

NOW = datetime(2026, 11, 28, 10, 0)


@pytest.fixture
def demo(app, in_request):
    people.load(FAST_HASH)
    import_content(load_content(config.BASE_DIR / "content"), NOW - timedelta(days=400))
    db.session.commit()
    assert demo_activity.load_activity(rng_seed=7, now=NOW)
    db.session.commit()


def test_lessons_done_have_their_checks_answered(demo):
    for progress in db.session.scalars(select(LessonProgress).limit(200)):
        enrollment = db.session.get(Enrollment, progress.enrollment_id)
        lesson = next(x for x in enrollment.version.lessons if x.id == progress.lesson_id)
        assert services.unanswered_checks(enrollment, lesson) == []


def test_study_time_is_plausible_with_a_few_too_fast(demo):
    completed = db.session.scalars(
        select(Enrollment).where(Enrollment.completed_at.is_not(None))
    ).all()
    times = study.study_times(completed)
    fast = [e for e in completed if times[e.id].too_fast]
    assert 0 < len(fast) < len(completed) / 4
    careful = [times[e.id] for e in completed if e not in fast]
    assert all(t.minutes >= t.duration / 2 for t in careful)
    boss = db.session.scalar(select(User).where(User.nip == people.SUPERVISOR_NIP))
    assert any(e.user.supervisor_id == boss.id for e in fast)
