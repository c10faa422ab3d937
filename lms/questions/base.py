"""What every question kind shares: the base kind and the helpers the kinds are made of.

Kinds work on question dicts (see gift.question_to_dict), optionally carrying sanitised
`*_html` keys (see render_html); without them, texts are shown escaped.
"""

import random
import re
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from lms.html import render_text

from . import checks
from .gift import BLANK, DEFAULT_FORMAT
from .numbers import parse_number

QuestionDict = Mapping[str, Any]
Presented = dict[str, Any]
Response = str | list[str] | dict[str, str] | None
Graded = tuple[float, Response]
MAX_RESPONSE = (
    20_000  # longer than any honest answer; stops a forged post from bloating the database
)


class ResponseError(ValueError):
    """The form sent something the presented question never offered."""


class Form(Protocol):
    def getlist(self, key: str) -> list[str]: ...


def render_html(q: QuestionDict) -> dict[str, Any]:
    """Return a copy of a question dict with sanitised *_html keys, to store once on import."""
    fmt = q.get("format") or DEFAULT_FORMAT
    return {
        **q,
        "text_html": str(render_text(q["text"], fmt)).strip(),
        "general_feedback_html": str(render_text(q.get("general_feedback", ""), fmt)).strip(),
        "answers": [_answer_html(a, fmt) for a in q["answers"]],
    }


def _answer_html(answer: Mapping[str, Any], fmt: str) -> dict[str, Any]:
    rendered = {
        f"{key}_html": str(inline(render_text(answer[key], fmt)))
        for key in ("text", "feedback", "left")
        if key in answer
    }
    return {**answer, **rendered}


def read_number(text: str) -> float | None:
    """Read a learner's number: '3,14' as well as '3.14', and '1.234,5' or '1,234.5'."""
    text = "".join(text.split()).replace("\u2212", "-")
    if "," in text and "." in text:
        thousands = "," if text.rfind(".") > text.rfind(",") else "."
        text = text.replace(thousands, "")
    elif text.count(",") > 1 or text.count(".") > 1:
        text = text.replace(",", "").replace(".", "")
    return parse_number(text)


def inline(html: Markup) -> Markup:
    """Unwrap a lone paragraph, so that an answer fits inside a label."""
    inner = html.strip()
    if inner.startswith("<p>") and inner.endswith("</p>") and inner.count("<p>") == 1:
        return Markup(inner[3:-4])
    return html


def html_of(item: Mapping[str, Any], key: str) -> Markup:
    html = item.get(f"{key}_html")
    if html is not None:
        return Markup(html)
    return render_text(str(item.get(key) or ""), "plain")


def list_html(items: Sequence[Markup]) -> Markup:
    if len(items) <= 1:
        return items[0] if items else Markup("")
    rows = Markup("").join(Markup("<li>{}</li>").format(item) for item in items)
    return Markup("<ul>{}</ul>").format(rows)


def new_tokens(rng: random.Random, count: int) -> list[str]:
    """Draw distinct opaque ids, so that an id tells nothing about its answer."""
    tokens: dict[str, None] = {}
    while len(tokens) < count:
        tokens[f"{rng.getrandbits(32):08x}"] = None
    return list(tokens)


def rank_by_text(texts: Sequence[str]) -> list[int]:
    """Answer indexes sorted by text: refs point here, so they say nothing about file order."""
    return sorted(range(len(texts)), key=lambda i: (texts[i], i))


def clip(score: float) -> float:
    return min(1.0, max(0.0, score))


def one_value(values: Sequence[str]) -> str | None:
    if len(values) > 1:
        raise ResponseError("several values sent for a one-answer question")
    value = values[0].strip() if values else ""
    if len(value) > MAX_RESPONSE:
        raise ResponseError("answer too long")
    return value or None


def _normalise(text: str, case_sensitive: bool) -> str:
    spaced = " ".join(text.split())
    return spaced if case_sensitive else spaced.casefold()


def accepts_text(answer: str, response: str, case_sensitive: bool = False) -> bool:
    """Compare as Moodle's short answer does, ignoring spacing and (unless told) case; '*'
    matches anything."""
    parts = re.split(r"(?<!\\)\*", _normalise(answer, case_sensitive))
    pattern = ".*".join(re.escape(part.replace("\\*", "*")) for part in parts)
    return re.fullmatch(pattern, _normalise(response, case_sensitive), re.DOTALL) is not None


def result(q: QuestionDict, correct: Sequence[Markup], chosen: Sequence[Mapping]) -> dict[str, Any]:
    return {
        "correct_html": list_html(correct),
        "chosen_feedback_html": [html_of(a, "feedback") for a in chosen if a.get("feedback")],
        "general_feedback_html": html_of(q, "general_feedback"),
    }


class Kind:
    """A question kind; the base shows the text and takes one free-text answer.

    A kind names itself (`name`, its key in kinds.KINDS), labels and explains itself in the
    editor (`label`, `hint`), edits its questions with `form` and draws its editor fields and
    answer key with the macros of `template`.
    """

    name: str
    label: str  # lazy strings: translated where shown
    hint: str
    form: type  # a questions.forms.QuestionForm
    widget = "none"  # which form control the template draws
    gradeable = True
    has_blank = False  # whether a missing-word blank may split the text
    tallies_options = False  # whether item analysis counts how often each answer was chosen
    picks_one_option = False  # one option chosen from several: where a key may show by its length
    more_rows_label = _l("Tambah baris jawaban")

    @property
    def template(self) -> str:
        return f"questions/{self.name}.html"

    def present(self, q: QuestionDict, rng: random.Random) -> Presented:
        shown = {"type": q["type"], "widget": self.widget, "text_html": str(html_of(q, "text"))}
        before, blank, after = shown["text_html"].partition(BLANK)
        if self.has_blank and blank:
            shown |= {"blank": True, "before_html": before, "after_html": after}
        return shown

    def collect(self, form: Form, position: int, presented: Presented) -> list[str]:
        return form.getlist(f"q{position}")

    def form_values(self, position: int, response: Response) -> dict[str, str | list[str]]:
        """The form fields that send this response: what `collect` reads back."""
        return {} if response is None else {f"q{position}": response}  # type: ignore[dict-item]

    def read_response(self, presented: Presented, values: Sequence[str]) -> Response:
        return one_value(values)

    def grade(self, q: QuestionDict, presented: Presented, response: Response) -> float:
        return 0.0

    def feedback(self, q: QuestionDict, presented: Presented, response: Response) -> dict[str, Any]:
        return result(q, [], [])

    def answer_problems(self, answers: Sequence[Mapping]) -> list[str]:
        """What is wrong with a question's answers, as messages for the trainer."""
        return checks.no_answers(answers)

    def chosen(self, q: QuestionDict, presented: Presented, response: Response) -> list[int]:
        """Indexes into q's answers of what the learner chose (kinds that tally options)."""
        return []

    def option_label(self, answer: Mapping) -> str:
        """An answer as plain text, for a spreadsheet."""
        return answer["text"]

    def option_html(self, answer: Mapping) -> Markup:
        """An answer as shown to the trainer."""
        return html_of(answer, "text")

    def demo_responses(self, q: QuestionDict, presented: Presented) -> list[Response]:
        """Responses a demo learner could give; grading them tells right from wrong."""
        return [a["text"] for a in q["answers"]] + ["tidak tahu"]

    def graded_responses(self, q: QuestionDict, presented: Presented) -> list[Graded]:
        """The demo responses with their grades, for a simulated learner's best or worst."""
        return [(self.grade(q, presented, r), r) for r in self.demo_responses(q, presented)]
