"""A small province whose figures are computed by hand in the tests (period 2026-Q2).

Units: Dinas A (with Bidang A1) and Dinas B. People: a1 (Dinas A), a2, a3, a4 (Bidang A1),
b1 and an inactive b2 (Dinas B), n1 (no unit). Modules M1 (2 JP, ORH) and M2 (3 JP, ORH+KJS).
"""

from dataclasses import dataclass
from datetime import date, datetime

from lms.assignments.models import Assignment
from lms.evaluation.models import BehaviourEvaluation
from lms.extensions import db
from lms.learning.models import Enrollment, Module, ReactionSurvey
from lms.monev.models import ELEMENTS, ServiceIndicator
from lms.people.models import Unit, User
from tests.factories import make_module, make_unit, make_user

TODAY = date(2026, 6, 15)


def enrol(
    user: User,
    module: Module,
    started: datetime,
    completed: datetime | None = None,
    pre: float | None = None,
    post: float | None = None,
    first_post: float | None = None,
) -> Enrollment:
    """An enrolment summary; the first post-test is the best one unless `first_post` is given."""
    enrollment = Enrollment(
        user_id=user.id,
        module_id=module.id,
        version_id=module.current_version_id,
        started_at=started,
        last_activity_at=completed or started,
        pretest_score=pre,
        first_posttest_score=post if first_post is None else first_post,
        best_posttest_score=post,
        posttest_attempts=1 if post is not None else 0,
        completed_at=completed,
        jp_credited=module.current_version.jp if completed else 0,
    )
    db.session.add(enrollment)
    db.session.flush()
    return enrollment


def survey(enrollment: Enrollment, scores: tuple[int, int, int, int], when: datetime) -> None:
    relevance, clarity, interactivity, ease = scores
    db.session.add(
        ReactionSurvey(
            enrollment_id=enrollment.id,
            relevance=relevance,
            clarity=clarity,
            interactivity=interactivity,
            ease_of_use=ease,
            submitted_at=when,
        )
    )


def evaluate(enrollment: Enrollment, boss: User, ratings: dict, plan: int, when: datetime):
    db.session.add(
        BehaviourEvaluation(
            enrollment_id=enrollment.id,
            supervisor_id=boss.id,
            ratings=ratings,
            action_plan_rating=plan,
            created_at=when,
        )
    )


def assign(user: User, module: Module, due: date, boss: User, cancelled: bool = False) -> None:
    db.session.add(
        Assignment(
            user_id=user.id,
            module_id=module.id,
            assigned_by_id=boss.id,
            due_date=due,
            cancelled_at=datetime(2026, 4, 1) if cancelled else None,
        )
    )


def indicator(
    unit: Unit,
    month: date,
    waiting: float | None,
    ikm: float | None,
    *,
    waiting_n: int | None = None,
    respondents: int | None = None,
) -> None:
    """A month's figures; with respondents the survey's nine elements all score ikm / 25."""
    row = ServiceIndicator(unit_id=unit.id, month=month, waiting_minutes=waiting, ikm=ikm)
    row.waiting_n = waiting_n if waiting is not None else None
    if respondents is not None and ikm is not None:
        row.respondents = respondents
        for name in ELEMENTS:
            setattr(row, name, ikm / 25)
    db.session.add(row)


@dataclass
class Province:
    dinas_a: Unit
    bidang_a1: Unit
    dinas_b: Unit
    people: dict[str, User]
    m1: Module
    m2: Module


def province() -> Province:
    dinas_a = make_unit("Dinas A")
    bidang = make_unit("Bidang A1", parent=dinas_a)
    dinas_b = make_unit("Dinas B")
    boss = make_user("Kepala Dinas A", unit=dinas_a)
    people = {"boss": boss}
    for key, unit in [("a1", dinas_a), ("a2", bidang), ("a3", bidang), ("a4", bidang)]:
        people[key] = make_user(f"Pegawai {key}", unit=unit, supervisor=boss)
    people["b1"] = make_user("Pegawai b1", unit=dinas_b)
    people["b2"] = make_user("Pegawai b2", unit=dinas_b, active=False)
    people["n1"] = make_user("Pegawai n1")
    m1 = make_module("m1", title="Modul Satu", jp=2, competencies=("ORH",))
    m2 = make_module("m2", title="Modul Dua", jp=3, competencies=("ORH", "KJS"))
    p = people
    a1m1 = enrol(p["a1"], m1, datetime(2026, 4, 2), datetime(2026, 4, 20), 40, 85)
    enrol(p["a1"], m2, datetime(2026, 4, 3), datetime(2026, 4, 25), None, 80)
    a2m1 = enrol(p["a2"], m1, datetime(2026, 3, 10), datetime(2026, 5, 5), 50, 70)
    enrol(p["a2"], m2, datetime(2026, 5, 1), pre=30)  # no post-test yet: no gain
    a3m2 = enrol(p["a3"], m2, datetime(2026, 1, 5), datetime(2026, 2, 10), 20, 90)
    enrol(p["b1"], m1, datetime(2026, 4, 10), datetime(2026, 6, 1), 100, 100)
    b1m2 = enrol(p["b1"], m2, datetime(2026, 4, 11), datetime(2026, 6, 2), 60, 64)
    enrol(p["n1"], m1, datetime(2026, 7, 2))
    survey(a1m1, (5, 4, 3, 4), datetime(2026, 4, 21))
    survey(a2m1, (3, 4, 5, 4), datetime(2026, 5, 6))
    survey(b1m2, (4, 4, 4, 2), datetime(2026, 6, 3))
    survey(a3m2, (1, 1, 1, 1), datetime(2026, 2, 11))
    evaluate(a3m2, boss, {"ORH": 4, "KJS": 3}, 2, datetime(2026, 5, 20))
    evaluate(a1m1, boss, {"ORH": 5}, 1, datetime(2026, 6, 10))
    evaluate(a2m1, boss, {"ORH": 1}, 0, datetime(2026, 7, 5))
    assign(p["a3"], m1, date(2026, 5, 1), boss)
    assign(p["a2"], m2, date(2026, 6, 1), boss)
    assign(p["a1"], m1, date(2026, 4, 10), boss)
    assign(p["b1"], m2, date(2026, 6, 30), boss)
    assign(p["a3"], m2, date(2026, 5, 1), boss, cancelled=True)
    waiting = [40, 38, 36, 30, 28, 25]
    served = [10, 30, 20, 40, 10, 50]
    ikm = [70, 72, None, 80, 82, 85]
    respondents = [100, 50, None, 200, 100, 100]
    for month, values in enumerate(zip(waiting, served, ikm, respondents, strict=True), start=1):
        minutes, n, score, people_asked = values
        indicator(
            dinas_a, date(2026, month, 1), minutes, score, waiting_n=n, respondents=people_asked
        )
    db.session.commit()
    return Province(dinas_a, bidang, dinas_b, people, m1, m2)
