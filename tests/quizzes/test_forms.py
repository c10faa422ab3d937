"""Parallel test forms on the shipped modules: 200 simulated learners per module."""

import random
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import select

from lms import clock
from lms.content.importer import import_content
from lms.content.loader import load_content
from lms.extensions import db
from lms.learning import services as learning
from lms.learning.models import Enrollment, Module
from lms.people.models import User
from lms.questions.plan import draw_test
from lms.quizzes import services
from lms.quizzes.models import Attempt, Question

from ..factories import make_module, make_user, ready_for_posttest, valid_nip

SHIPPED = Path(__file__).parents[2] / "content"
LEARNERS = 200  # per shipped module, drawn as the engine draws
ENROLLED = 20  # per shipped module, through the services and the database (slower)


@pytest.fixture
def shipped(app):
    """The three modules of content/, imported as `make run` does."""
    with app.test_request_context():
        content = load_content(str(SHIPPED))
        assert not content.problems
        import_content(content, clock.utcnow())
        db.session.commit()
        yield [source.slug for source in content.modules]


def items_of(attempt: Attempt) -> tuple[set[int], Counter]:
    return (
        {item.question_id for item in attempt.items},
        Counter(item.competency_code for item in attempt.items),
    )


def test_200_learners_per_shipped_module_never_meet_a_pretest_item_again(app):
    with app.test_request_context():
        modules = load_content(str(SHIPPED)).modules
    assert [m.slug for m in modules] == ["literasi-digital", "manajemen-proyek", "manajemen-waktu"]
    for module in modules:
        bank, order = module.gradeable_bank(), module.competencies
        code_of = dict(bank)
        for learner in range(LEARNERS):
            rng = random.Random(learner)
            first, second = ("A", "B") if learner % 2 == 0 else ("B", "A")
            pre = draw_test(bank, module.pretest, rng, order, form=first, pins=module.pins())
            post = draw_test(bank, module.pretest, rng, order, form=second, pins=module.pins())
            assert not set(pre) & set(post), module.slug
            assert len(set(pre)) == len(set(post)) == module.pretest
            assert Counter(code_of[q] for q in pre) == Counter(code_of[q] for q in post)


def learners() -> list[User]:
    users = [
        User(nip=valid_nip(), name=f"Peserta {n}", position="Analis", grade="III/a")
        for n in range(ENROLLED)
    ]
    db.session.add_all(users)
    db.session.commit()
    return users


def ready_without_commit(user: User, module: Module) -> Enrollment:
    """`ready_for_posttest`, faster: one commit per module, lessons counted as done at once."""
    enrollment = learning.enroll(user, module)
    services.submit_attempt(services.start_attempt(enrollment, "pre"))
    enrollment.lessons_done = len(enrollment.version.lessons)
    return enrollment


def test_enrolled_learners_take_the_two_forms_in_balanced_order(app, shipped):
    users = learners()
    with app.test_request_context():
        for slug in shipped:
            module = db.session.scalar(select(Module).where(Module.slug == slug))
            forms = {"A": set(), "B": set()}
            for user in users:
                enrollment = ready_without_commit(user, module)
                pre = services.submitted_attempts(enrollment, "pre")[0]
                post = services.start_attempt(enrollment, "post")
                pre_ids, pre_counts = items_of(pre)
                post_ids, post_counts = items_of(post)
                assert not pre_ids & post_ids, slug
                assert pre_counts == post_counts, slug
                assert len(pre_ids) == enrollment.version.pretest_questions
                forms[enrollment.pretest_form].add(frozenset(pre_ids))
            db.session.commit()
            # Two fixed forms, each the pre-test of half the learners.
            assert len(forms["A"]) == len(forms["B"]) == 1, slug
            starts = Counter(
                db.session.scalars(
                    select(Enrollment.pretest_form).where(Enrollment.module_id == module.id)
                )
            )
            assert starts == {"A": ENROLLED // 2, "B": ENROLLED // 2}, slug


def test_a_retake_draws_unseen_items_first(app, shipped):
    user = make_user("Rina Peserta")
    with app.test_request_context():
        module = db.session.scalar(select(Module).where(Module.slug == "manajemen-waktu"))
        enrollment = ready_for_posttest(user, module)
        first = services.start_attempt(enrollment, "post")
        services.submit_attempt(first, {})
        retake = services.start_attempt(enrollment, "post")
        pre = services.submitted_attempts(enrollment, "pre")[0]
        seen = items_of(pre)[0] | items_of(first)[0]
        # 33 questions (ORH 16, PDO 17), 20 in the two forms: the 13 left (ORH 6, PDO 7) cover
        # the plan's ORH 5, PDO 5, so the first retake is all new (least-seen fallback:
        # tests/questions/test_plan.py).
        retake_ids, counts = items_of(retake)
        assert counts == {"ORH": 5, "PDO": 5}
        assert len(retake_ids - seen) == 10


def test_pinned_questions_serve_their_form(app):
    module = make_module(questions=8, pretest=2, posttest=2)
    version = module.current_version
    pinned_b = list(
        db.session.scalars(
            select(Question).where(Question.version_id == version.id).order_by(Question.position)
        )
    )[:2]
    for question in pinned_b:
        question.data = question.data | {"form": "B"}
    db.session.commit()
    with app.test_request_context():
        first, second = make_user("Peserta A"), make_user("Peserta B")
        starts_on_a = ready_for_posttest(first, module)
        starts_on_b = ready_for_posttest(second, module)
        assert (starts_on_a.pretest_form, starts_on_b.pretest_form) == ("A", "B")
        wanted = {question.id for question in pinned_b}
        assert items_of(services.submitted_attempts(starts_on_b, "pre")[0])[0] == wanted
        assert items_of(services.start_attempt(starts_on_a, "post"))[0] == wanted
