"""The learner's home: assigned, in-progress, catalogue and completed modules, JP this year."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import Row, bindparam, select

from lms import clock
from lms.assignments.services import active_assignments_for
from lms.extensions import db

from .duration import module_minutes
from .models import Enrollment, Lesson, Module, ModuleVersion
from .services import (
    Step,
    competency_map,
    done_positions,
    next_step,
    published_modules,
)

# Built once (see services.py). The catalogue reads plain rows, not ORM objects built for every
# module on every visit, and leaves out the overview text the home page does not show.
_CATALOGUE = published_modules(
    ModuleVersion.id,
    ModuleVersion.module_id,
    ModuleVersion.title,
    ModuleVersion.summary,
    ModuleVersion.level,
    ModuleVersion.jp,
    ModuleVersion.competency_codes,
    ModuleVersion.published_at,
    ModuleVersion.pretest_questions,
    ModuleVersion.posttest_questions,
    Module.slug,
)
# Plain rows again: building ORM objects for every enrolment and its version cost more than
# the rest of the page.
_ENROLLMENTS = (
    select(
        Enrollment.id,
        Enrollment.module_id,
        Enrollment.version_id,
        Enrollment.pretest_score,
        Enrollment.posttest_passed_at,
        Enrollment.posttest_attempts,
        Enrollment.completed_at,
        Enrollment.lessons_done,
        Enrollment.jp_credited,
        Enrollment.page_opened_at,
        Module.slug,
        ModuleVersion.title,
        ModuleVersion.max_attempts,
        ModuleVersion.competency_codes,
        ModuleVersion.pretest_questions,
        ModuleVersion.posttest_questions,
    )
    .join(ModuleVersion, ModuleVersion.id == Enrollment.version_id)
    .join(Module, Module.id == Enrollment.module_id)
    .where(Enrollment.user_id == bindparam("user_id"))
    .order_by(Enrollment.last_activity_at.desc(), Enrollment.id.desc())
)
_OUTLINE = (
    select(Lesson.version_id, Lesson.position, Lesson.study_minutes)
    .where(Lesson.version_id.in_(bindparam("version_ids", expanding=True)))
    .order_by(Lesson.version_id, Lesson.position)
)


def lesson_outline(version_ids: set[int]) -> dict[int, list[tuple[int, int]]]:
    """(position, minutes) of the lessons of each version, in one query."""
    rows = db.session.execute(_OUTLINE, {"version_ids": list(version_ids)})
    outline: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for version_id, position, minutes in rows:
        outline[version_id].append((position, minutes))
    return outline


@dataclass(frozen=True, slots=True)
class EnrolledVersion:
    """What the home page reads of the version an enrolment is on."""

    id: int
    module_id: int
    title: str
    max_attempts: int
    competency_codes: list[str]
    pretest_questions: int
    posttest_questions: int


@dataclass(frozen=True, slots=True)
class MyEnrollment:
    """What the home page reads of an enrolment (the fields next_step asks for, among them)."""

    id: int
    module_id: int
    version_id: int
    pretest_score: float | None
    posttest_passed_at: datetime | None
    posttest_attempts: int
    completed_at: datetime | None
    lessons_done: int
    jp_credited: int | None
    page_opened_at: datetime | None  # time on task (lms.learning.study)
    slug: str
    version: EnrolledVersion

    @classmethod
    def from_row(cls, row) -> "MyEnrollment":
        *fields, slug, title, max_attempts, codes, pretest, posttest = row
        version = EnrolledVersion(
            row.version_id, row.module_id, title, max_attempts, codes, pretest, posttest
        )
        return cls(*fields, slug, version)


@dataclass
class ModuleCard:
    """A module as listed on the learner's home, with the learner's place in it if enrolled."""

    slug: str
    version: EnrolledVersion | Row  # a catalogue row has the card's columns too
    lessons: int
    minutes: int
    competencies: list[str]
    enrollment: MyEnrollment | None = None
    lessons_done: int = 0
    step: Step = field(default_factory=lambda: Step("pretest"))


@dataclass
class Home:
    assigned: list
    in_progress: list[ModuleCard]
    completed: list[ModuleCard]
    catalogue: list[ModuleCard]
    competencies: list[tuple[str, str]]  # (code, name) used by the catalogue, for the filter
    jp_this_year: int
    page_open: bool = False  # a page of one of the learner's modules is open (time on task)

    def catalogue_for(self, code: str | None) -> list[ModuleCard]:
        if not code:
            return self.catalogue
        return [card for card in self.catalogue if code in card.version.competency_codes]


@dataclass
class AssignedCard:
    """A module the supervisor made compulsory ("Wajib"), not yet completed."""

    card: ModuleCard
    due_date: date
    overdue: bool
    note: str


def assigned_cards(user_id: int, cards_by_module: dict[int, ModuleCard], today: date) -> list:
    cards = []
    for assignment in active_assignments_for(user_id):
        card = cards_by_module.get(assignment.module_id)
        if card is None or (card.enrollment and card.enrollment.completed_at):
            continue
        overdue = assignment.due_date < today
        cards.append(AssignedCard(card, assignment.due_date, overdue, assignment.note))
    return cards


def learner_home(user_id: int, year: int) -> Home:
    """Everything on the learner's home in a fixed number of queries, however many modules."""
    rows = db.session.execute(_ENROLLMENTS, {"user_id": user_id})
    enrollments = [MyEnrollment.from_row(row) for row in rows]
    published = db.session.execute(_CATALOGUE).all()
    outline = lesson_outline({e.version_id for e in enrollments} | {v.id for v in published})
    done = done_positions([e.id for e in enrollments if e.completed_at is None])
    names = competency_map()
    by_module = {e.module_id: e for e in enrollments}

    def card(slug: str, version, enrollment: MyEnrollment | None) -> ModuleCard:
        lessons = outline.get(version.id, [])
        finished = done.get(enrollment.id, set()) if enrollment else set()
        return ModuleCard(
            slug=slug,
            version=version,
            lessons=len(lessons),
            minutes=module_minutes(
                (minutes for _, minutes in lessons),
                version.pretest_questions,
                version.posttest_questions,
            ),
            competencies=[names.get(code, code) for code in version.competency_codes],
            enrollment=enrollment,
            lessons_done=enrollment.lessons_done if enrollment else 0,
            step=next_step(enrollment, [position for position, _ in lessons], finished),
        )

    mine = [card(e.slug, e.version, e) for e in enrollments]
    catalogue = [card(v.slug, v, by_module.get(v.module_id)) for v in published]
    cards_by_module = {c.version.module_id: c for c in catalogue} | {
        c.enrollment.module_id: c for c in mine
    }
    codes = {code for version in published for code in version.competency_codes}
    assigned = assigned_cards(user_id, cards_by_module, clock.today())
    listed = {item.card.version.module_id for item in assigned}  # each module once on the page
    return Home(
        assigned=assigned,
        in_progress=[
            c
            for c in mine
            if c.enrollment.completed_at is None and c.enrollment.module_id not in listed
        ],
        completed=sorted(
            (c for c in mine if c.enrollment.completed_at),
            key=lambda c: c.enrollment.completed_at,
            reverse=True,
        ),
        catalogue=catalogue,
        competencies=sorted(((code, names.get(code, code)) for code in codes), key=lambda c: c[1]),
        jp_this_year=sum(
            e.jp_credited or 0
            for e in enrollments
            if e.completed_at is not None and clock.local_date(e.completed_at).year == year
        ),
        page_open=any(e.page_opened_at is not None for e in enrollments),
    )
