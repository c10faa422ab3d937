import json
import random
from pathlib import Path
from typing import Any

import pytest
from jinja2 import Environment, FileSystemLoader
from werkzeug.datastructures import MultiDict

from lms.questions.base import ResponseError, read_number, render_html
from lms.questions.gift import category_code, parse_gift, question_to_dict
from lms.questions.kinds import KINDS, collect_values
from lms.questions.numbers import format_number

ROOT = Path(__file__).parents[2]
DATA = Path(__file__).parent / "data"


def question(source: str) -> dict[str, Any]:
    questions, errors = parse_gift(source)
    assert errors == []
    return question_to_dict(questions[0], category_code(questions[0].category))


def show(q: dict[str, Any], seed: int = 1) -> dict[str, Any]:
    return KINDS[q["type"]].present(q, random.Random(seed))


def option_id(presented: dict[str, Any], text: str, key: str = "options") -> str:
    return next(option["id"] for option in presented[key] if option["html"] == text)


def answer(q: dict[str, Any], *texts: str, values: list[str] | None = None) -> float:
    """Grade a learner who picked the options with these texts (or typed these values)."""
    kind, presented = KINDS[q["type"]], show(q)
    if values is None:
        values = [option_id(presented, text) for text in texts]
    response = kind.read_response(presented, values)
    return kind.grade(q, presented, response)


RICH = [
    question_to_dict(q, None)
    for q in parse_gift((DATA / "rich.gift").read_text(encoding="utf-8"))[0]
]


@pytest.mark.parametrize("q", RICH, ids=[q["title"] for q in RICH])
@pytest.mark.parametrize("with_html", [False, True])
def test_present_never_leaks_answers(q: dict[str, Any], with_html: bool) -> None:
    q = render_html(q) if with_html else q
    shown = json.dumps(show(q))
    secrets = [a["feedback"] for a in q["answers"]] + [q["general_feedback"]]
    if q["type"] == "shortanswer":
        secrets += [a["text"] for a in q["answers"]]
    if q["type"] == "numerical":
        secrets += [format_number(a["value"]) for a in q["answers"] if a["value"] is not None]
    assert "fraction" not in shown
    assert "feedback" not in shown
    for secret in filter(None, secrets):
        assert json.dumps(secret)[1:-1] not in shown


def test_present_is_json_and_stable_per_seed() -> None:
    q = question("Q {~a ~b ~c ~d =e ~f}")
    assert show(q, 7) == json.loads(json.dumps(show(q, 7)))
    orders = {tuple(o["html"] for o in show(q, seed)["options"]) for seed in range(20)}
    assert len(orders) > 1


def test_option_ids_are_opaque() -> None:
    q = question("Q {=right ~wrong1 ~wrong2}")
    presented = show(q)
    ids = [option["id"] for option in presented["options"]]
    assert len(set(ids)) == 3
    assert all(len(token) == 8 and int(token, 16) >= 0 for token in ids)
    assert sorted(presented["refs"].values()) == [0, 1, 2]


def test_missing_word_presentation_splits_the_text() -> None:
    presented = show(question("Grant is {~buried =entombed} in the tomb."))
    assert presented["blank"] is True
    assert presented["before_html"].endswith("Grant is ")
    assert presented["after_html"].startswith(" in the tomb.")


def test_truefalse_presentation_is_not_shuffled() -> None:
    presented = show(question("Q {T}"), 3)
    assert [option["id"] for option in presented["options"]] == ["true", "false"]


@pytest.mark.parametrize(
    ("source", "chosen", "score"),
    [
        ("Q {=a ~b ~%50%c ~%-100%d}", ["a"], 1.0),
        ("Q {=a ~b ~%50%c ~%-100%d}", ["b"], 0.0),
        ("Q {=a ~b ~%50%c ~%-100%d}", ["c"], 0.5),
        ("Q {=a ~b ~%50%c ~%-100%d}", ["d"], 0.0),
        ("Q {=a ~b ~%50%c ~%-100%d}", [], 0.0),
        ("Q {~%50%a ~%50%b ~%-100%c ~d}", ["a", "b"], 1.0),
        ("Q {~%50%a ~%50%b ~%-100%c ~d}", ["a"], 0.5),
        ("Q {~%50%a ~%50%b ~%-100%c ~d}", ["a", "d"], 0.5),
        ("Q {~%50%a ~%50%b ~%-25%c ~d}", ["a", "b", "c"], 0.75),
        ("Q {~%50%a ~%50%b ~%-100%c ~d}", ["a", "c"], 0.0),
        ("Q {~%50%a ~%50%b ~%-100%c ~d}", ["a", "b", "c", "d"], 0.0),
    ],
)
def test_grade_choices(source: str, chosen: list[str], score: float) -> None:
    assert answer(question(source), *chosen) == pytest.approx(score)


@pytest.mark.parametrize(
    ("block", "value", "score"),
    [("{T}", "true", 1.0), ("{T}", "false", 0.0), ("{F}", "false", 1.0), ("{F}", "", 0.0)],
)
def test_grade_truefalse(block: str, value: str, score: float) -> None:
    assert answer(question(f"Q {block}"), values=[value]) == score


@pytest.mark.parametrize(
    ("typed", "score"),
    [
        ("jam pelajaran", 1.0),
        ("  Jam   PELAJARAN ", 1.0),
        ("jp", 1.0),
        ("jam", 0.5),
        ("jam  ajar", 0.0),
        ("", 0.0),
        ("bapak ani", 0.25),
        ("ibu", 0.0),
    ],
)
def test_grade_shortanswer(typed: str, score: float) -> None:
    q = question("Q {=JP =jam pelajaran =%50%jam =%25%bapak *}")
    assert answer(q, values=[typed]) == score


@pytest.mark.parametrize(
    ("typed", "score"),
    [
        ("3.14", 1.0),
        ("3,14", 1.0),
        ("3.15", 1.0),
        ("3.13", 1.0),
        ("3.151", 0.5),
        ("3,2", 0.5),
        ("3.3", 0.0),
        ("-3.14", 0.0),
        ("abc", 0.0),
        ("", 0.0),
        ("10", 0.25),
        ("12,5", 0.25),
        ("20", 0.25),
        ("20.01", 0.0),
    ],
)
def test_grade_numerical(typed: str, score: float) -> None:
    q = question("Q {#=3.14:0.01 =%50%3.14:0.1 =%25%10..20 ~#Try again.}")
    assert answer(q, values=[typed]) == score


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("3,14", 3.14),
        ("3.14", 3.14),
        (" 1 975 ", 1975.0),
        ("1.234.567", 1234567.0),
        ("1.234,5", 1234.5),
        ("1,234.5", 1234.5),
        ("\u22125", -5.0),
        ("1e3", 1000.0),
        ("x", None),
        ("", None),
        ("nan", None),
    ],
)
def test_read_number(text: str, number: float | None) -> None:
    assert read_number(text) == number


def matching_values(presented: dict[str, Any], picks: dict[str, str]) -> list[str]:
    """Form values for the items shown, picking right-hand options by their text."""
    return [
        option_id(presented, picks[left["html"]], "rights") if left["html"] in picks else ""
        for left in presented["lefts"]
    ]


@pytest.mark.parametrize(
    ("picks", "score"),
    [
        ({"JP": "jam", "RTL": "rencana", "EPP": "evaluasi"}, 1.0),
        ({"JP": "jam", "RTL": "evaluasi", "EPP": "rencana"}, 1 / 3),
        ({"JP": "jam", "RTL": "jam", "EPP": "jam"}, 1 / 3),
        ({"JP": "lain"}, 0.0),
        ({}, 0.0),
    ],
)
def test_grade_matching(picks: dict[str, str], score: float) -> None:
    q = question("Q {=JP -> jam =RTL -> rencana =EPP -> evaluasi = -> lain}")
    kind, presented = KINDS["matching"], show(q)
    assert sorted(r["html"] for r in presented["rights"]) == ["evaluasi", "jam", "lain", "rencana"]
    response = kind.read_response(presented, matching_values(presented, picks))
    assert kind.grade(q, presented, response) == pytest.approx(score)


def test_matching_with_a_shared_right_side() -> None:
    q = question("Q {=kucing -> mamalia =ayam -> unggas =sapi -> mamalia}")
    presented = show(q)
    assert len(presented["rights"]) == 2
    values = matching_values(presented, {"kucing": "mamalia", "sapi": "mamalia"})
    response = KINDS["matching"].read_response(presented, values)
    assert KINDS["matching"].grade(q, presented, response) == pytest.approx(2 / 3)


@pytest.mark.parametrize("response", [{"forged": "forged"}, ["not", "a", "dict"], "text", None])
def test_matching_grade_ignores_forged_stored_responses(response: Any) -> None:
    q = question("Q {=a -> 1 =b -> 2}")
    assert KINDS["matching"].grade(q, show(q), response) == 0.0


@pytest.mark.parametrize("source", ["Q {}", "Read only."])
def test_essay_and_description_are_not_graded(source: str) -> None:
    q = question(source)
    kind = KINDS[q["type"]]
    presented = show(q)
    response = kind.read_response(presented, ["My answer"] if q["type"] == "essay" else [])
    assert kind.gradeable is False
    assert kind.grade(q, presented, response) == 0.0
    assert all(k.gradeable for name, k in KINDS.items() if name not in ("essay", "description"))


@pytest.mark.parametrize(
    ("source", "values"),
    [
        ("Q {=a ~b}", ["forged"]),
        ("Q {=a ~b}", ["a", "b"]),
        ("Q {~%50%a ~%50%b}", ["forged"]),
        ("Q {~%50%a ~%50%b}", ["a", "a"]),
        ("Q {T}", ["maybe"]),
        ("Q {T}", ["true", "false"]),
        ("Q {=x}", ["one", "two"]),
        ("Q {=x}", ["x" * 20_001]),
        ("Q {=a -> 1 =b -> 2}", ["forged", ""]),
        ("Q {=a -> 1 =b -> 2}", ["", "", ""]),
    ],
)
def test_read_response_refuses_tampering(source: str, values: list[str]) -> None:
    q = question(source)
    presented = show(q)
    # Stand-ins "a"/"b" become the real ids of those options; other values go as sent.
    real = {o.get("html"): o["id"] for o in presented.get("options", [])}
    with pytest.raises(ResponseError):
        KINDS[q["type"]].read_response(presented, [real.get(v, v) for v in values])


@pytest.mark.parametrize(
    ("source", "values", "expected"),
    [
        ("Q {=a ~b}", [], None),
        ("Q {=a ~b}", [""], None),
        ("Q {~%50%a ~%50%b}", [], None),
        ("Q {=x}", ["   "], None),
        ("Q {#1}", ["  2,5 "], "2,5"),
        ("Q {T}", ["false"], "false"),
        ("Q {=a -> 1 =b -> 2}", ["", ""], None),
        ("Q {}", ["Teks\nbebas"], "Teks\nbebas"),
    ],
)
def test_read_response(source: str, values: list[str], expected: Any) -> None:
    q = question(source)
    response = KINDS[q["type"]].read_response(show(q), values)
    assert response == expected


def test_collect_values_by_field_name() -> None:
    choice = show(question("Q {=a ~b}"))
    matching = show(question("Q {=a -> 1 =b -> 2}"))
    first, second = (left["id"] for left in matching["lefts"])
    right = matching["rights"][0]["id"]
    form = MultiDict([("q3", choice["options"][0]["id"]), (f"q4-{second}", right)])
    assert collect_values(form, 3, choice) == [choice["options"][0]["id"]]
    assert collect_values(form, 4, matching) == ["", right]
    form.add(f"q4-{first}", right)
    form.add(f"q4-{first}", right)
    with pytest.raises(ResponseError):
        collect_values(form, 4, matching)


def test_feedback_for_choices() -> None:
    q = render_html(question("[markdown]Q {=*yes*#Right. ~no#Wrong. ~%50%half ####General.}"))
    presented = show(q)
    result = KINDS["multichoice"].feedback(q, presented, option_id(presented, "half"))
    assert result["correct_html"] == "<em>yes</em>"
    assert result["chosen_feedback_html"] == []
    assert result["general_feedback_html"] == "<p>General.</p>"
    result = KINDS["multichoice"].feedback(q, presented, option_id(presented, "no"))
    assert result["chosen_feedback_html"] == ["Wrong."]


@pytest.mark.parametrize(
    ("source", "response", "correct", "chosen"),
    [
        ("Q {~%50%a#A ~%50%b ~c#C}", None, "<ul><li>a</li><li>b</li></ul>", []),
        ("Q {T#Wrong.#Right.}", "false", "Benar", ["Wrong."]),
        ("Q {F}", None, "Salah", []),
        ("Q {=JP#Yes. =%50%jam#Half.}", "Jam", "JP", ["Half."]),
        ("Q {#=3.14:0.01#Yes. =%50%1..5 ~#No.}", "9", "3.14 ± 0.01", ["No."]),
        ("Q {#1..5}", "2", "1 \u2013 5", []),
        ("Q {=a -> 1 =b -> 2}", None, "<ul><li>a → 1</li><li>b → 2</li></ul>", []),
        ("Q {}", "text", "", []),
    ],
)
def test_feedback(source: str, response: Any, correct: str, chosen: list[str]) -> None:
    q = question(source)
    result = KINDS[q["type"]].feedback(q, show(q), response)
    assert result["correct_html"] == correct
    assert result["chosen_feedback_html"] == chosen


def test_render_html_sanitises_and_unwraps_answers() -> None:
    q = render_html(question("[markdown]**Q** <script>x()</script> {=*a*#fb ~<b>b</b>}"))
    assert q["text_html"].startswith("<p><strong>Q</strong>")
    assert "<script>" not in q["text_html"]
    assert [a["text_html"] for a in q["answers"]] == ["<em>a</em>", "<b>b</b>"]
    assert q["answers"][0]["feedback_html"] == "fb"


def test_plain_fallback_escapes_text() -> None:
    presented = show(question("[html]<i>x</i> {=<b>a</b> ~b}"))
    assert presented["text_html"] == "&lt;i&gt;x&lt;/i&gt;"
    assert "&lt;b&gt;a&lt;/b&gt;" in [o["html"] for o in presented["options"]]


@pytest.fixture(scope="module")
def field_macro() -> Any:
    env = Environment(
        loader=FileSystemLoader(ROOT / "templates"), autoescape=True, extensions=["jinja2.ext.i18n"]
    )
    env.install_null_translations(newstyle=True)
    return env.get_template("quizzes/_fields.html").module.question_field


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("Q {=a ~b}", ['type="radio"', "checked", "<legend>Q</legend>"]),
        ("Q {~%50%a ~%50%b}", ['type="checkbox"', "checked"]),
        ("Q {T}", ['type="radio"', "Benar", "Salah", 'value="true" checked']),
        ("Q {=a -> 1 =b -> 2}", ["<select", "selected", "Pilih pasangan"]),
        ("Q {=x}", ['type="text"', 'value="&lt;typed&gt;"', "Jawaban Anda"]),
        ("Q {#1}", ['inputmode="decimal"', 'value="&lt;typed&gt;"']),
        ("Q {}", ["<textarea", "&lt;typed&gt;</textarea>"]),
    ],
)
def test_field_macro_shows_previous_response(field_macro: Any, source: str, expected: list) -> None:
    q = question(source)
    presented = show(q)
    values = {
        "radio": [o["id"] for o in presented.get("options", [])][:1],
        "checkbox": [o["id"] for o in presented.get("options", [])],
        "select": [presented["rights"][0]["id"], ""] if "rights" in presented else [],
    }.get(presented["widget"], ["<typed>"])
    if q["type"] == "truefalse":
        values = ["true"]
    response = KINDS[q["type"]].read_response(presented, values)
    html = str(field_macro(5, presented, response))
    assert html.startswith('<fieldset class="question">')
    for fragment in expected:
        assert fragment in html
    assert "<typed>" not in html
    assert html.count('id="') == html.count('for="')
    assert 'name="q5' in html


def test_field_macro_for_description_has_no_inputs(field_macro: Any) -> None:
    html = str(field_macro(1, show(question("Read this.")), None))
    assert html == '<div class="question">Read this.</div>'
