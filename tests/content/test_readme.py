"""The trainers' guide (content/README.md) shows the example module and GIFT forms as they are."""

import re
from pathlib import Path

from lms.questions.gift import parse_gift

from .helpers import GOOD

README = Path(__file__).parents[2] / "content" / "README.md"
EXAMPLE_FILE = re.compile(r"^\*\*Berkas `([^`]+)`\*\*\n\n~~~~\w*\n(.*?)^~~~~$", re.M | re.S)
GIFT_BLOCK = re.compile(r"^```gift\n(.*?)^```$", re.M | re.S)


def test_readme_example_is_the_tested_example_module():
    shown = dict(EXAMPLE_FILE.findall(README.read_text(encoding="utf-8")))
    files = {
        path.relative_to(GOOD).as_posix(): path.read_text(encoding="utf-8")
        for path in GOOD.rglob("*")
        if path.is_file()
    }
    assert shown == files


def test_readme_gift_forms_parse_to_the_kinds_they_name():
    (block,) = GIFT_BLOCK.findall(README.read_text(encoding="utf-8"))
    questions, errors = parse_gift(block)
    assert errors == []
    assert [q.type for q in questions] == [
        "multichoice",
        "multichoice",
        "multiresponse",
        "truefalse",
        "shortanswer",
        "matching",
        "multichoice",
        "numerical",
        "numerical",
        "numerical",
        "numerical",
        "essay",
        "description",
        "truefalse",
        "multichoice",
        "multichoice",
        "multichoice",
    ]
    assert questions[-1].category == "KOM"
    assert questions[-2].text.startswith("Pada rumus IKM = NRR")
