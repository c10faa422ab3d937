import shutil

import pytest
from sqlalchemy import func, select

from lms.extensions import db
from lms.learning import services as learning
from lms.learning.models import Competency, Enrollment, Lesson, Module, ModuleVersion
from lms.quizzes.models import Question
from tests.factories import make_user

from .helpers import MODULE, copy_good, import_, replace

L1 = f"{MODULE}/01-menyambut-pemohon.md"
L2 = f"{MODULE}/02-menutup-layanan.md"
BANK = f"{MODULE}/questions.gift"
TABLES = (Competency, Module, ModuleVersion, Lesson, Question, Enrollment)


@pytest.fixture
def content(tmp_path):
    return copy_good(tmp_path / "content")


def counts() -> dict[str, int]:
    return {t.__name__: db.session.scalar(select(func.count()).select_from(t)) for t in TABLES}


def module_by_slug(slug: str = MODULE) -> Module:
    return db.session.scalar(select(Module).where(Module.slug == slug))


def test_import_creates_module_version_lessons_and_questions(runner, content):
    result = import_(runner, str(content))
    assert result.exit_code == 0, result.output
    assert result.output == f"{MODULE}: dibuat, versi 1\n"
    kom = db.session.scalar(select(Competency).where(Competency.code == "KOM"))
    assert (kom.name, kom.type) == ("Komunikasi", "manajerial")
    version = module_by_slug().current_version
    assert (version.number, version.title, version.jp, version.level) == (
        1,
        "Melayani Pemohon di Loket",
        1,
        "dasar",
    )
    assert (version.pretest_questions, version.posttest_questions) == (3, 3)
    assert (version.pass_mark, version.max_attempts) == (70, 0)
    assert version.competency_codes == ["PLP", "KOM"]
    assert version.published_at is not None
    assert "<h2>Tujuan pembelajaran</h2>" in version.overview_html
    lessons = [(lesson.position, lesson.title, lesson.minutes) for lesson in version.lessons]
    assert lessons == [(1, "Menyambut Pemohon", 5), (2, "Menutup Layanan dengan Kepastian", 6)]
    # Computed from the text, checks, reflection and RTL (lms.learning.duration), plus the
    # 3 + 3 test items: what every page shows, whatever the author estimated.
    assert [lesson.study_minutes for lesson in version.lessons] == [2, 15]
    assert version.minutes == 23
    questions = db.session.scalars(
        select(Question).where(Question.version_id == version.id).order_by(Question.position)
    ).all()
    assert [(q.kind, q.competency_code, q.gradeable) for q in questions] == [
        ("multichoice", "PLP", True),
        ("truefalse", "PLP", True),
        ("multiresponse", "PLP", True),
        ("numerical", "PLP", True),
        ("shortanswer", "KOM", True),
        ("matching", "KOM", True),
    ]
    first = questions[0].data
    assert first["title"] == "Sambutan pertama"
    assert first["text_html"].startswith("Seorang pemohon")  # Moodle auto-format: no <p>
    assert first["answers"][0]["text_html"].startswith("Menyapanya")
    assert first["answers"][0]["feedback_html"].startswith("Tepat.")
    assert "left_html" in questions[5].data["answers"][0]


def test_lesson_blocks_are_rendered_in_order_with_stable_keys(runner, content):
    import_(runner, str(content))
    first, last = module_by_slug().current_version.lessons
    assert [(b["kind"], b["key"]) for b in last.blocks] == [
        ("html", "b1"),
        ("quiz", "q1"),
        ("reflection", "r1"),
        ("html", "b2"),
        ("rtl", "rtl"),
    ]
    assert "<h2>Ringkas, lalu pastikan</h2>" in last.blocks[0]["html"]
    (question,) = last.blocks[1]["questions"]
    assert question["type"] == "truefalse"
    assert question["competency"] == "PLP"
    assert question["answers"][1]["feedback_html"].startswith("Tepat.")
    assert last.blocks[2]["prompt_html"].startswith("<p>Ingat satu pemohon")
    assert last.blocks[4]["prompt_html"].startswith("<p>Tuliskan satu kebiasaan")
    assert last.source.startswith("\n**Tujuan:**")
    assert [b["key"] for b in first.blocks] == ["b1", "q1", "b2"]


def test_lesson_html_is_sanitised(runner, content):
    replace(L1, "## Rangkuman", '<script>alert(1)</script>\n<a href="javascript:x">x</a>\n\n## R')(
        content
    )
    replace(BANK, "::Sambutan pertama::", '::Sambutan pertama::[html]<b onclick="x()">Hai</b> ')(
        content
    )
    assert import_(runner, str(content)).exit_code == 0
    version = module_by_slug().current_version
    html = " ".join(b.get("html", "") for b in version.lessons[0].blocks)
    assert "<script" not in html and "alert" not in html and "javascript" not in html
    question = db.session.scalar(select(Question).where(Question.position == 1))
    assert question.data["text_html"].startswith("<b>Hai</b>")


def test_importing_unchanged_content_changes_nothing(runner, content):
    import_(runner, str(content))
    before = counts()
    result = import_(runner, str(content))
    assert result.exit_code == 0
    assert result.output == f"{MODULE}: tidak berubah, tetap versi 1\n"
    assert counts() == before


def test_changed_module_becomes_version_2_and_enrolments_stay_on_version_1(runner, content):
    import_(runner, str(content))
    module = module_by_slug()
    first = module.current_version
    enrollment = learning.enroll(make_user(), module)
    db.session.commit()
    replace(L2, "minutes: 6", "minutes: 7")(content)
    result = import_(runner, str(content))
    assert result.output == f"{MODULE}: versi baru 2\n"
    db.session.expire_all()
    assert module_by_slug().current_version.number == 2
    assert module_by_slug().current_version.lessons[1].minutes == 7
    assert db.session.get(Enrollment, enrollment.id).version_id == first.id
    assert first.lessons[1].minutes == 6
    assert (
        db.session.scalar(select(func.count(Question.id)).where(Question.version_id == first.id))
        == 6
    )
    assert counts()["ModuleVersion"] == 2


def test_one_broken_module_means_nothing_is_written(runner, content):
    shutil.copytree(content / MODULE, content / "modul-rusak")
    replace("modul-rusak/questions.gift", "~%50%Tanggal", "~%150%Tanggal")(content)
    result = import_(runner, str(content))
    assert result.exit_code == 1
    assert f"{content}/modul-rusak/questions.gift:14:" in result.output
    assert "Tidak ada yang diimpor." in result.output
    assert set(counts().values()) == {0}


def test_broken_change_leaves_the_current_version(runner, content):
    import_(runner, str(content))
    before = counts()
    replace(L2, "```rtl", "```text")(content)
    assert import_(runner, str(content)).exit_code == 1
    assert counts() == before
    assert module_by_slug().current_version.number == 1
