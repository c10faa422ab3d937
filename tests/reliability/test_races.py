"""Two requests of one learner that read, then write, the same enrolment at the same moment."""

import contextlib
import threading

from lms.extensions import db
from lms.learning import services as learning
from lms.learning.models import Enrollment, Lesson
from tests.factories import make_module, make_user

# Long enough for both transactions to have read; on SQLite the second one cannot read before
# the first commits (BEGIN IMMEDIATE), so the first one stops waiting after this.
BOTH_HAVE_READ_S = 1.0


def at_once(app, *actions) -> list[BaseException]:
    """Run each action in its own thread and transaction; all read before any commits."""
    read = threading.Barrier(len(actions))
    errors: list[BaseException] = []

    def run(action) -> None:
        with app.app_context():
            try:
                action(lambda: _wait(read))
                db.session.commit()
            except BaseException as error:  # reported by the test
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return errors


def _wait(barrier: threading.Barrier) -> None:
    with contextlib.suppress(threading.BrokenBarrierError):
        barrier.wait(timeout=BOTH_HAVE_READ_S)


def test_two_lessons_marked_done_at_once_both_count(app):
    module = make_module(lessons=3)
    enrollment = learning.enroll(make_user("Peserta Dua Tab"), module)
    db.session.commit()
    ids = (enrollment.id, [lesson.id for lesson in module.current_version.lessons])
    db.session.commit()  # hold no transaction (on SQLite: no lock) while the threads run

    def mark(position: int):
        def action(both_have_read) -> None:
            mine = db.session.get(Enrollment, ids[0])
            both_have_read()
            learning.mark_lesson_done(mine, db.session.get(Lesson, ids[1][position]))

        return action

    assert at_once(app, mark(0), mark(1)) == []
    db.session.expire_all()
    assert db.session.get(Enrollment, ids[0]).lessons_done == 2
