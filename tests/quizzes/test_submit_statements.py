"""Submitting a test costs the same few SQL statements however many questions it has."""

from sqlalchemy import func, select

from lms.extensions import db
from lms.quizzes import services
from lms.quizzes.models import AttemptItem

from ..conftest import login
from ..factories import choice_answers, make_module, make_user, ready_for_posttest
from ..statements import recorded_sql

# SQLite's BEGIN, the sign-in check (one to three), the attempt with its items, version and
# enrolment, the rate limit's three, the claim, every item in one executemany, the enrolment.
MAX_STATEMENTS = 12


def submit(app, questions: int) -> tuple[int, list[str]]:
    """Submit a post-test of `questions` answering every other one; its SQL, COMMIT included.

    The blanks keep their stored response, the answers change it: the mix that made the unit
    of work send one UPDATE per run of items. UPDATEs are cut at SET: which columns the
    enrolment's takes depends on the clock.
    """
    learner = make_user(f"Peserta {questions}")
    module = make_module(f"modul-{questions}", questions=questions, posttest=questions)
    attempt = services.start_attempt(ready_for_posttest(learner, module), "post")
    db.session.commit()
    client = app.test_client()
    login(client, learner)
    answers = {f"q{p}": sent for p, sent in choice_answers(attempt).items() if p % 2}
    attempt_id = attempt.id
    db.session.close()  # as in production, the request starts with nothing loaded or begun
    with recorded_sql() as seen:
        response = client.post(f"/tes/{attempt_id}", data=answers | {"action": "submit"})
    assert response.location == f"/tes/{attempt_id}/hasil"
    return attempt_id, seen


def test_a_submission_costs_a_few_statements_whatever_the_number_of_questions(app):
    _, small = submit(app, 3)
    attempt_id, large = submit(app, 12)
    assert large == small
    assert len(large) <= MAX_STATEMENTS + 1, large  # + COMMIT
    # Nothing after the commit: on SQLite a read there would queue for the write lock again.
    assert large[-1] == "COMMIT"
    assert large.count("UPDATE attempt_items") == 1
    stored = db.session.execute(
        select(AttemptItem.response, AttemptItem.fraction)
        .where(AttemptItem.attempt_id == attempt_id)
        .order_by(AttemptItem.position)
    ).all()
    assert [fraction for _, fraction in stored] == [1.0 if p % 2 else 0.0 for p in range(1, 13)]
    assert [response is None for response, _ in stored] == [p % 2 == 0 for p in range(1, 13)]
    blanks = select(func.count()).where(
        AttemptItem.attempt_id == attempt_id, AttemptItem.response.is_(None)
    )
    assert db.session.scalar(blanks) == 6  # SQL NULL, as when the attempt was drawn
