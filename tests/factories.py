"""Plain factory functions: each test builds the data it asserts on."""

import itertools
from datetime import date, datetime
from zoneinfo import ZoneInfo

from werkzeug.security import generate_password_hash

import config
from lms.certificates import services as certificates
from lms.extensions import db
from lms.learning import services as learning
from lms.learning.duration import lesson_minutes
from lms.learning.models import Competency, Lesson, Module, ModuleVersion, PracticeAnswer
from lms.people.models import RoleGrant, Unit, User
from lms.quizzes import services as quizzes
from lms.quizzes.models import Question

from .conftest import FAST_HASH, TEST_PASSWORD

# Generated NIPs start at serial 1000, so the fixed serials tests write into files (below 1000)
# never meet one made earlier in the session: the NIP repeats only every 24,975 serials.
_serial = itertools.count(1000)
_HASH_CACHE: dict[str, str] = {}


def local_today() -> date:
    """Today in the zone the test app runs in, for module-level constants (no app context):
    near midnight the UTC date is another day."""
    return datetime.now(ZoneInfo(config.load()["BABEL_DEFAULT_TIMEZONE"])).date()


def valid_nip(serial: int | None = None, gender: str = "1") -> str:
    serial = next(_serial) if serial is None else serial
    birth_year = 1970 + serial % 25
    birth = f"{birth_year}0{1 + serial % 9}1{serial % 9}"
    return f"{birth}{birth_year + 25}01{gender}{serial % 999 + 1:03d}"


def make_unit(name: str = "Dinas Kesehatan", parent: Unit | None = None) -> Unit:
    unit = Unit(name=name, parent=parent)
    db.session.add(unit)
    db.session.flush()
    return unit


def make_user(
    name: str = "Pegawai Uji",
    *,
    nip: str | None = None,
    supervisor: User | None = None,
    unit: Unit | None = None,
    roles: tuple[str, ...] = (),
    password: str | None = TEST_PASSWORD,
    must_change_password: bool = False,
    active: bool = True,
    grade: str = "III/a",
) -> User:
    if password is not None and password not in _HASH_CACHE:
        _HASH_CACHE[password] = generate_password_hash(password, method=FAST_HASH)
    user = User(
        nip=nip or valid_nip(),
        name=name,
        position="Analis",
        grade=grade,
        unit=unit,
        supervisor=supervisor,
        password_hash=_HASH_CACHE[password] if password else None,
        must_change_password=must_change_password,
        active=active,
    )
    user.role_grants = [RoleGrant(role=role) for role in roles]
    db.session.add(user)
    db.session.commit()
    return user


def choice_question(
    title: str, competency: str = "ORH", right: str = "Benar", wrongs=("Salah A", "Salah B")
) -> dict:
    """A multichoice question dict in the bank schema, with its sanitised *_html keys."""
    answers = [{"text": right, "fraction": 1.0, "feedback": f"Tepat: {right}"}] + [
        {"text": w, "fraction": 0.0, "feedback": f"Kurang tepat: {w}"} for w in wrongs
    ]
    for answer in answers:
        answer["text_html"] = f"<p>{answer['text']}</p>"
        answer["feedback_html"] = f"<p>{answer['feedback']}</p>"
    return {
        "type": "multichoice",
        "title": title,
        "text": f"Pertanyaan {title}?",
        "text_html": f"<p>Pertanyaan {title}?</p>",
        "format": "moodle",
        "competency": competency,
        "answers": answers,
        "general_feedback": "",
        "general_feedback_html": "",
    }


def make_module(
    slug: str = "modul-uji",
    *,
    title: str = "Modul Uji",
    lessons: int = 2,
    questions: int = 6,
    competencies: tuple[str, ...] = ("ORH",),
    jp: int = 2,
    pretest: int = 3,
    posttest: int = 3,
    pass_mark: int = 70,
    max_attempts: int = 3,
):
    """A published module (version 1) with lessons (the last ending in an RTL) and a bank."""
    for code in competencies:
        if db.session.scalar(db.select(Competency).where(Competency.code == code)) is None:
            db.session.add(Competency(code=code, name=f"Kompetensi {code}", type="manajerial"))
    module = Module(slug=slug)
    db.session.add(module)
    db.session.flush()
    version = ModuleVersion(
        module_id=module.id,
        number=1,
        title=title,
        summary=f"Ringkasan {title}",
        overview_html=f"<p>Tentang {title}</p>",
        jp=jp,
        pretest_questions=pretest,
        posttest_questions=posttest,
        pass_mark=pass_mark,
        max_attempts=max_attempts,
        competency_codes=list(competencies),
        published_at=datetime(2026, 1, 1),
    )
    for position in range(1, lessons + 1):
        blocks = [{"kind": "html", "key": "b1", "html": f"<p>Isi materi {position}</p>"}]
        if position == lessons:
            blocks.append({"kind": "rtl", "key": "rtl", "prompt_html": "<p>Tulis RTL Anda.</p>"})
        version.lessons.append(
            Lesson(
                position=position,
                title=f"Materi {position}",
                minutes=5,
                study_minutes=lesson_minutes(blocks),
                blocks=blocks,
            )
        )
    db.session.add(version)
    db.session.flush()
    for position in range(1, questions + 1):
        code = competencies[(position - 1) % len(competencies)]
        data = choice_question(f"Soal {position}", competency=code)
        db.session.add(
            Question(
                version_id=version.id,
                position=position,
                kind="multichoice",
                title=data["title"],
                competency_code=code,
                gradeable=True,
                data=data,
            )
        )
    module.current_version_id = version.id
    db.session.commit()
    return module


def add_question(version_id: int, data: dict, *, gradeable: bool = True) -> Question:
    """Append a question dict (bank schema) to a version's bank."""
    last = db.session.scalar(
        db.select(db.func.max(Question.position)).where(Question.version_id == version_id)
    )
    question = Question(
        version_id=version_id,
        position=(last or 0) + 1,
        kind=data["type"],
        title=data.get("title", ""),
        competency_code=data["competency"],
        gradeable=gradeable,
        data=data,
    )
    db.session.add(question)
    db.session.commit()
    return question


def publish_new_version(module: Module, *, questions: int = 6) -> ModuleVersion:
    """Publish version N+1 of a module (same settings and lessons, a new bank) as current."""
    old = module.current_version
    version = ModuleVersion(
        module_id=module.id,
        number=old.number + 1,
        **{
            key: getattr(old, key)
            for key in ("title", "summary", "overview_html", "jp", "pass_mark", "max_attempts")
            + ("pretest_questions", "posttest_questions", "competency_codes")
        },
        published_at=datetime(2026, 6, 1),
    )
    version.lessons = [
        Lesson(
            position=lesson.position,
            title=lesson.title,
            minutes=5,
            study_minutes=lesson.study_minutes,
            blocks=lesson.blocks,
        )
        for lesson in old.lessons
    ]
    db.session.add(version)
    db.session.flush()
    codes = old.competency_codes
    for position in range(1, questions + 1):
        add_question(version.id, choice_question(f"Baru {position}", codes[position % len(codes)]))
    module.current_version_id = version.id
    db.session.commit()
    return version


def answer_checks(enrollment, lesson) -> None:
    """Answer every practice question of the lesson, as a learner must before finishing it."""
    for block in lesson.blocks:
        if block.get("kind") == "quiz":
            for index in range(len(block["questions"])):
                db.session.add(
                    PracticeAnswer(
                        enrollment_id=enrollment.id,
                        lesson_id=lesson.id,
                        block_key=block["key"],
                        question_index=index,
                        response=None,
                        fraction=1.0,
                    )
                )
    db.session.flush()


def finish_lesson(enrollment, lesson) -> None:
    """Answer the lesson's checks, then mark it done."""
    answer_checks(enrollment, lesson)
    learning.mark_lesson_done(enrollment, lesson)


def ready_for_posttest(user: User, module: Module):
    """Enrol, submit the pre-test unanswered and finish every lesson; return the enrolment."""
    enrollment = learning.enroll(user, module)
    quizzes.submit_attempt(quizzes.start_attempt(enrollment, "pre"))
    for lesson in enrollment.version.lessons:
        finish_lesson(enrollment, lesson)
    db.session.commit()
    return enrollment


def option_id(item, fraction: float = 1.0) -> str:
    """The id under which a choice question's answer worth `fraction` was shown in an attempt."""
    wanted = next(a for a in item.snapshot["answers"] if a["fraction"] == fraction)
    return next(o["id"] for o in item.presented["options"] if o["html"] == wanted["text_html"])


def choice_answers(attempt, right: int | None = None) -> dict[int, list[str]]:
    """Values answering the first `right` choice items correctly (default all), the rest wrong."""
    right = len(attempt.items) if right is None else right
    return {
        item.position: [option_id(item, 1.0 if item.position <= right else 0.0)]
        for item in attempt.items
    }


_module_serial = itertools.count(1)


def make_certificate(
    user: User,
    *,
    title: str = "Manajemen Waktu",
    jp: int = 2,
    score: float = 85.0,
    completed_on: datetime = datetime(2026, 11, 28, 10, 0),
    competencies: tuple[str, ...] = ("Orientasi pada Hasil", "Pengembangan Diri dan Orang Lain"),
    issuer: str = "BPSDM Provinsi Jambi",
):
    """A certificate issued the way completion issues it, for a fresh module and enrolment."""
    module = make_module(f"modul-sertifikat-{next(_module_serial)}", title=title, jp=jp)
    enrollment = learning.enroll(user, module)
    certificate = certificates.issue(
        user=user,
        enrollment_id=enrollment.id,
        module_title=title,
        module_version=1,
        competencies=list(competencies),
        jp=jp,
        score=score,
        completed_on=completed_on,
        issuer=issuer,
        started_on=enrollment.started_at,
    )
    db.session.commit()
    return certificate
