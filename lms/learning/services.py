"""The learner's path: home, enrolment, lessons, next step, completion, JP."""

from collections import defaultdict
from dataclasses import dataclass

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import defer, joinedload

from lms import clock
from lms.certificates import services as certificates
from lms.certificates.models import Certificate
from lms.errors import DomainError
from lms.extensions import db
from lms.people.models import User

from .models import (
    Competency,
    Enrollment,
    Lesson,
    LessonProgress,
    Module,
    ModuleVersion,
    PracticeAnswer,
    ReactionSurvey,
    Reflection,
)

# The statements of the learner's pages, built once: building a select and its cache key on
# every call costs more than SQLite takes to run it.
_ENROLLMENT = (
    select(Enrollment)
    .where(
        Enrollment.user_id == bindparam("user_id"),
        Enrollment.module_id == bindparam("module_id"),
    )
    .options(joinedload(Enrollment.version))  # every page about an enrolment shows its version
)
_MODULE_BY_SLUG = select(Module).where(Module.slug == bindparam("slug"))
_LESSON_AT = (
    select(Lesson)
    .where(Lesson.version_id == bindparam("version_id"), Lesson.position == bindparam("position"))
    .options(defer(Lesson.source))  # the Markdown as written: only the authoring pages show it
)
_LESSON_TITLES = (
    select(Lesson.position, Lesson.title)
    .where(Lesson.version_id == bindparam("version_id"))
    .order_by(Lesson.position)
)
_DONE_POSITIONS = (
    select(LessonProgress.enrollment_id, Lesson.position)
    .join(Lesson, Lesson.id == LessonProgress.lesson_id)
    .where(LessonProgress.enrollment_id.in_(bindparam("enrollment_ids", expanding=True)))
)
_COMPETENCIES = select(Competency.code, Competency.name)
_RTL_COUNT = select(func.count(Reflection.id)).where(
    Reflection.enrollment_id == bindparam("enrollment_id"), Reflection.kind == "rtl"
)
_ANSWERED_CHECKS = (
    select(PracticeAnswer.block_key, PracticeAnswer.question_index)
    .where(
        PracticeAnswer.enrollment_id == bindparam("enrollment_id"),
        PracticeAnswer.lesson_id == bindparam("lesson_id"),
    )
    .distinct()
)


def published_modules(*columns) -> Select:
    """Current published versions of modules that are not archived (or the given columns)."""
    return (
        select(*(columns or (ModuleVersion,)))
        .join(Module, Module.current_version_id == ModuleVersion.id)
        .where(Module.archived.is_(False), ModuleVersion.published_at.is_not(None))
        .order_by(ModuleVersion.title)
    )


def competency_names(codes: list[str]) -> list[str]:
    names = competency_map()
    return [names.get(code, code) for code in codes]


def enrollment_for(user_id: int, module_id: int) -> Enrollment | None:
    return db.session.scalar(_ENROLLMENT, {"user_id": user_id, "module_id": module_id})


def enroll(user: User, module: Module) -> Enrollment:
    """Start the module on its current version (or return the existing enrolment)."""
    enrollment = enrollment_for(user.id, module.id)
    if enrollment is not None:
        return enrollment
    if module.current_version is None or module.archived:
        raise DomainError(_l("Modul ini belum tersedia."))
    enrollment = Enrollment(
        user_id=user.id,
        module_id=module.id,
        version_id=module.current_version_id,
        pretest_form=next_pretest_form(module),
    )
    try:
        with db.session.begin_nested():  # a double click may enrol in parallel: keep the first
            db.session.add(enrollment)
    except IntegrityError:
        return enrollment_for(user.id, module.id)
    return enrollment


def next_pretest_form(module: Module) -> str:
    """The form fewer of the module's learners took as their pre-test (A on a tie).

    Counterbalancing: half the learners start on each form, so a harder form lowers as many
    pre-tests as post-tests instead of faking a gain. Two enrolments at the same instant may
    pick the same form; the next enrolments then restore the balance.
    """
    counts = dict(
        db.session.execute(
            select(Enrollment.pretest_form, func.count())
            .where(Enrollment.module_id == module.id)
            .group_by(Enrollment.pretest_form)
        ).all()
    )
    return "B" if counts.get("B", 0) < counts.get("A", 0) else "A"


def touch(enrollment: Enrollment) -> None:
    enrollment.last_activity_at = clock.utcnow()


def record_test_result(enrollment: Enrollment, test: str, score: float, passed: bool) -> None:
    """Update the enrolment summary in the same transaction as the submitted attempt."""
    touch(enrollment)
    if test == "pre":
        if enrollment.pretest_score is None:
            enrollment.pretest_score = score
        return
    if enrollment.first_posttest_score is None:
        enrollment.first_posttest_score = score
    enrollment.posttest_attempts += 1
    if enrollment.best_posttest_score is None or score > enrollment.best_posttest_score:
        enrollment.best_posttest_score = score
    if passed and enrollment.posttest_passed_at is None:
        enrollment.posttest_passed_at = clock.utcnow()
    try_complete(enrollment)


def rtl_written(enrollment: Enrollment) -> bool:
    return db.session.scalar(_RTL_COUNT, {"enrollment_id": enrollment.id}) > 0


def try_complete(enrollment: Enrollment) -> bool:
    """Complete once: post-test passed and RTL written; credit JP and issue the certificate."""
    if enrollment.completed_at or not enrollment.posttest_passed_at or not rtl_written(enrollment):
        return False
    enrollment.completed_at = clock.utcnow()
    enrollment.jp_credited = enrollment.version.jp
    issue_certificate(enrollment)
    return True


def issue_certificate(enrollment: Enrollment) -> None:
    """The completed enrollment's certificate, with what it was earned for."""
    version = enrollment.version
    certificates.issue(
        user=enrollment.user,
        enrollment_id=enrollment.id,
        module_title=version.title,
        module_version=version.number,
        competencies=competency_names(version.competency_codes),
        jp=version.jp,
        score=enrollment.best_posttest_score or 0.0,
        completed_on=enrollment.completed_at,
        started_on=enrollment.started_at,
        issuer=current_app.config["CERTIFICATE_ISSUER"],
    )


def lessons_done_ids(enrollment: Enrollment) -> set[int]:
    return set(
        db.session.scalars(
            select(LessonProgress.lesson_id).where(LessonProgress.enrollment_id == enrollment.id)
        )
    )


def unanswered_checks(enrollment: Enrollment, lesson: Lesson) -> list[int]:
    """Numbers (1-based, in page order) of the lesson's practice checks with an unanswered
    question: a lesson counts as studied only once every question was answered, right or not."""
    checks = [block for block in lesson.blocks if block.get("kind") == "quiz"]
    if not checks:
        return []
    rows = db.session.execute(
        _ANSWERED_CHECKS, {"enrollment_id": enrollment.id, "lesson_id": lesson.id}
    )
    answered = {(key, index) for key, index in rows}
    return [
        number
        for number, block in enumerate(checks, start=1)
        if any((block["key"], index) not in answered for index in range(len(block["questions"])))
    ]


def mark_lesson_done(enrollment: Enrollment, lesson: Lesson) -> None:
    """Count the lesson as done; DomainError, changing nothing, while a check is unanswered."""
    if lesson.version_id != enrollment.version_id:
        raise DomainError(_l("Materi ini bukan bagian dari versi modul Anda."))
    missing = unanswered_checks(enrollment, lesson)
    if missing:
        raise DomainError(
            _l(
                "Materi ini belum dapat ditandai selesai: jawab dahulu semua soal cek "
                'pemahaman (%(checks)s), lalu tekan "Periksa jawaban".',
                checks=", ".join(str(_l("cek pemahaman %(n)s", n=n)) for n in missing),
            )
        )
    if lesson.id not in lessons_done_ids(enrollment):
        db.session.add(LessonProgress(enrollment_id=enrollment.id, lesson_id=lesson.id))
        # In SQL, not Python: two tabs marking lessons at once must both count.
        enrollment.lessons_done = Enrollment.lessons_done + 1
    enrollment.last_lesson_position = lesson.position
    touch(enrollment)
    db.session.flush()


def lesson_at(version_id: int, position: int) -> Lesson | None:
    return db.session.scalar(_LESSON_AT, {"version_id": version_id, "position": position})


def lesson_titles(version_id: int) -> list[tuple[int, str]]:
    """(position, title) of every lesson of a version, for navigation without loading blocks."""
    rows = db.session.execute(_LESSON_TITLES, {"version_id": version_id})
    return [(position, title) for position, title in rows]


def open_lesson(enrollment: Enrollment, lesson: Lesson) -> bool:
    """Remember the lesson the learner opened; True when that changed something to store."""
    if enrollment.last_lesson_position == lesson.position:
        return False
    enrollment.last_lesson_position = lesson.position
    touch(enrollment)
    return True


@dataclass(frozen=True)
class Step:
    """The next thing to do in a module."""

    kind: str  # pretest | lesson | posttest | exhausted | rtl | completed
    position: int | None = None  # the lesson to open (lesson, rtl)
    attempts_left: int | None = None  # None: unlimited
    retake: bool = False


def attempts_left(version: ModuleVersion, used: int) -> int | None:
    return None if version.max_attempts == 0 else max(0, version.max_attempts - used)


def next_step(enrollment: Enrollment | None, positions: list[int], done: set[int]) -> Step:
    """Pre-test first, then the first lesson not yet done, the post-test, the RTL; or finished.

    `positions` are the version's lesson positions in order, `done` those marked done.
    """
    if enrollment is None or enrollment.pretest_score is None:
        return Step("pretest")
    if enrollment.completed_at is not None:
        return Step("completed")
    if enrollment.posttest_passed_at is not None:
        return Step("rtl", position=positions[-1] if positions else None)
    undone = [position for position in positions if position not in done]
    if undone:
        return Step("lesson", position=undone[0])
    left = attempts_left(enrollment.version, enrollment.posttest_attempts)
    if left == 0:
        return Step("exhausted")
    return Step("posttest", attempts_left=left, retake=enrollment.posttest_attempts > 0)


def done_positions(enrollment_ids: list[int]) -> dict[int, set[int]]:
    """Positions of the lessons marked done, per enrolment, in one query."""
    rows = db.session.execute(_DONE_POSITIONS, {"enrollment_ids": enrollment_ids})
    done: dict[int, set[int]] = defaultdict(set)
    for enrollment_id, position in rows:
        done[enrollment_id].add(position)
    return done


def competency_map() -> dict[str, str]:
    return dict(db.session.execute(_COMPETENCIES).all())


def module_by_slug(slug: str) -> Module | None:
    return db.session.scalar(_MODULE_BY_SLUG, {"slug": slug})


def visible_version(module: Module, enrollment: Enrollment | None) -> ModuleVersion | None:
    """An enrolled learner keeps their version; others see the published current one, if any."""
    if enrollment is not None:
        return enrollment.version
    version = module.current_version
    if module.archived or version is None or version.published_at is None:
        return None
    return version


@dataclass
class ModulePage:
    module: Module
    version: ModuleVersion
    enrollment: Enrollment | None
    done: set[int]  # positions of the lessons marked done
    step: Step
    competencies: list[str]
    certificate: Certificate | None
    survey_given: bool
    rtl_done: bool = False

    @property
    def on_older_version(self) -> bool:
        return self.enrollment is not None and self.module.current_version_id != self.version.id


def module_page(module: Module, enrollment: Enrollment | None) -> ModulePage | None:
    version = visible_version(module, enrollment)
    if version is None:
        return None
    done = done_positions([enrollment.id]).get(enrollment.id, set()) if enrollment else set()
    completed = enrollment is not None and enrollment.completed_at is not None
    return ModulePage(
        module=module,
        version=version,
        enrollment=enrollment,
        done=done,
        step=next_step(enrollment, [lesson.position for lesson in version.lessons], done),
        competencies=competency_names(version.competency_codes),
        certificate=certificate_for(enrollment) if completed else None,
        survey_given=survey_given(enrollment) if completed else False,
        rtl_done=enrollment is not None and (completed or rtl_written(enrollment)),
    )


def certificate_for(enrollment: Enrollment) -> Certificate | None:
    return db.session.scalar(select(Certificate).where(Certificate.enrollment_id == enrollment.id))


def survey_given(enrollment: Enrollment) -> bool:
    return (
        db.session.scalar(
            select(func.count(ReactionSurvey.id)).where(
                ReactionSurvey.enrollment_id == enrollment.id
            )
        )
        > 0
    )
