"""GIFT's answer block {...}: tell the question kind from it, as Moodle does, and read answers.

Moodle keeps a format per text ([html], [plain], ...); each Answer notes the formats of its
parts that differ from the question's, so that gift.py can keep what they look like.
"""

import re
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from .gift_syntax import UnreadableError, clean, with_format
from .numbers import parse_number
from .weights import moodle_fraction, moodle_percentages

TRUE_FALSE = frozenset({"T", "TRUE", "F", "FALSE"})
_WEIGHT_RE = re.compile(r"%([^%]*)%")


@dataclass
class Answer:
    text: str = ""
    fraction: float = 0.0
    feedback: str = ""
    value: float | None = None
    tolerance: float | None = None
    min: float | None = None
    max: float | None = None
    left: str = ""
    right: str = ""
    # Part name -> its own [format], where that differs from the question's.
    formats: dict[str, str] = field(default_factory=dict, repr=False, compare=False)

    def set_part(self, key: str, raw: str, fmt: str) -> str:
        own, text = with_format(raw, fmt)
        setattr(self, key, text)
        if own != fmt and text:
            self.formats[key] = own
        return text


def read_answers(inner: str, base: int, fmt: str) -> tuple[str, list[Answer]]:
    """Tell the question type from the answer block, as Moodle does, and read its answers."""
    body = inner.strip()
    if not body:
        return "essay", []
    if body.startswith("#"):
        return "numerical", _numerical(inner, base, fmt)
    if "~" in body:
        return _choice(inner, base, fmt)
    # Only an arrow before any '#': "=JP#see A -> B" stays a short answer with feedback.
    if any("->" in seg.split("#", 1)[0] for _, seg, _ in _segments(inner, base, "=", lax=True)):
        return "matching", _matching(inner, base, fmt)
    if body.split("#", 1)[0].strip().upper() in TRUE_FALSE:
        return "truefalse", _truefalse(body, fmt)
    if "=" in body:
        return "shortanswer", _short_answer(inner, base, fmt)
    lead = base + len(inner) - len(inner.lstrip())
    raise UnreadableError(
        lead,
        _l("tidak ada jawaban: awali dengan '=' atau '~', atau tulis T, F, #angka, atau a -> b"),
    )


def _segments(inner: str, base: int, markers: str, lax: bool = False) -> list[tuple[str, str, int]]:
    """Cut an answer block at its markers into (marker, text, offset) parts."""
    found = [i for i, ch in enumerate(inner) if ch in markers]
    lead = inner[: found[0] if found else len(inner)]
    if lead.strip() and not lax:
        offset = base + len(lead) - len(lead.lstrip())
        raise UnreadableError(
            offset,
            _l(
                "teks '%(text)s' sebelum penanda jawaban pertama (%(markers)s)",
                text=clean(lead)[:30],
                markers=markers,
            ),
        )
    ends = [*found[1:], len(inner)] if found else []
    return [(inner[i], inner[i + 1 : end], base + i) for i, end in zip(found, ends, strict=True)]


def _weight(text: str, offset: int, default: float, lowest: float) -> tuple[float, str]:
    """Read an optional %weight% prefix; return the fraction and the rest of the answer."""
    stripped = text.lstrip()
    match = _WEIGHT_RE.match(stripped)
    if not match:
        return default, text
    number = parse_number(match[1])
    fraction = moodle_fraction(round(number / 100, 7), lowest) if number is not None else None
    if fraction is None:
        message = (
            _l("bobot %%%(weight)s%% tidak diterima Moodle; pilih %(allowed)s, atau negatifnya")
            if lowest < 0
            else _l("bobot %%%(weight)s%% tidak diterima Moodle; pilih %(allowed)s")
        )
        raise UnreadableError(
            offset, message % {"weight": match[1], "allowed": moodle_percentages()}
        )
    return fraction, stripped[match.end() :]


def _text_and_feedback(answer: Answer, rest: str, fmt: str, formatted: bool = True) -> str:
    """Read "text#feedback" into the answer; return the text. A short answer's text is
    compared with what learners type, so its format means nothing."""
    head, _, feedback = rest.partition("#")
    answer.set_part("feedback", feedback, fmt)
    if formatted:
        return answer.set_part("text", head, fmt)
    answer.text = with_format(head, fmt)[1]
    return answer.text


def _choice(inner: str, base: int, fmt: str) -> tuple[str, list[Answer]]:
    answers: list[Answer] = []
    segments = _segments(inner, base, "=~")
    for marker, text, offset in segments:
        fraction, rest = _weight(text, offset, 1.0 if marker == "=" else 0.0, -1.0)
        answer = Answer(fraction=fraction)
        if not _text_and_feedback(answer, rest, fmt):
            raise UnreadableError(offset, _l("jawaban kosong setelah '%(marker)s'", marker=marker))
        answers.append(answer)
    if len(answers) < 2:
        raise UnreadableError(base, _l("soal pilihan memerlukan paling sedikit 2 jawaban"))
    # Moodle's rule: without any '=' answer the learner may tick several answers. Positive
    # weights that do not add up to 100% only earn a warning there (rules.warnings).
    if any(marker == "=" for marker, _, _ in segments):
        _require_full_marks(answers, base)
        return "multichoice", answers
    return "multiresponse", answers


def _require_full_marks(answers: list[Answer], base: int) -> None:
    if max(a.fraction for a in answers) < 1:
        raise UnreadableError(base, _l("tidak ada jawaban yang bernilai 100%"))


def _truefalse(body: str, fmt: str) -> list[Answer]:
    """{T#wrong#right}: the first feedback is for the wrong choice, the second for the right."""
    head, *feedbacks = body.split("#", 2)
    wrong_feedback, right_feedback = [*feedbacks, "", ""][:2]
    is_true = head.strip().upper().startswith("T")
    right = Answer("true" if is_true else "false", 1.0)
    wrong = Answer("false" if is_true else "true", 0.0)
    right.set_part("feedback", right_feedback, fmt)
    wrong.set_part("feedback", wrong_feedback, fmt)
    return [right, wrong] if is_true else [wrong, right]


def _short_answer(inner: str, base: int, fmt: str) -> list[Answer]:
    answers: list[Answer] = []
    for _, text, offset in _segments(inner, base, "="):
        fraction, rest = _weight(text, offset, 1.0, 0.0)
        answer = Answer(fraction=fraction)
        if not _text_and_feedback(answer, rest, fmt, formatted=False):
            raise UnreadableError(offset, _l("jawaban kosong setelah '%(marker)s'", marker="="))
        answers.append(answer)
    _require_full_marks(answers, base)
    return answers


def _matching(inner: str, base: int, fmt: str) -> list[Answer]:
    answers: list[Answer] = []
    for _, text, offset in _segments(inner, base, "="):
        left, arrow, right = text.partition("->")
        if not arrow:
            raise UnreadableError(
                offset, _l("pasangan menjodohkan '%(text)s' tanpa '->'", text=clean(text)[:30])
            )
        if not clean(right):
            raise UnreadableError(offset, _l("pasangan menjodohkan tanpa isi setelah '->'"))
        answer = Answer(right=clean(right))
        # An empty left side is Moodle's way to add a distractor to the right-hand choices.
        answer.fraction = 1.0 if answer.set_part("left", left, fmt) else 0.0
        answers.append(answer)
    if sum(1 for a in answers if a.left) < 2:
        raise UnreadableError(base, _l("soal menjodohkan memerlukan paling sedikit 2 pasangan"))
    return answers


def _numerical(inner: str, base: int, fmt: str) -> list[Answer]:
    start = inner.index("#") + 1
    body, catch_all = inner[start:], None
    tilde = body.find("~")
    if tilde >= 0:
        head, _, feedback = body[tilde + 1 :].partition("#")
        if head.strip():
            raise UnreadableError(
                base + start + tilde,
                _l("pada soal numerik, '~' hanya boleh diikuti '#umpan balik'"),
            )
        catch_all = Answer()
        catch_all.set_part("feedback", feedback, fmt)
        body = body[:tilde]
    if "=" in body:
        segments = _segments(body, base + start, "=")
    elif body.strip():
        segments = [("=", body, base + start)]
    else:
        raise UnreadableError(base, _l("soal numerik tanpa angka"))
    answers = [_numeric_answer(text, offset, fmt) for _, text, offset in segments]
    _require_full_marks(answers, base)
    return answers + ([catch_all] if catch_all else [])


def _numeric_answer(text: str, offset: int, fmt: str) -> Answer:
    fraction, rest = _weight(text, offset, 1.0, 0.0)
    answer = Answer(fraction=fraction)
    spec = _text_and_feedback(answer, rest, fmt, formatted=False)
    answer.text = ""
    if ".." in spec:
        low, high = (parse_number(part) for part in spec.split("..", 1))
        if low is None or high is None:
            raise UnreadableError(
                offset, _l("rentang '%(spec)s' harus berupa dua angka: min..maks", spec=spec)
            )
        if low > high:
            raise UnreadableError(
                offset, _l("nilai minimum rentang '%(spec)s' melebihi maksimumnya", spec=spec)
            )
        answer.min, answer.max = low, high
        return answer
    value, _, tolerance = spec.partition(":")
    answer.value, answer.tolerance = parse_number(value), parse_number(tolerance or "0")
    if answer.value is None:
        raise UnreadableError(offset, _l("'%(value)s' bukan angka", value=value.strip()))
    if answer.tolerance is None or answer.tolerance < 0:
        raise UnreadableError(
            offset,
            _l(
                "toleransi '%(tolerance)s' harus berupa angka, 0 atau lebih",
                tolerance=tolerance.strip(),
            ),
        )
    return answer
