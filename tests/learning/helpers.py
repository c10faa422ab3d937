"""Builders for the learner's path: lessons with checks and reflections, a learner's progress."""

from datetime import date, datetime, timedelta

from lms import clock
from lms.extensions import db
from lms.learning import services
from lms.learning.duration import lesson_minutes
from lms.learning.models import Enrollment, Lesson, Module, ModuleVersion
from lms.learning.plans import PlanInput, save_rtl
from lms.questions.base import render_html
from lms.questions.gift import parse_gift, question_to_dict
from tests.factories import finish_lesson, make_module

CHECK_GIFT = """
::Kuadran:: Menyusun format isian baku yang mencegah kesalahan berulang termasuk kuadran? {
=Kuadran II#Tepat, penting tetapi tidak mendesak.
~Kuadran I#Kurang tepat, tidak ada tenggat hari ini.
~Kuadran IV#Kurang tepat, justru mencegah krisis.
}

::Delegasi:: Penilaian kinerja bawahan boleh didelegasikan kepada staf. {F
#Keliru: penilaian kinerja melekat pada atasan.
#Tepat: penilaian kinerja tidak didelegasikan.}
"""


def check_questions() -> list[dict]:
    questions, errors = parse_gift(CHECK_GIFT)
    assert not errors
    return [render_html(question_to_dict(q, "ORH")) for q in questions]


def learning_module(slug: str = "modul-uji", **kwargs) -> Module:
    """A published module whose first lesson holds an inline check and a reflection prompt."""
    module = make_module(slug, **kwargs)
    first = module.current_version.lessons[0]
    first.blocks = [
        *first.blocks,
        {"kind": "quiz", "key": "cek1", "questions": check_questions()},
        {"kind": "reflection", "key": "ref1", "prompt_html": "<p>Apa rencana Anda?</p>"},
    ]
    first.study_minutes = lesson_minutes(first.blocks)
    db.session.commit()
    return module


def start(user, module, pretest: float | None = 40.0) -> Enrollment:
    """Enrol the learner and, unless pretest is None, record their pre-test."""
    enrollment = services.enroll(user, module)
    if pretest is not None:
        services.record_test_result(enrollment, "pre", pretest, False)
    db.session.commit()
    return enrollment


def finish_lessons(enrollment: Enrollment) -> None:
    for lesson in enrollment.version.lessons:
        finish_lesson(enrollment, lesson)
    db.session.commit()


def post_test(enrollment: Enrollment, score: float, passed: bool) -> None:
    services.record_test_result(enrollment, "post", score, passed)
    db.session.commit()


# An action plan that passes every rule of lms.learning.plans (12, 8 and 2 words).
PLAN_WHAT = "Setiap Jumat sore saya menyusun rencana pekan depan dan membahasnya dengan atasan."
PLAN_SUCCESS = "Rencana pekan tersimpan setiap Jumat dan tenggat bidang tidak terlewat."
PLAN_PEOPLE = "Kepala bidang dan rekan satu tim"


def plan_form(prefix: str = "rtl", due: date | str | None = None, **parts) -> dict:
    """The RTL form's fields as a browser sends them, valid unless a part is overridden;
    a date `due` goes in the day, month and year boxes, a text one as one ISO value."""
    if due is None:
        due = clock.today() + timedelta(days=60)
    if isinstance(due, str):
        dates = {"due": due}
    else:
        dates = {"due-day": str(due.day), "due-month": str(due.month), "due-year": str(due.year)}
    fields = {"text": PLAN_WHAT, **dates, "success": PLAN_SUCCESS, "people": PLAN_PEOPLE} | parts
    return {f"{prefix}-{name}": value for name, value in fields.items()}


def write_rtl(enrollment: Enrollment, what: str = PLAN_WHAT) -> None:
    lesson = enrollment.version.lessons[-1]
    block = next(b for b in lesson.blocks if b["kind"] == "rtl")
    due = (clock.today() + timedelta(days=60)).isoformat()
    save_rtl(enrollment, lesson, block, PlanInput(what, due, PLAN_SUCCESS, PLAN_PEOPLE))
    db.session.commit()


def complete(user, module, score: float = 80.0) -> Enrollment:
    """Walk a learner to completion through the services the quiz engine calls."""
    enrollment = start(user, module)
    finish_lessons(enrollment)
    write_rtl(enrollment)
    post_test(enrollment, score, True)
    assert enrollment.completed_at is not None
    return enrollment


def publish_new_version(module: Module, lessons: int = 3) -> ModuleVersion:
    """Publish version 2 of a module, with a different number of lessons."""
    old = module.current_version
    version = ModuleVersion(
        module_id=module.id,
        number=old.number + 1,
        title=f"{old.title} (revisi)",
        summary=old.summary,
        overview_html=old.overview_html,
        jp=old.jp + 1,
        pretest_questions=old.pretest_questions,
        posttest_questions=old.posttest_questions,
        pass_mark=old.pass_mark,
        max_attempts=old.max_attempts,
        competency_codes=list(old.competency_codes),
        published_at=datetime(2026, 6, 1),
    )
    for position in range(1, lessons + 1):
        blocks = [{"kind": "html", "key": "b1", "html": f"<p>Isi baru {position}</p>"}]
        if position == lessons:
            blocks.append({"kind": "rtl", "key": "rtl", "prompt_html": "<p>Tulis RTL.</p>"})
        version.lessons.append(
            Lesson(
                position=position,
                title=f"Materi baru {position}",
                minutes=7,
                study_minutes=lesson_minutes(blocks),
                blocks=blocks,
            )
        )
    db.session.add(version)
    db.session.flush()
    module.current_version_id = version.id
    db.session.commit()
    return version
