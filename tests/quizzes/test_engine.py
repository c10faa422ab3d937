"""The quiz engine's rules: who may start which test, what is drawn, how it is saved and graded."""

import random
from collections import Counter

import pytest
from sqlalchemy import func, select, update

from lms.extensions import db
from lms.learning import services as learning
from lms.quizzes import services
from lms.quizzes.models import Attempt, AttemptItem

from ..factories import (
    add_question,
    choice_answers,
    choice_question,
    make_module,
    make_user,
    option_id,
    publish_new_version,
    ready_for_posttest,
)


def stored_responses(attempt_id: int) -> list:
    return list(
        db.session.scalars(
            select(AttemptItem.response)
            .where(AttemptItem.attempt_id == attempt_id)
            .order_by(AttemptItem.position)
        )
    )


@pytest.fixture(autouse=True)
def request_context(app):
    """Refusal messages are translated into the language of a request."""
    with app.test_request_context():
        yield


@pytest.fixture
def learner(app):
    return make_user("Rina Peserta")


@pytest.fixture
def module(app):
    return make_module(questions=6, pretest=3, posttest=3, pass_mark=70, max_attempts=3)


def test_pretest_is_taken_once_and_resumes_while_open(learner, module):
    enrollment = learning.enroll(learner, module)
    first = services.start_attempt(enrollment, "pre")
    assert services.start_attempt(enrollment, "pre").id == first.id
    services.submit_attempt(first, {})
    with pytest.raises(services.AttemptRefused, match="satu kali"):
        services.start_attempt(enrollment, "pre")
    assert db.session.scalar(select(func.count(Attempt.id))) == 1


def test_posttest_waits_for_the_pretest_and_every_lesson(learner, module):
    enrollment = learning.enroll(learner, module)
    with pytest.raises(services.AttemptRefused, match="pre-test"):
        services.start_attempt(enrollment, "post")
    pre = services.start_attempt(enrollment, "pre")
    with pytest.raises(services.AttemptRefused, match="pre-test"):
        services.start_attempt(enrollment, "post")  # started is not enough: submitted
    services.submit_attempt(pre, {})
    first, last = enrollment.version.lessons
    learning.mark_lesson_done(enrollment, first)
    with pytest.raises(services.AttemptRefused, match="materi"):
        services.start_attempt(enrollment, "post")
    learning.mark_lesson_done(enrollment, last)
    post = services.start_attempt(enrollment, "post")
    assert (post.test, post.number, post.state) == ("post", 1, "open")
    assert services.start_attempt(enrollment, "post").id == post.id


def test_max_attempts_are_counted_and_zero_means_unlimited(learner, module):
    enrollment = ready_for_posttest(learner, module)
    module.current_version.max_attempts = 2
    for _ in range(2):
        services.submit_attempt(services.start_attempt(enrollment, "post"), {})
    with pytest.raises(services.AttemptRefused, match="habis"):
        services.start_attempt(enrollment, "post")
    module.current_version.max_attempts = 0
    for number in (3, 4, 5):
        attempt = services.start_attempt(enrollment, "post")
        assert attempt.number == number
        services.submit_attempt(attempt, {})
    assert enrollment.posttest_attempts == 5


def test_no_posttest_after_passing(learner, module):
    enrollment = ready_for_posttest(learner, module)
    attempt = services.start_attempt(enrollment, "post")
    services.submit_attempt(attempt, choice_answers(attempt))
    assert attempt.passed is True
    with pytest.raises(services.AttemptRefused, match="lulus"):
        services.start_attempt(enrollment, "post")


def test_a_concurrent_double_start_returns_the_attempt_already_open(learner, module, monkeypatch):
    enrollment = learning.enroll(learner, module)
    first = services.start_attempt(enrollment, "pre")
    db.session.commit()
    real = services.open_attempt
    calls = []

    def sees_nothing_the_first_time(enrollment, test):
        calls.append(test)
        return None if len(calls) == 1 else real(enrollment, test)

    monkeypatch.setattr(services, "open_attempt", sees_nothing_the_first_time)
    again = services.start_attempt(enrollment, "pre")  # the unique index rejects a second one
    db.session.commit()
    assert again.id == first.id
    assert db.session.scalar(select(func.count(Attempt.id))) == 1


def test_questions_come_from_the_enrolments_version(learner, module):
    enrollment = learning.enroll(learner, module)
    old_version = enrollment.version_id
    publish_new_version(module, questions=6)
    attempt = services.start_attempt(enrollment, "pre")
    assert attempt.version_id == old_version
    texts = [item.snapshot["title"] for item in attempt.items]
    assert len(texts) == 3 and all(t.startswith("Soal ") for t in texts)


def test_pre_and_post_draw_the_same_count_per_competency(learner):
    module = make_module(competencies=("ORH", "KJS"), questions=8, pretest=6, posttest=6)
    version_id = module.current_version_id
    for n in range(4):  # the bank: 8 ORH and 4 KJS, so a test of 6 takes 4 ORH and 2 KJS
        add_question(version_id, choice_question(f"Tambahan {n}", competency="ORH"))
    enrollment = ready_for_posttest(learner, module)
    (pre,) = services.submitted_attempts(enrollment, "pre")
    expected = {"ORH": 4, "KJS": 2}
    assert Counter(item.competency_code for item in pre.items) == expected
    for _ in range(3):
        post = services.start_attempt(enrollment, "post")
        assert Counter(item.competency_code for item in post.items) == expected
        services.submit_attempt(post, {})


def test_only_gradeable_questions_are_drawn(learner):
    module = make_module(questions=3, pretest=3, posttest=3)
    essay = {"type": "essay", "title": "Esai", "text": "Jelaskan.", "competency": "ORH"}
    add_question(module.current_version_id, essay | {"answers": []}, gradeable=False)
    attempt = services.start_attempt(learning.enroll(learner, module), "pre")
    assert sorted(item.snapshot["type"] for item in attempt.items) == ["multichoice"] * 3


def test_retakes_reshuffle_questions_and_choices(learner):
    module = make_module(questions=10, pretest=5, posttest=5, max_attempts=0)
    enrollment = ready_for_posttest(learner, module)
    shown = set()
    for seed in range(4):
        attempt = services.start_attempt(enrollment, "post", rng=random.Random(seed))
        shown.add(
            tuple(
                (item.question_id, tuple(o["html"] for o in item.presented["options"]))
                for item in attempt.items
            )
        )
        services.submit_attempt(attempt, {})
    assert len(shown) == 4


def test_score_is_the_mean_credit_in_percent(learner):
    module = make_module(questions=0, pretest=3, posttest=3)
    weighted = choice_question("Bobot", wrongs=("Setengah", "Salah"))
    weighted["answers"][1]["fraction"] = 0.5
    for data in (choice_question("A"), choice_question("B"), weighted):
        add_question(module.current_version_id, data)
    attempt = services.start_attempt(learning.enroll(learner, module), "pre")
    values = {}
    for item in attempt.items:
        fraction = 0.5 if item.snapshot["title"] == "Bobot" else 1.0
        values[item.position] = [
            option_id(item, fraction if item.snapshot["title"] != "B" else 0.0)
        ]
    services.submit_attempt(attempt, values)
    assert attempt.score == 50.0  # (1 + 0 + 0.5) / 3
    assert sorted(item.fraction for item in attempt.items) == [0.0, 0.5, 1.0]
    assert attempt.passed is None  # the pre-test has no pass mark


def test_post_score_rounds_and_compares_with_the_pass_mark(learner, module):
    enrollment = ready_for_posttest(learner, module)
    attempt = services.start_attempt(enrollment, "post")
    services.submit_attempt(attempt, choice_answers(attempt, right=2))
    assert (attempt.score, attempt.passed) == (66.7, False)  # pass mark 70
    assert enrollment.best_posttest_score == 66.7


def test_saved_answers_are_kept_and_submit_without_values_grades_them(learner, module):
    attempt = services.start_attempt(learning.enroll(learner, module), "pre")
    services.save_responses(attempt, choice_answers(attempt, right=1))
    db.session.commit()
    assert attempt.saved_at is not None
    assert stored_responses(attempt.id) == [
        option_id(item, 1.0 if item.position == 1 else 0.0) for item in attempt.items
    ]
    services.submit_attempt(attempt)
    assert attempt.score == 33.3


def test_submitting_twice_records_one_result(learner, module):
    enrollment = ready_for_posttest(learner, module)
    attempt = services.start_attempt(enrollment, "post")
    services.submit_attempt(attempt, choice_answers(attempt, right=1))
    db.session.commit()
    services.submit_attempt(attempt, choice_answers(attempt))  # back button, all answers changed
    db.session.commit()
    assert (attempt.score, attempt.passed) == (33.3, False)
    assert enrollment.posttest_attempts == 1


def test_a_stale_open_attempt_loses_the_race_to_the_stored_result(learner, module):
    enrollment = ready_for_posttest(learner, module)
    attempt = services.start_attempt(enrollment, "post")
    db.session.commit()
    # Another tab submitted meanwhile: the row changed, this request still holds 'open'.
    db.session.execute(
        update(Attempt)
        .where(Attempt.id == attempt.id)
        .values(state="submitted", score=12.5, passed=False)
        .execution_options(synchronize_session=False)
    )
    assert attempt.is_open
    services.submit_attempt(attempt, choice_answers(attempt))
    db.session.commit()
    assert (attempt.state, attempt.score) == ("submitted", 12.5)
    assert enrollment.posttest_attempts == 0  # not counted a second time
    assert stored_responses(attempt.id) == [None, None, None]


def test_a_submitted_attempt_refuses_changes(learner, module):
    attempt = services.start_attempt(learning.enroll(learner, module), "pre")
    services.submit_attempt(attempt, choice_answers(attempt, right=0))
    db.session.commit()
    before = stored_responses(attempt.id)
    with pytest.raises(services.ResponseRefused, match="sudah dikirim"):
        services.save_responses(attempt, choice_answers(attempt))
    db.session.rollback()
    assert stored_responses(attempt.id) == before


@pytest.mark.parametrize(
    "tamper",
    [
        lambda values: values | {99: ["x"]},  # a question not in the attempt
        lambda values: values | {1: ["deadbeef"]},  # an option never presented
        lambda values: values | {1: values[1] + values[2]},  # two answers to a radio
    ],
    ids=["unknown-position", "unknown-option", "two-choices"],
)
def test_tampered_responses_store_nothing(learner, module, tamper):
    attempt = services.start_attempt(learning.enroll(learner, module), "pre")
    db.session.commit()
    with pytest.raises(services.ResponseRefused):
        services.save_responses(attempt, tamper(choice_answers(attempt)))
    with pytest.raises(services.ResponseRefused):
        services.submit_attempt(attempt, tamper(choice_answers(attempt)))
    db.session.rollback()
    assert stored_responses(attempt.id) == [None, None, None]
    assert db.session.get(Attempt, attempt.id).state == "open"


def test_the_first_pretest_score_is_the_baseline(learner, module):
    enrollment = ready_for_posttest(learner, module)  # pre-test submitted unanswered
    assert enrollment.pretest_score == 0.0
    attempt = services.start_attempt(enrollment, "post")
    services.submit_attempt(attempt, choice_answers(attempt))
    assert enrollment.pretest_score == 0.0
    assert enrollment.best_posttest_score == 100.0


def test_fail_retake_pass(learner, module):
    enrollment = ready_for_posttest(learner, module)
    first = services.start_attempt(enrollment, "post", rng=random.Random(1))
    services.submit_attempt(first, choice_answers(first, right=0))
    assert services.start_refusal(enrollment, "post") is None
    assert services.posttest_attempts_left(enrollment) == 2
    second = services.start_attempt(enrollment, "post", rng=random.Random(2))
    assert second.id != first.id and second.number == 2
    services.submit_attempt(second, choice_answers(second))
    db.session.commit()
    assert (first.passed, second.passed) == (False, True)
    assert enrollment.posttest_attempts == 2
    assert enrollment.best_posttest_score == 100.0
    assert enrollment.posttest_passed_at is not None
    assert "lulus" in services.start_refusal(enrollment, "post")
