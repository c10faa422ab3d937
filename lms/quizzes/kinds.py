"""The one registry of question kinds: how each is shown, read from the form, graded, explained.

Kinds work on question dicts (see gift.question_to_dict), optionally carrying sanitised
`*_html` keys (see render_html); without them, texts are shown escaped.
"""

import random
import re
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from flask_babel import gettext
from markupsafe import Markup, escape

from lms.html import render_text

from .gift import BLANK, DEFAULT_FORMAT
from .numbers import format_number, parse_number

QuestionDict = Mapping[str, Any]
Presented = dict[str, Any]
Response = str | list[str] | dict[str, str] | None
MAX_TEXT = 20_000  # longer than any honest answer; stops a forged post from bloating the database
_EPSILON = 1e-9  # so that 3.15 counts as within 3.14 ± 0.01 despite binary floats


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
        f"{key}_html": str(_inline(render_text(answer[key], fmt)))
        for key in ("text", "feedback", "left")
        if key in answer
    }
    return {**answer, **rendered}


def collect_values(form: Form, position: int, presented: Presented) -> list[str]:
    """Gather what the form sent for the question shown at this position."""
    return KINDS[presented["type"]].collect(form, position, presented)


def read_number(text: str) -> float | None:
    """Read a learner's number: '3,14' as well as '3.14', and '1.234,5' or '1,234.5'."""
    text = "".join(text.split()).replace("\u2212", "-")
    if "," in text and "." in text:
        thousands = "," if text.rfind(".") > text.rfind(",") else "."
        text = text.replace(thousands, "")
    elif text.count(",") > 1 or text.count(".") > 1:
        text = text.replace(",", "").replace(".", "")
    return parse_number(text)


def _inline(html: Markup) -> Markup:
    """Unwrap a lone paragraph, so that an answer fits inside a label."""
    inner = html.strip()
    if inner.startswith("<p>") and inner.endswith("</p>") and inner.count("<p>") == 1:
        return Markup(inner[3:-4])
    return html


def _html(item: Mapping[str, Any], key: str) -> Markup:
    html = item.get(f"{key}_html")
    if html is not None:
        return Markup(html)
    return render_text(str(item.get(key) or ""), "plain")


def _list_html(items: Sequence[Markup]) -> Markup:
    if len(items) <= 1:
        return items[0] if items else Markup("")
    rows = Markup("").join(Markup("<li>{}</li>").format(item) for item in items)
    return Markup("<ul>{}</ul>").format(rows)


def _tokens(rng: random.Random, count: int) -> list[str]:
    """Draw distinct opaque ids, so that an id tells nothing about its answer."""
    tokens: dict[str, None] = {}
    while len(tokens) < count:
        tokens[f"{rng.getrandbits(32):08x}"] = None
    return list(tokens)


def _ranked(texts: Sequence[str]) -> list[int]:
    """Answer indexes sorted by text: refs point here, so they say nothing about file order."""
    return sorted(range(len(texts)), key=lambda i: (texts[i], i))


def _clip(score: float) -> float:
    return min(1.0, max(0.0, score))


def _one(values: Sequence[str]) -> str | None:
    if len(values) > 1:
        raise ResponseError("several values sent for a one-answer question")
    value = values[0].strip() if values else ""
    if len(value) > MAX_TEXT:
        raise ResponseError("answer too long")
    return value or None


def _normalise(text: str, case_sensitive: bool) -> str:
    spaced = " ".join(text.split())
    return spaced if case_sensitive else spaced.casefold()


def _accepts(answer: str, response: str, case_sensitive: bool = False) -> bool:
    """Compare as Moodle's short answer does, ignoring spacing and (unless told) case; '*'
    matches anything."""
    parts = re.split(r"(?<!\\)\*", _normalise(answer, case_sensitive))
    pattern = ".*".join(re.escape(part.replace("\\*", "*")) for part in parts)
    return re.fullmatch(pattern, _normalise(response, case_sensitive), re.DOTALL) is not None


def _result(
    q: QuestionDict, correct: Sequence[Markup], chosen: Sequence[Mapping]
) -> dict[str, Any]:
    return {
        "correct_html": _list_html(correct),
        "chosen_feedback_html": [_html(a, "feedback") for a in chosen if a.get("feedback")],
        "general_feedback_html": _html(q, "general_feedback"),
    }


class Kind:
    """A question kind; the base shows the text and takes one free-text answer."""

    widget = "none"  # which form control the template draws
    gradeable = True
    has_blank = False  # whether a missing-word blank may split the text

    def present(self, q: QuestionDict, rng: random.Random) -> Presented:
        shown = {"type": q["type"], "widget": self.widget, "text_html": str(_html(q, "text"))}
        before, blank, after = shown["text_html"].partition(BLANK)
        if self.has_blank and blank:
            shown |= {"blank": True, "before_html": before, "after_html": after}
        return shown

    def collect(self, form: Form, position: int, presented: Presented) -> list[str]:
        return form.getlist(f"q{position}")

    def read_response(self, presented: Presented, values: Sequence[str]) -> Response:
        return _one(values)

    def grade(self, q: QuestionDict, presented: Presented, response: Response) -> float:
        return 0.0

    def feedback(self, q: QuestionDict, presented: Presented, response: Response) -> dict[str, Any]:
        return _result(q, [], [])


class ChoiceKind(Kind):
    widget = "radio"
    has_blank = True

    def present(self, q: QuestionDict, rng: random.Random) -> Presented:
        answers = q["answers"]
        ranked = _ranked([a["text"] for a in answers])
        ids = _tokens(rng, len(ranked))
        options = [
            {"id": ids[r], "html": str(_html(answers[i], "text"))} for r, i in enumerate(ranked)
        ]
        rng.shuffle(options)
        refs = {token: rank for rank, token in enumerate(ids)}
        return super().present(q, rng) | {"options": options, "refs": refs}

    def read_response(self, presented: Presented, values: Sequence[str]) -> Response:
        choice = _one(values)
        if choice is not None and choice not in presented["refs"]:
            raise ResponseError(f"unknown option {choice[:20]!r}")
        return choice

    def grade(self, q: QuestionDict, presented: Presented, response: Response) -> float:
        return _clip(sum(a["fraction"] for a in self._chosen(q, presented, response)))

    def feedback(self, q: QuestionDict, presented: Presented, response: Response) -> dict[str, Any]:
        right = [_html(a, "text") for a in self._right(q["answers"])]
        return _result(q, right, self._chosen(q, presented, response))

    def _right(self, answers: Sequence[Mapping]) -> list[Mapping]:
        best = max(a["fraction"] for a in answers)
        return [a for a in answers if a["fraction"] == best]

    def _chosen(self, q: QuestionDict, presented: Presented, response: Response) -> list[Mapping]:
        ranked = _ranked([a["text"] for a in q["answers"]])
        ids = [response] if isinstance(response, str) else list(response or [])
        ranks = [presented["refs"][token] for token in ids if token in presented["refs"]]
        return [q["answers"][ranked[rank]] for rank in ranks if rank < len(ranked)]


class MultiResponseKind(ChoiceKind):
    widget = "checkbox"

    def read_response(self, presented: Presented, values: Sequence[str]) -> Response:
        chosen = [value for value in values if value]
        if len(set(chosen)) != len(chosen):
            raise ResponseError("an option was sent twice")
        if any(value not in presented["refs"] for value in chosen):
            raise ResponseError("unknown option")
        order = [option["id"] for option in presented["options"]]
        return sorted(chosen, key=order.index) or None

    def _right(self, answers: Sequence[Mapping]) -> list[Mapping]:
        return [a for a in answers if a["fraction"] > 0]


def _truth_label(name: str) -> str:
    return gettext("Benar") if name == "true" else gettext("Salah")


class TrueFalseKind(Kind):
    widget = "radio"

    def present(self, q: QuestionDict, rng: random.Random) -> Presented:
        # Labels are message ids: the template translates them for the learner's language.
        options = [{"id": "true", "label": "Benar"}, {"id": "false", "label": "Salah"}]
        return super().present(q, rng) | {"options": options}

    def read_response(self, presented: Presented, values: Sequence[str]) -> Response:
        choice = _one(values)
        if choice not in (None, "true", "false"):
            raise ResponseError("true/false answer must be 'true' or 'false'")
        return choice

    def grade(self, q: QuestionDict, presented: Presented, response: Response) -> float:
        return _clip(sum(a["fraction"] for a in q["answers"] if a["text"] == response))

    def feedback(self, q: QuestionDict, presented: Presented, response: Response) -> dict[str, Any]:
        right = next(a["text"] for a in q["answers"] if a["fraction"] > 0)
        chosen = [a for a in q["answers"] if a["text"] == response]
        return _result(q, [escape(_truth_label(right))], chosen)


class ShortAnswerKind(Kind):
    widget = "text"
    has_blank = True

    def grade(self, q: QuestionDict, presented: Presented, response: Response) -> float:
        best = self._best(q, response)
        return _clip(best["fraction"]) if best else 0.0

    def feedback(self, q: QuestionDict, presented: Presented, response: Response) -> dict[str, Any]:
        right = [self._describe(a) for a in q["answers"] if a["fraction"] >= 1]
        best = self._best(q, response)
        return _result(q, right, [best] if best else [])

    def _describe(self, answer: Mapping) -> Markup:
        return _html(answer, "text")

    def _best(self, q: QuestionDict, response: Response) -> Mapping | None:
        """The accepted answer worth most; the first one wins a tie, as in the file."""
        case = bool(q.get("case_sensitive"))
        hits = [a for a in q["answers"] if self._accepts(a, response, case)] if response else []
        return max(hits, key=lambda a: a["fraction"], default=None)

    def _accepts(self, answer: Mapping, response: Response, case_sensitive: bool) -> bool:
        return isinstance(response, str) and _accepts(answer["text"], response, case_sensitive)


class NumericalKind(ShortAnswerKind):
    widget = "decimal"

    def _accepts(self, answer: Mapping, response: Response, case_sensitive: bool) -> bool:
        number = read_number(response) if isinstance(response, str) else None
        if number is None:
            return False
        if answer.get("min") is not None:
            low, high = answer["min"], answer["max"]
            margin = _EPSILON * max(1.0, abs(low), abs(high))
            return low - margin <= number <= high + margin
        if answer.get("value") is None:
            return True  # the '~#feedback' answer: catches everything, scores nothing
        value, tolerance = answer["value"], answer.get("tolerance") or 0.0
        return abs(number - value) <= tolerance + _EPSILON * max(1.0, abs(value))

    def _describe(self, answer: Mapping) -> Markup:
        if answer.get("min") is not None:
            return escape(
                f"{format_number(answer['min'])} \N{EN DASH} {format_number(answer['max'])}"
            )
        text = format_number(answer["value"])
        if answer.get("tolerance"):
            text += f" ± {format_number(answer['tolerance'])}"
        return escape(text)


class MatchingKind(Kind):
    widget = "select"

    def present(self, q: QuestionDict, rng: random.Random) -> Presented:
        pairs, rights = self._pairs_and_rights(q)
        ids = _tokens(rng, len(pairs) + len(rights))
        left_ids, right_ids = ids[: len(pairs)], ids[len(pairs) :]
        lefts = [
            {"id": token, "html": str(_html(a, "left"))}
            for token, a in zip(left_ids, pairs, strict=True)
        ]
        options = [
            {"id": token, "html": str(escape(text))}
            for token, text in zip(right_ids, rights, strict=True)
        ]
        rng.shuffle(options)
        return super().present(q, rng) | {
            "lefts": lefts,
            "rights": options,
            "left_refs": {token: i for i, token in enumerate(left_ids)},
            "right_refs": {token: i for i, token in enumerate(right_ids)},
        }

    def collect(self, form: Form, position: int, presented: Presented) -> list[str]:
        values = []
        for left in presented["lefts"]:
            sent = form.getlist(f"q{position}-{left['id']}")
            if len(sent) > 1:
                raise ResponseError("several values sent for one matching item")
            values.append(sent[0] if sent else "")
        return values

    def read_response(self, presented: Presented, values: Sequence[str]) -> Response:
        if len(values) != len(presented["lefts"]):
            raise ResponseError("matching answers do not fit the items shown")
        if any(value and value not in presented["right_refs"] for value in values):
            raise ResponseError("unknown matching option")
        lefts = [left["id"] for left in presented["lefts"]]
        return {left: value for left, value in zip(lefts, values, strict=True) if value} or None

    def grade(self, q: QuestionDict, presented: Presented, response: Response) -> float:
        pairs, rights = self._pairs_and_rights(q)
        if not isinstance(response, dict) or not pairs:
            return 0.0
        wanted = {t: pairs[i]["right"] for t, i in presented["left_refs"].items() if i < len(pairs)}
        offered = {t: rights[i] for t, i in presented["right_refs"].items() if i < len(rights)}
        hits = sum(
            1
            for left, right in response.items()
            if left in wanted and wanted[left] == offered.get(right)
        )
        return hits / len(pairs)

    def feedback(self, q: QuestionDict, presented: Presented, response: Response) -> dict[str, Any]:
        pairs, _ = self._pairs_and_rights(q)
        rows = [Markup("{} → {}").format(_html(a, "left"), a["right"]) for a in pairs]
        return _result(q, [_list_html(rows)] if rows else [], [])

    def _pairs_and_rights(self, q: QuestionDict) -> tuple[list[Mapping], list[str]]:
        """Items to match in file order, and the distinct right-hand texts sorted."""
        pairs = [a for a in q["answers"] if a["left"]]
        return pairs, sorted({a["right"] for a in q["answers"]})


class EssayKind(Kind):
    widget = "textarea"
    gradeable = False


class DescriptionKind(Kind):
    gradeable = False

    def read_response(self, presented: Presented, values: Sequence[str]) -> Response:
        return None


KINDS: dict[str, Kind] = {
    "multichoice": ChoiceKind(),
    "multiresponse": MultiResponseKind(),
    "truefalse": TrueFalseKind(),
    "shortanswer": ShortAnswerKind(),
    "numerical": NumericalKind(),
    "matching": MatchingKind(),
    "essay": EssayKind(),
    "description": DescriptionKind(),
}
