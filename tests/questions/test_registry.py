"""The question package stays below the features, and every kind brings all that a kind needs."""

import ast
import random
from pathlib import Path
from typing import Any

import pytest
from flask import render_template_string
from werkzeug.datastructures import MultiDict

from lms.questions.forms import QuestionForm
from lms.questions.gift import category_code, parse_gift, question_to_dict
from lms.questions.gift_writer import to_gift
from lms.questions.kinds import KINDS

PACKAGE = Path(__file__).parents[2] / "lms" / "questions"
# Shared primitives the package may use; never a feature, never the database.
ALLOWED = {"lms.html"}
SAMPLES = {
    "multichoice": "Ibu kota Jambi? {=Jambi ~Muaro Jambi ~Sungai Penuh}",
    "multiresponse": "Pilih dua. {~%50%Kata kerja ~%50%Tenggat ~%-100%Acak}",
    "truefalse": "Jambi ada di Sumatra. {T}",
    "shortanswer": "Ibu kota Jambi? {=Jambi =Kota Jambi}",
    "numerical": "Dua tambah dua? {#4:0}",
    "matching": "Pasangkan. {=Jambi -> Sumatra =Pontianak -> Kalimantan = -> Jawa}",
    "essay": "Ceritakan pengalaman Anda. {}",
    "description": "Bacalah teks berikut.",
}


def imported_modules(path: Path) -> set[str]:
    """Absolute names of every `lms` module a source file imports, wherever the import sits."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                assert node.level == 1, f"{path.name} imports from outside the package"
                names.add(f"lms.questions.{node.module or ''}".rstrip("."))
            else:
                names.add(node.module)
    return {name for name in names if name == "lms" or name.startswith("lms.")}


@pytest.mark.parametrize("path", sorted(PACKAGE.glob("*.py")), ids=lambda path: path.name)
def test_package_imports_no_feature(path: Path) -> None:
    outside = {
        name
        for name in imported_modules(path)
        if name not in ALLOWED and not name.startswith("lms.questions")
    }
    assert outside == set()


def test_imports_are_found() -> None:
    assert imported_modules(PACKAGE / "base.py") >= {"lms.html", "lms.questions.gift"}


def sample(kind: str) -> dict[str, Any]:
    questions, errors = parse_gift(SAMPLES[kind])
    assert errors == []
    return question_to_dict(questions[0], category_code(questions[0].category))


def test_every_kind_has_a_sample() -> None:
    assert set(SAMPLES) == set(KINDS)
    assert {sample(name)["type"] for name in KINDS} == set(KINDS)


@pytest.mark.parametrize("name", list(KINDS))
def test_kind_has_label_hint_and_form(app, name: str) -> None:
    kind = KINDS[name]
    assert kind.name == name
    with app.test_request_context():
        assert str(kind.label).strip()
        assert str(kind.hint).strip()
        assert issubclass(kind.form, QuestionForm)
        assert kind.form.kind == name
        assert kind.answer_problems(sample(name)["answers"]) == []


@pytest.mark.parametrize("name", list(KINDS))
def test_kind_template_has_editor_and_key(app, name: str) -> None:
    kind = KINDS[name]
    with app.test_request_context():
        page = render_template_string(
            "{% import kind.template as parts %}{{ parts.key(data, kind) }}|{{ parts.editor }}",
            kind=kind,
            data=sample(name),
        )
    key, editor = page.split("|")
    assert "Macro" in editor
    assert key.strip()


@pytest.mark.parametrize("name", list(KINDS))
def test_demo_responses_include_the_best_and_a_worse_answer(name: str) -> None:
    kind, q = KINDS[name], sample(name)
    shown = kind.present(q, random.Random(5))
    grades = [kind.grade(q, shown, response) for response in kind.demo_responses(q, shown)]
    if kind.gradeable:
        assert max(grades) == 1.0
        assert min(grades) < 1.0
    else:
        assert set(grades) == {0.0}


@pytest.mark.parametrize("name", [name for name, kind in KINDS.items() if kind.tallies_options])
def test_ranking_finds_the_answers_a_response_chose(name: str) -> None:
    kind, q = KINDS[name], sample(name)
    shown = kind.present(q, random.Random(7))
    for response in kind.demo_responses(q, shown):
        chosen = kind.chosen(q, shown, response)
        assert chosen
        score = sum(q["answers"][i]["fraction"] for i in chosen)
        assert min(1.0, max(0.0, score)) == kind.grade(q, shown, response)


def test_kinds_without_tallies_rank_nothing() -> None:
    untallied = [name for name, kind in KINDS.items() if not kind.tallies_options]
    assert untallied == ["shortanswer", "numerical", "matching", "essay", "description"]
    for name in untallied:
        q = sample(name)
        shown = KINDS[name].present(q, random.Random(1))
        assert KINDS[name].chosen(q, shown, "Jambi") == []


@pytest.mark.parametrize("name", list(KINDS))
def test_every_kind_writes_gift_that_reads_back(name: str) -> None:
    q = sample(name)
    [again], errors = parse_gift(to_gift([q]))
    assert errors == []
    assert question_to_dict(again, q["competency"]) == q


@pytest.mark.parametrize("name", [name for name, kind in KINDS.items() if kind.gradeable])
def test_form_values_send_the_response_the_recorder_reads(name: str) -> None:
    kind, q = KINDS[name], sample(name)
    shown = kind.present(q, random.Random(3))
    grade, best = max(kind.graded_responses(q, shown), key=lambda graded: graded[0])
    form = MultiDict(
        [(key, v) for key, sent in kind.form_values(4, best).items() for v in _listed(sent)]
    )
    read = kind.read_response(shown, kind.collect(form, 4, shown))
    assert grade == 1.0 and kind.grade(q, shown, read) == 1.0


def _listed(sent: str | list[str]) -> list[str]:
    return sent if isinstance(sent, list) else [sent]


def test_a_wildcard_short_answer_is_typed_without_its_star() -> None:
    [q], _ = parse_gift("Singkatan sistem elektronik? {=SPBE* =sistem\\*elektronik}")
    data = question_to_dict(q, None)
    kind = KINDS["shortanswer"]
    typed = kind.demo_responses(data, kind.present(data, random.Random(1)))
    assert typed[:2] == ["SPBE", "sistem*elektronik"]
