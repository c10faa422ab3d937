"""Writing GIFT (gift_writer.to_gift): whatever the parser reads must come back unchanged."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lms.questions.gift import BLANK, question_to_dict
from lms.questions.gift_writer import to_gift

from .test_gift import DATA, as_dicts, parse_one


def test_round_trip_of_rich_fixture() -> None:
    original = as_dicts((DATA / "rich.gift").read_text(encoding="utf-8"))
    assert len(original) == 16
    assert {q["type"] for q in original} == {
        "multichoice",
        "multiresponse",
        "truefalse",
        "shortanswer",
        "numerical",
        "matching",
        "essay",
        "description",
    }
    written = to_gift(original)
    assert as_dicts(written) == original
    assert to_gift(as_dicts(written)) == written


def test_to_gift_writes_category_when_competency_changes() -> None:
    base = question_to_dict(parse_one("Q {}"), None)
    questions = [
        base | {"competency": "ORH"},
        base | {"competency": "ORH"},
        base | {"competency": "KOM", "category": "$course$/top/KOM"},
        base | {"competency": None},
    ]
    lines = [line for line in to_gift(questions).splitlines() if line.startswith("$")]
    assert lines == ["$CATEGORY: ORH", "$CATEGORY: $course$/top/KOM", "$CATEGORY: "]


@pytest.mark.parametrize(
    "source",
    [
        "Q {=a =b ~c}",
        "Q {=a =b ~%100%c}",
        "Q {~%0%%50 off =%100%%5 more}",
        "Q {=%100%%x =[plain][html] looks like a prefix ~b}",
        "[moodle][html] is a tag {T}",
        "[moodle]// not a comment {}",
        "[moodle]$CATEGORY: not a category {}",
        "Fill _____ {=x}",
        f"Fill {BLANK} here {{T}}",
        "_____ first _____ second {~a =b}",
        "Q {=a -> x -> y =b -> z}",
        "Q {= -> only distractor =a -> 1 =b -> 1}",
        "Q {#=%50%1 =2:0.5 ~}",
        "Q {=a#see a -> b}",
        "Q {T####general}",
        "Q {F#wrong####general}",
    ],
)
def test_round_trip_of_tricky_questions(source: str) -> None:
    original = as_dicts(source)
    assert as_dicts(to_gift(original)) == original


@pytest.mark.parametrize(
    ("answers", "kind"),
    [
        ([{"text": "a->b", "fraction": 1.0, "feedback": ""}], "shortanswer"),
        ([{"left": "a->b", "right": "c", "fraction": 1.0, "feedback": ""}], "matching"),
    ],
)
def test_to_gift_refuses_what_gift_cannot_hold(answers: list[dict], kind: str) -> None:
    question = {"type": kind, "title": "", "text": "Q", "format": "moodle", "answers": answers}
    with pytest.raises(ValueError, match="->"):
        to_gift([question])


_TEXT = st.text(alphabet="ab \n\\~=#{}:%[]/_->$*", max_size=30).map(str.strip)


@settings(max_examples=150, deadline=None, database=None)
@given(title=_TEXT, text=_TEXT, answer=_TEXT, feedback=_TEXT, general=_TEXT)
def test_round_trip_of_any_text(
    title: str, text: str, answer: str, feedback: str, general: str
) -> None:
    question = {
        "type": "multichoice",
        "title": title,
        "text": text,
        "format": "moodle",
        "competency": None,
        "answers": [
            {"text": answer or "x", "fraction": 1.0, "feedback": feedback},
            {"text": "other", "fraction": 0.0, "feedback": general},
        ],
        "general_feedback": general,
    }
    assert as_dicts(to_gift([question])) == [question]
