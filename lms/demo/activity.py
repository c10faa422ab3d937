"""A year of believable learning for the demo province, so that every report has something to say.

Run after the demo people and the imported modules exist. Rows are written as the services
would write them: attempts with items drawn from the real banks and graded by the question
kinds, lessons done, action plans, completions with certificates, surveys, supervisors' level-3
evaluations, assignments for the demo supervisor's team and twelve months of service indicators.
"""

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select

from lms import clock
from lms.assignments.models import Assignment
from lms.authoring.maintainers import add_maintainer
from lms.demo import monev as monev_demo
from lms.demo import people
from lms.demo.pacing import Pacer
from lms.demo.plans import acknowledge, action_plan, rate_after
from lms.evaluation.models import BehaviourEvaluation
from lms.extensions import db
from lms.learning.models import (
    Enrollment,
    LessonProgress,
    ModuleVersion,
    ReactionSurvey,
    Reflection,
)
from lms.learning.services import (
    issue_certificate,
    next_pretest_form,
    published_modules,
)
from lms.monev.periods import add_months, month_start
from lms.people.models import RoleGrant, Unit, User
from lms.questions.kinds import KINDS
from lms.questions.plan import draw_test
from lms.quizzes.drawing import test_form
from lms.quizzes.models import Attempt, AttemptItem, Question
from lms.quizzes.services import score_of

DAY = timedelta(days=1)
# Months after the start of the year shown when the programme reached each OPD (default random).
ROLLOUT = {
    "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu": 4,
    "Badan Pengelola Pajak dan Retribusi Daerah": 5,
    "RSUD Raden Mattaher": 3,
    "Dinas Kesehatan": 2,
    "Dinas Pendidikan": 14,  # starts after the demo year: the level-4 comparison unit
}


@dataclass
class Plan:
    """One enrolment's story: when each step happened, and the learner's knack."""

    user: User
    version: ModuleVersion
    start: datetime
    ability: float  # chance of answering a pre-test question right
    gain: float  # share of the remaining gap closed by the module
    lessons: int | None = None  # stop after this many lessons (None: go on as far as time allows)
    # Study time against the module's computed duration: about 1 for a careful learner; under
    # a third for one who clicks through, whom the reports flag as "terlalu cepat".
    pace: float = 1.0


def load_activity(rng_seed: int = 2026, now: datetime | None = None) -> bool:
    """Create the year of activity once; False when it exists or the demo is not set up."""
    now = (now or clock.utcnow()).replace(microsecond=0)
    learner = db.session.scalar(select(User).where(User.nip == people.LEARNER_NIP))
    versions = {v.module.slug: v for v in db.session.scalars(published_modules())}
    if learner is None or len(versions) < 3:
        return False
    if db.session.scalar(select(Enrollment.id).where(Enrollment.user_id == learner.id)):
        return False
    _maintainers(versions)
    rng = random.Random(rng_seed)
    year_start = clock.day_start(add_months(month_start(clock.local_date(now)), -12))
    plans = _plans(rng, learner, versions, year_start, now)
    # Its own generator: the study times leave the rest of the demo as it was.
    _paces(random.Random(rng_seed + 1), plans, learner)
    cap = timedelta(minutes=current_app.config["STUDY_PAGE_CAP_MINUTES"])
    enrollments = [
        _write(rng, plan, now, Pacer(random.Random(f"{rng_seed}:{i}"), plan.pace, cap))
        for i, plan in enumerate(sorted(plans, key=lambda p: p.start))
    ]
    _certify(enrollments)
    _evaluations(rng, enrollments, now)
    _assignments(rng, enrollments, versions, now)
    monev_demo.load_indicators(rng, now)
    db.session.flush()
    return True


def _maintainers(versions: dict[str, ModuleVersion]) -> None:
    """The demo trainer maintains the shipped modules, so that account can edit them."""
    trainer = db.session.scalar(select(User).where(User.nip == people.TRAINER_NIP))
    for version in versions.values():
        add_maintainer(version.module, trainer.id)


def _staff() -> list[User]:
    """Everyone but the admins and trainers: they run the programme rather than take it."""
    staff = select(User).where(User.active.is_(True), User.id.not_in(select(RoleGrant.user_id)))
    return list(db.session.scalars(staff.order_by(User.id)))


def _top_unit(user: User) -> Unit | None:
    unit = user.unit
    while unit is not None and unit.parent is not None:
        unit = unit.parent
    return unit


def _plans(rng, learner: User, versions: dict, year_start: datetime, now: datetime) -> list[Plan]:
    plans = [
        Plan(learner, versions["manajemen-waktu"], now - 75 * DAY, 0.5, 0.9),
        Plan(learner, versions["manajemen-proyek"], now - 6 * DAY, 0.45, 0.6, lessons=2),
    ]
    supervisor = db.session.scalar(select(User).where(User.nip == people.SUPERVISOR_NIP))
    opds: dict[str, tuple[int, float]] = {}  # rollout month and participation rate per OPD
    piloted: set[str] = set()
    for user in _staff():
        if user.id == learner.id:
            continue
        top = _top_unit(user)
        name = top.name if top else ""
        rollout, rate = opds.setdefault(
            name, (ROLLOUT.get(name, rng.randint(0, 8)), rng.uniform(0.35, 0.85))
        )
        first_day = year_start + timedelta(days=30 * rollout + rng.randint(0, 20))
        keen = 0.9 if user.supervisor_id == supervisor.id else rate
        if rng.random() > keen or first_day >= now - 3 * DAY:
            continue
        pilot = name not in piloted  # the OPD's first participant starts on the rollout day
        piloted.add(name)
        ability = 0.97 if rng.random() < 0.04 else rng.uniform(0.25, 0.7)
        for version in rng.sample(list(versions.values()), rng.choice([1, 1, 2, 2, 3])):
            spread = 0 if pilot else rng.uniform(0, (now - first_day).total_seconds())
            start, pilot = first_day + timedelta(seconds=spread), False
            gain = min(0.95, max(0.05, rng.gauss(0.55, 0.22)))
            plans.append(Plan(user, version, start.replace(microsecond=0), ability, gain))
    return plans


def _paces(rng, plans: list[Plan], learner: User) -> None:
    """Most learners study at about the modules' pace; a few click through. The demo
    supervisor's first report who finishes a module is one of the few, for the team page."""
    boss = db.session.scalar(select(User).where(User.nip == people.SUPERVISOR_NIP))
    for plan in plans:
        plan.pace = rng.uniform(0.12, 0.28) if rng.random() < 0.07 else rng.uniform(0.7, 1.4)
    team = [p for p in plans if p.user.supervisor_id == boss.id and p.user.id != learner.id]
    if team:
        min(team, key=lambda p: p.start).pace = 0.2


def _bank(version: ModuleVersion) -> dict[int, Question]:
    gradeable = (Question.version_id == version.id) & Question.gradeable.is_(True)
    questions = db.session.scalars(select(Question).where(gradeable).order_by(Question.position))
    return {q.id: q for q in questions}


def _answer(rng, question: Question, shown: dict, right: bool):
    kind = KINDS[question.kind]
    graded = kind.graded_responses(question.data, shown)
    target = max(g for g, _c in graded) if right else min(g for g, _c in graded)
    fraction, response = rng.choice([(g, c) for g, c in graded if g == target])
    return response, fraction


def _attempt(rng, plan: Plan, enrollment: Enrollment, test: str, number: int, when: datetime):
    """A submitted attempt whose items come from the bank, answered with the plan's knack."""
    version = plan.version
    bank = _bank(version)
    count = version.pretest_questions if test == "pre" else version.posttest_questions
    pairs = [(q.id, q.competency_code) for q in bank.values()]
    pins = {q.id: q.data["form"] for q in bank.values() if q.data.get("form")}
    form = test_form(enrollment, test) if number == 1 else None
    ids = draw_test(pairs, count, rng, version.competency_codes, form=form, pins=pins)
    chance = plan.ability if test == "pre" else plan.ability + (1 - plan.ability) * plan.gain
    chance = min(0.99, chance + 0.12 * (number - 1))
    items = []
    for position, question_id in enumerate(ids, start=1):
        question = bank[question_id]
        shown = KINDS[question.kind].present(question.data, rng)
        response, fraction = _answer(rng, question, shown, rng.random() < chance)
        items.append(
            AttemptItem(
                position=position,
                question_id=question.id,
                competency_code=question.competency_code,
                snapshot=dict(question.data),
                presented=shown,
                response=response,
                fraction=fraction,
            )
        )
    score = score_of([item.fraction for item in items])
    passed = score >= version.pass_mark if test == "post" else None
    minutes = timedelta(minutes=rng.randint(8, 25))
    attempt = Attempt(
        enrollment_id=enrollment.id,
        user_id=plan.user.id,
        version_id=version.id,
        test=test,
        number=number,
        state="submitted",
        started_at=when,
        saved_at=when + minutes,
        submitted_at=when + minutes,
        score=score,
        passed=passed,
        items=items,
    )
    db.session.add(attempt)
    return attempt


def _write(rng, plan: Plan, now: datetime, pacer: Pacer) -> Enrollment:
    """Walk the plan until `now`: pre-test, lessons, post-tests, action plan, completion."""
    version, when = plan.version, plan.start
    enrollment = Enrollment(
        user_id=plan.user.id,
        module_id=version.module_id,
        version_id=version.id,
        started_at=when,
        last_activity_at=when,
        pretest_form=next_pretest_form(version.module),
    )
    db.session.add(enrollment)
    db.session.flush()
    pre = _attempt(rng, plan, enrollment, "pre", 1, when)
    pacer.test(enrollment, pre)
    enrollment.pretest_score = pre.score
    when = pre.submitted_at
    lessons = version.lessons
    for lesson in lessons[: plan.lessons]:
        when += timedelta(hours=rng.uniform(2, 80))
        if when >= now:
            break
        pacer.lesson(enrollment, lesson, when)
        db.session.add(
            LessonProgress(enrollment_id=enrollment.id, lesson_id=lesson.id, completed_at=when)
        )
        enrollment.lessons_done += 1
        enrollment.last_lesson_position = lesson.position
        enrollment.last_activity_at = when
    if enrollment.lessons_done == len(lessons):
        _finish(rng, plan, enrollment, when, now, pacer)
    return enrollment


def _finish(
    rng, plan: Plan, enrollment: Enrollment, when: datetime, now: datetime, pacer: Pacer
) -> None:
    version = plan.version
    for number in range(1, (version.max_attempts or 3) + 1):
        when += timedelta(hours=rng.uniform(1, 72))
        if when >= now:
            return
        post = _attempt(rng, plan, enrollment, "post", number, when)
        pacer.test(enrollment, post)
        enrollment.posttest_attempts = number
        if number == 1:
            enrollment.first_posttest_score = post.score
        best = enrollment.best_posttest_score
        enrollment.best_posttest_score = post.score if best is None else max(best, post.score)
        enrollment.last_activity_at = when = post.submitted_at
        if post.passed:
            enrollment.posttest_passed_at = when
            break
    if enrollment.posttest_passed_at is None or when + DAY >= now:
        return
    when += timedelta(minutes=rng.randint(10, 600))
    last = version.lessons[-1]
    block = next(b for b in last.blocks if b["kind"] == "rtl")
    db.session.add(action_plan(rng, enrollment, last, block, when))
    enrollment.completed_at = enrollment.last_activity_at = when
    enrollment.jp_credited = version.jp
    if rng.random() < 0.8:
        db.session.add(_survey(rng, enrollment, when + timedelta(minutes=rng.randint(1, 30))))


def _survey(rng, enrollment: Enrollment, when: datetime) -> ReactionSurvey:
    def rating(mean: float) -> int:
        return max(1, min(5, round(rng.gauss(mean, 0.7))))

    return ReactionSurvey(
        enrollment_id=enrollment.id,
        relevance=rating(4.4),
        clarity=rating(4.2),
        interactivity=rating(3.7),
        ease_of_use=rating(4.1),
        submitted_at=when,
    )


def _certify(enrollments: list[Enrollment]) -> None:
    """Certificates in completion order, so their yearly numbers follow the calendar."""
    for enrollment in sorted(
        (e for e in enrollments if e.completed_at), key=lambda e: e.completed_at
    ):
        issue_certificate(enrollment)


def _evaluations(rng, enrollments: list[Enrollment], now: datetime) -> None:
    """Supervisors acknowledge most action plans within two weeks, rating each behaviour as the
    baseline, and rate most completions older than five months (some recent ones) again."""
    rtls = {
        r.enrollment_id: r
        for r in db.session.scalars(select(Reflection).where(Reflection.kind == "rtl"))
    }
    for enrollment in enrollments:
        boss_id = enrollment.user.supervisor_id
        if enrollment.completed_at is None or boss_id is None:
            continue
        baseline = acknowledge(rng, enrollment, rtls.get(enrollment.id), boss_id, now)
        age = (now - enrollment.completed_at).days
        if age < 90 or rng.random() > (0.85 if age > 150 else 0.3):
            continue
        when = enrollment.completed_at + timedelta(days=rng.randint(90, min(age, 140)))
        gain = enrollment.best_posttest_score / 100 if enrollment.best_posttest_score else 0.5
        db.session.add(
            BehaviourEvaluation(
                enrollment_id=enrollment.id,
                supervisor_id=boss_id,
                ratings={
                    code: max(1, min(5, round(rng.gauss(1.5 + 2.5 * gain, 0.7))))
                    for code in enrollment.version.competency_codes
                },
                action_plan_rating=rng.choices([0, 1, 2, 3], weights=[1, 2.5, 4, 2.5])[0],
                note="",
                created_at=when,
            )
        )
        rate_after(rng, enrollment, baseline, gain, boss_id, when)


def _assignments(rng, enrollments: list[Enrollment], versions: dict, now: datetime) -> None:
    """The demo supervisor makes modules compulsory: some done, some due soon, some overdue."""
    boss = db.session.scalar(select(User).where(User.nip == people.SUPERVISOR_NIP))
    team = db.session.scalars(select(User).where(User.supervisor_id == boss.id)).all()
    started = {(e.user_id, e.module_id): e for e in enrollments}
    today = clock.local_date(now)
    due_choices = [today + days * DAY for days in (-12, -4, 2, 10, 25)]
    for index, member in enumerate(team):
        chosen = rng.sample(list(versions.values()), 2)
        if member.nip == people.LEARNER_NIP:
            # Her module in progress shows at the top of her home as "Wajib".
            chosen = [versions["manajemen-proyek"]]
        for version in chosen:
            enrollment = started.get((member.id, version.module_id))
            if member.nip == people.LEARNER_NIP:
                due = today + 10 * DAY
            elif enrollment is not None and enrollment.completed_at is not None:
                due = clock.local_date(enrollment.completed_at) + rng.randint(3, 20) * DAY
            else:
                due = due_choices[(index + version.module_id) % len(due_choices)]
            created = min(clock.day_start(due) - 30 * DAY, now - DAY)
            db.session.add(
                Assignment(
                    module_id=version.module_id,
                    user_id=member.id,
                    assigned_by_id=boss.id,
                    due_date=due,
                    note="Bagian dari rencana pengembangan kompetensi bidang.",
                    created_at=created,
                )
            )
