"""Random input at the quiz and import entry points: never a 500, and a refusal changes nothing."""

import io
import shutil

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select, update
from werkzeug.datastructures import MultiDict

from lms.extensions import db
from lms.learning.models import Enrollment, Module, ModuleVersion
from lms.people.importer import COLUMNS, import_employees
from lms.people.models import Unit, User
from lms.questions.gift import parse_gift
from lms.questions.kinds import KINDS
from lms.quizzes.models import Attempt, AttemptItem, Question
from tests.conftest import login
from tests.factories import make_user, valid_nip

from .learners import SLUG
from .server import ROOT

SETTINGS = settings(
    max_examples=60,
    deadline=None,
    database=None,  # write no .hypothesis/ folder
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Any text, NUL included (PostgreSQL cannot store it); not lone surrogates: UTF-8 cannot carry them.
ANY_TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=40)
LONG_TEXT = st.text(st.characters(exclude_categories=["Cs"]), min_size=300, max_size=3000)


@pytest.fixture
def content(app):
    """The real modules in the database."""
    result = app.test_cli_runner().invoke(args=["lms", "content", "import", str(ROOT / "content")])
    assert result.exit_code == 0, result.output


@pytest.fixture
def attempt(client, content):
    """A learner's open pre-test showing every question of the bank, so every kind is asked."""
    version = db.session.scalar(
        select(ModuleVersion)
        .join(Module, Module.current_version_id == ModuleVersion.id)
        .where(Module.slug == SLUG)
    )
    version.pretest_questions = len(_gradeable(version.id))
    db.session.commit()
    login(client, make_user("Peserta Acak"))
    response = client.post(f"/modul/{SLUG}/pre-test")
    attempt = db.session.get(Attempt, int(response.location.rsplit("/", 1)[1]))
    kinds = {"multichoice", "multiresponse", "truefalse", "matching", "numerical", "shortanswer"}
    assert {item.presented["type"] for item in attempt.items} >= kinds
    return attempt


def _gradeable(version_id: int) -> list[int]:
    return list(
        db.session.scalars(
            select(Question.id).where(Question.version_id == version_id, Question.gradeable)
        )
    )


FREE_TEXT = ["", "Pomodoro", "3,5", "-1.234,5", "1e309", "NaN", " 42 "]


def _fields(attempt: Attempt) -> dict[str, list[str]]:
    """Each field of the test page, with the values a learner could send in it."""
    fields: dict[str, list[str]] = {}
    for item in attempt.items:
        presented, name = item.presented, f"q{item.position}"
        if presented.get("options"):
            fields[name] = ["", *(option["id"] for option in presented["options"])]
        elif presented.get("lefts"):
            rights = ["", *(right["id"] for right in presented["rights"])]
            fields |= {f"{name}-{left['id']}": rights for left in presented["lefts"]}
        elif presented["widget"] != "none":
            fields[name] = FREE_TEXT
    return fields


def _attempt_state(attempt_id: int) -> tuple:
    db.session.expire_all()
    attempt = db.session.get(Attempt, attempt_id)
    enrollment = attempt.enrollment
    return (
        (attempt.state, attempt.saved_at, attempt.submitted_at, attempt.score, attempt.passed),
        [(item.response, item.fraction) for item in attempt.items],
        (enrollment.pretest_score, enrollment.last_activity_at),
        db.session.scalar(select(func.count(Attempt.id))),
    )


def _reopen(attempt_id: int) -> None:
    """Back to an open, unanswered attempt, so that every example starts from the same place."""
    db.session.rollback()
    db.session.execute(
        update(Attempt)
        .where(Attempt.id == attempt_id)
        .values(state="open", saved_at=None, submitted_at=None, score=None, passed=None)
    )
    db.session.execute(
        update(AttemptItem)
        .where(AttemptItem.attempt_id == attempt_id)
        .values(response=None, fraction=None)
    )
    db.session.execute(update(Enrollment).values(pretest_score=None))
    db.session.commit()


def _mostly(plausible: list[str]) -> st.SearchStrategy[str]:
    """One of the plausible values nine times in ten, else any text at all."""
    return st.integers(0, 9).flatmap(lambda k: ANY_TEXT if k == 0 else st.sampled_from(plausible))


@SETTINGS
@given(data=st.data())
def test_random_answers_to_a_test_are_stored_or_refused_without_a_trace(client, attempt, data):
    fields = _fields(attempt)
    names = data.draw(st.lists(st.sampled_from(sorted(fields)), unique=True))
    pairs = [(name, data.draw(_mostly(fields[name]) | LONG_TEXT)) for name in names]
    junk = st.sampled_from(["action", "csrf_token", "q0", "q99", "q1-x"]) | ANY_TEXT
    pairs += data.draw(st.just([]) | st.lists(st.tuples(junk, ANY_TEXT), max_size=3))
    action = data.draw(_mostly(["save", "submit"]))
    autosave = data.draw(st.booleans())
    if data.draw(st.booleans()):
        _reopen(attempt.id)
    before = _attempt_state(attempt.id)

    response = client.post(
        f"/tes/{attempt.id}",
        data=MultiDict([*pairs, ("action", action)]),
        headers={"X-Autosave": "1"} if autosave else {},
    )
    event(f"{action[:6]!r} -> {response.status_code}")
    assert response.status_code in {200, 302, 400, 409, 429}, response.text[:500]
    after = _attempt_state(attempt.id)
    if response.status_code in {400, 409, 429} or before[0][0] == "submitted":
        assert after == before  # refused, or replayed on a submitted attempt: nothing changed
    if after[0][0] == "submitted":
        assert None not in [fraction for _, fraction in after[1]]  # graded whole, not in part


def _people() -> tuple:
    db.session.rollback()
    return (
        db.session.scalar(select(func.count(User.id))),
        db.session.scalar(select(func.count(Unit.id))),
        db.session.scalar(select(func.max(User.name))),
    )


SPECIAL = ['"', '""', ";", ",", "\n", "\r", "x" * 201, "V/z", " / ", "a@b", "12345"]
CELL_TEXT = ANY_TEXT


def _good_row(n: int) -> list[str]:
    boss = valid_nip(100) if n else ""
    return [valid_nip(100 + n), f"Pegawai {n}", "", "Analis", "III/a", "Dinas Uji", boss]


@st.composite
def csv_files(draw) -> bytes:
    """A good file with a few defects (a cell, a missing or extra cell, the header), or bytes."""
    if draw(st.integers(0, 5)) == 0:
        return draw(st.binary(max_size=300))
    lines = [list(COLUMNS)] + [_good_row(n) for n in range(draw(st.integers(0, 4)))]
    for _ in range(draw(st.integers(0, 3))):
        line = draw(st.sampled_from(lines))
        at = draw(st.integers(0, len(line)))
        action = draw(st.sampled_from(["replace", "replace", "drop", "insert"]))
        if action == "drop" and at < len(line):
            del line[at]
        elif action == "insert" or at == len(line):
            line.insert(at, draw(CELL_TEXT))
        else:
            line[at] = draw(CELL_TEXT | st.sampled_from(SPECIAL))
    delimiter = draw(st.sampled_from([",", ";"]))
    text = "\n".join(delimiter.join(line) for line in lines)
    prefix = draw(st.sampled_from([b"", b"\xef\xbb\xbf"]))
    return prefix + text.encode(draw(st.sampled_from(["utf-8", "utf-8", "latin-1"])), "replace")


@SETTINGS
@given(data=csv_files())
def test_a_random_employee_file_is_imported_whole_or_not_at_all(client, data):
    login(client, make_user("Admin Acak", roles=("admin",)))
    before = _people()
    response = client.post(
        "/admin/pegawai/impor",
        data={"file": (io.BytesIO(data), "pegawai.csv")},
        content_type="multipart/form-data",
    )
    event(f"-> {response.status_code}")
    assert response.status_code in {200, 302, 400}, response.text[:500]
    if response.status_code != 302:
        assert _people() == before


def test_an_employee_file_with_a_nul_is_refused(client):
    login(client, make_user("Admin NUL", roles=("admin",)))
    before = _people()
    row = _good_row(0)
    row[1] = "Budi\x00Santoso"
    data = "\n".join(",".join(line) for line in [COLUMNS, row]).encode()
    response = client.post(
        "/admin/pegawai/impor",
        data={"file": (io.BytesIO(data), "pegawai.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert _people() == before


@SETTINGS
@given(data=csv_files())
def test_the_employee_importer_refuses_bad_files_before_touching_the_session(app, data):
    before = _people()
    result = import_employees(data)
    if result.errors:
        assert not db.session.new and not db.session.dirty
    db.session.commit()
    if result.errors:
        assert _people() == before


GIFT_PIECES = st.sampled_from(
    ["::", "{", "}", "=", "~", "#", "####", "->", "%50%", "%-100%", "TRUE", "F", ":", "..",
     "1..2", "2:0.5", "[html]", "[markdown]", "\\{", "\\", "//", "$CATEGORY: ", "\n", "\n\n",
     "\r\n", " ", "A", "Jawaban", "∞", "\x00"]
)  # fmt: skip
GIFT_TEXT = st.lists(GIFT_PIECES | ANY_TEXT, max_size=40).map("".join)


@SETTINGS
@given(source=GIFT_TEXT | st.text())
def test_parse_gift_reads_any_text_without_raising(app, source):
    questions, errors = parse_gift(source)
    lines = source.count("\n") + source.count("\r") + 1
    assert all(1 <= error.line <= lines for error in errors)
    assert all(question.type in KINDS for question in questions)


@pytest.fixture
def content_folder(tmp_path):
    folder = tmp_path / "content"
    shutil.copytree(ROOT / "content", folder)
    return folder


@settings(SETTINGS, max_examples=30)
@given(source=GIFT_TEXT)
def test_a_content_import_with_a_random_question_bank_is_refused_or_done_whole(
    app, content_folder, source
):
    (content_folder / SLUG / "questions.gift").write_text(source, encoding="utf-8")
    before = db.session.scalar(select(func.count(Question.id)))
    runner = app.test_cli_runner()
    result = runner.invoke(args=["lms", "content", "import", str(content_folder)])
    assert result.exit_code in {0, 1} and not isinstance(result.exception, Exception), result
    if result.exit_code == 1:
        assert "Tidak ada yang diimpor" in result.output
        assert db.session.scalar(select(func.count(Question.id))) == before


@pytest.mark.parametrize(
    "method, path, form",
    [
        ("post", "/login", {"nip": "19900404\x002015032004", "password": "bina-demo"}),
        ("get", "/admin/pegawai?q=Budi%00", None),
        ("get", "/verify/abc%00def", None),
    ],
)
def test_a_nul_character_is_refused_before_it_reaches_the_database(client, method, path, form):
    """PostgreSQL cannot store a NUL (its query fails: a 500); SQLite would store it silently."""
    login(client, make_user("Admin NUL", roles=("admin",)))
    response = getattr(client, method)(path, data=form)
    assert response.status_code == 400
    assert "Permintaan tidak dapat diproses" in response.text
