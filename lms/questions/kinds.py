"""The one registry of question kinds: how each is shown, read from the form, graded, explained.

Kinds work on question dicts (see gift.question_to_dict), optionally carrying sanitised
`*_html` keys (see base.render_html); without them, texts are shown escaped. How to add a kind
is told in this package's __init__.
"""

import random
import re
from collections.abc import Mapping, Sequence
from typing import Any

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape

from . import checks, forms
from .base import (
    Form,
    Kind,
    Presented,
    QuestionDict,
    Response,
    ResponseError,
    accepts_text,
    clip,
    html_of,
    list_html,
    new_tokens,
    one_value,
    rank_by_text,
    read_number,
    result,
)
from .numbers import format_number

_EPSILON = 1e-9  # so that 3.15 counts as within 3.14 ± 0.01 despite binary floats


class ChoiceKind(Kind):
    name = "multichoice"
    label = _l("Pilihan ganda")
    hint = _l("Satu jawaban benar; pilihan lain boleh bernilai sebagian atau negatif.")
    form = forms.MultichoiceForm
    widget = "radio"
    has_blank = True
    tallies_options = True
    picks_one_option = True

    def present(self, q: QuestionDict, rng: random.Random) -> Presented:
        answers = q["answers"]
        ranked = rank_by_text([a["text"] for a in answers])
        ids = new_tokens(rng, len(ranked))
        options = [
            {"id": ids[r], "html": str(html_of(answers[i], "text"))} for r, i in enumerate(ranked)
        ]
        rng.shuffle(options)
        refs = {token: rank for rank, token in enumerate(ids)}
        return super().present(q, rng) | {"options": options, "refs": refs}

    def read_response(self, presented: Presented, values: Sequence[str]) -> Response:
        choice = one_value(values)
        if choice is not None and choice not in presented["refs"]:
            raise ResponseError(f"unknown option {choice[:20]!r}")
        return choice

    def grade(self, q: QuestionDict, presented: Presented, response: Response) -> float:
        return clip(sum(a["fraction"] for a in self._chosen_answers(q, presented, response)))

    def feedback(self, q: QuestionDict, presented: Presented, response: Response) -> dict[str, Any]:
        right = [html_of(a, "text") for a in self._right(q["answers"])]
        return result(q, right, self._chosen_answers(q, presented, response))

    def _right(self, answers: Sequence[Mapping]) -> list[Mapping]:
        best = max(a["fraction"] for a in answers)
        return [a for a in answers if a["fraction"] == best]

    def _chosen_answers(
        self, q: QuestionDict, presented: Presented, response: Response
    ) -> list[Mapping]:
        return [q["answers"][i] for i in self.chosen(q, presented, response)]

    def chosen(self, q: QuestionDict, presented: Presented, response: Response) -> list[int]:
        # Option ids point at answers sorted by text (present), not at their file order.
        ranked = rank_by_text([a["text"] for a in q["answers"]])
        ids = [response] if isinstance(response, str) else list(response or [])
        refs = presented.get("refs", {})
        ranks = [refs[token] for token in ids if token in refs]
        return [ranked[rank] for rank in ranks if rank < len(ranked)]

    def answer_problems(self, answers: Sequence[Mapping]) -> list[str]:
        return checks.multichoice(answers)

    def demo_responses(self, q: QuestionDict, presented: Presented) -> list[Response]:
        return [option["id"] for option in presented["options"]]


class MultiResponseKind(ChoiceKind):
    name = "multiresponse"
    label = _l("Pilihan jamak")
    hint = _l("Beberapa jawaban benar; bobot positif berjumlah 100%.")
    form = forms.MultiresponseForm
    widget = "checkbox"
    picks_one_option = False

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

    def answer_problems(self, answers: Sequence[Mapping]) -> list[str]:
        return checks.multiresponse(answers)

    def demo_responses(self, q: QuestionDict, presented: Presented) -> list[Response]:
        singles = [[option["id"]] for option in presented["options"]]
        right = [one[0] for one in singles if self.grade(q, presented, one) > 0]
        return [*singles, right]


def _truth_label(name: str) -> str:
    return gettext("Benar") if name == "true" else gettext("Salah")


class TrueFalseKind(Kind):
    name = "truefalse"
    label = _l("Benar/Salah")
    hint = _l("Pernyataan yang dinilai benar atau salah.")
    form = forms.TrueFalseForm
    widget = "radio"
    tallies_options = True

    def present(self, q: QuestionDict, rng: random.Random) -> Presented:
        # Labels are message ids: the template translates them for the learner's language.
        options = [{"id": "true", "label": "Benar"}, {"id": "false", "label": "Salah"}]
        return super().present(q, rng) | {"options": options}

    def read_response(self, presented: Presented, values: Sequence[str]) -> Response:
        choice = one_value(values)
        if choice not in (None, "true", "false"):
            raise ResponseError("true/false answer must be 'true' or 'false'")
        return choice

    def grade(self, q: QuestionDict, presented: Presented, response: Response) -> float:
        return clip(sum(a["fraction"] for a in q["answers"] if a["text"] == response))

    def feedback(self, q: QuestionDict, presented: Presented, response: Response) -> dict[str, Any]:
        right = next(a["text"] for a in q["answers"] if a["fraction"] > 0)
        chosen = [a for a in q["answers"] if a["text"] == response]
        return result(q, [escape(_truth_label(right))], chosen)

    def answer_problems(self, answers: Sequence[Mapping]) -> list[str]:
        return checks.truefalse(answers)

    def chosen(self, q: QuestionDict, presented: Presented, response: Response) -> list[int]:
        return [i for i, a in enumerate(q["answers"]) if a["text"] == response]

    def option_label(self, answer: Mapping) -> str:
        return _truth_label(answer["text"])

    def option_html(self, answer: Mapping) -> Markup:
        return escape(_truth_label(answer["text"]))

    def demo_responses(self, q: QuestionDict, presented: Presented) -> list[Response]:
        return ["true", "false"]


class ShortAnswerKind(Kind):
    name = "shortanswer"
    label = _l("Isian singkat")
    hint = _l("Peserta mengetik kata atau frasa; besar-kecil huruf diabaikan kecuali diatur.")
    form = forms.ShortAnswerForm
    widget = "text"
    has_blank = True

    def grade(self, q: QuestionDict, presented: Presented, response: Response) -> float:
        best = self._best(q, response)
        return clip(best["fraction"]) if best else 0.0

    def feedback(self, q: QuestionDict, presented: Presented, response: Response) -> dict[str, Any]:
        right = [self._describe(a) for a in q["answers"] if a["fraction"] >= 1]
        best = self._best(q, response)
        return result(q, right, [best] if best else [])

    def answer_problems(self, answers: Sequence[Mapping]) -> list[str]:
        return checks.shortanswer(answers)

    def _describe(self, answer: Mapping) -> Markup:
        return html_of(answer, "text")

    def _best(self, q: QuestionDict, response: Response) -> Mapping | None:
        """The accepted answer worth most; the first one wins a tie, as in the file."""
        case = bool(q.get("case_sensitive"))
        hits = [a for a in q["answers"] if self._accepts(a, response, case)] if response else []
        return max(hits, key=lambda a: a["fraction"], default=None)

    def _accepts(self, answer: Mapping, response: Response, case_sensitive: bool) -> bool:
        return isinstance(response, str) and accepts_text(answer["text"], response, case_sensitive)

    def demo_responses(self, q: QuestionDict, presented: Presented) -> list[Response]:
        """Each answer as a learner would type it: a wildcard '*' dropped, '\\*' a plain star."""
        typed = [re.sub(r"(?<!\\)\*", "", a["text"]).replace("\\*", "*") for a in q["answers"]]
        return [*typed, "tidak tahu"]


class NumericalKind(ShortAnswerKind):
    name = "numerical"
    label = _l("Numerik")
    hint = _l("Peserta mengetik angka; boleh dengan toleransi atau rentang.")
    form = forms.NumericalForm
    widget = "decimal"

    def answer_problems(self, answers: Sequence[Mapping]) -> list[str]:
        return checks.numerical(answers)

    def demo_responses(self, q: QuestionDict, presented: Presented) -> list[Response]:
        values = [a.get("value") if a.get("min") is None else a["min"] for a in q["answers"]]
        return [format_number(v) for v in values if v is not None] + ["-987654"]

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
    name = "matching"
    label = _l("Menjodohkan")
    hint = _l("Peserta memasangkan pernyataan dengan pasangannya.")
    form = forms.MatchingForm
    widget = "select"
    more_rows_label = _l("Tambah baris pasangan")

    def present(self, q: QuestionDict, rng: random.Random) -> Presented:
        pairs, rights = self._pairs_and_rights(q)
        ids = new_tokens(rng, len(pairs) + len(rights))
        left_ids, right_ids = ids[: len(pairs)], ids[len(pairs) :]
        lefts = [
            {"id": token, "html": str(html_of(a, "left"))}
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

    def form_values(self, position: int, response: Response) -> dict[str, str | list[str]]:
        return {f"q{position}-{left}": right for left, right in (response or {}).items()}  # type: ignore[union-attr]

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
        rows = [Markup("{} → {}").format(html_of(a, "left"), a["right"]) for a in pairs]
        return result(q, [list_html(rows)] if rows else [], [])

    def answer_problems(self, answers: Sequence[Mapping]) -> list[str]:
        return checks.matching(answers)

    def demo_responses(self, q: QuestionDict, presented: Presented) -> list[Response]:
        """Every item matched right, and every item matched to the next item's answer."""
        rights = {r["html"]: r["id"] for r in presented["rights"]}
        pairs, _ = self._pairs_and_rights(q)
        good = {
            left: rights.get(str(escape(pairs[i]["right"])))
            for left, i in presented["left_refs"].items()
        }
        shifted = dict(zip(good, [*list(good.values())[1:], *list(good.values())[:1]], strict=True))
        return [good, shifted]

    def _pairs_and_rights(self, q: QuestionDict) -> tuple[list[Mapping], list[str]]:
        """Items to match in file order, and the distinct right-hand texts sorted."""
        pairs = [a for a in q["answers"] if a["left"]]
        return pairs, sorted({a["right"] for a in q["answers"]})


class EssayKind(Kind):
    name = "essay"
    label = _l("Esai")
    hint = _l("Jawaban uraian; tidak dinilai otomatis dan tidak masuk tes.")
    form = forms.EssayForm
    widget = "textarea"
    gradeable = False


class DescriptionKind(Kind):
    name = "description"
    label = _l("Deskripsi")
    hint = _l("Teks pengantar tanpa jawaban; tidak masuk tes.")
    form = forms.DescriptionForm
    gradeable = False

    def read_response(self, presented: Presented, values: Sequence[str]) -> Response:
        return None


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        ChoiceKind(),
        MultiResponseKind(),
        TrueFalseKind(),
        ShortAnswerKind(),
        NumericalKind(),
        MatchingKind(),
        EssayKind(),
        DescriptionKind(),
    )
}


def collect_values(form: Form, position: int, presented: Presented) -> list[str]:
    """Gather what the form sent for the question shown at this position."""
    return KINDS[presented["type"]].collect(form, position, presented)
