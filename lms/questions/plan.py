"""How many questions of each competency a pre- or post-test draws: one rule for check and engine.

The pre-test and the post-test of a module use the same plan, computed from the same bank, so
that a learner's gain per competency compares like with like. Each competency gets a share of
the test proportional to its share of the module's gradeable bank (essay and description
questions are never drawn), rounded by the largest-remainder method:

    bank ORH 12, PDO 6, KJS 2 (20 questions), test of 10 questions
    quotas 6.0, 3.0, 1.0          -> ORH 6, PDO 3, KJS 1
    bank ORH 7, PDO 7, KJS 6 (20 questions), test of 10 questions
    quotas 3.5, 3.5, 3.0          -> floors 3, 3, 3; the one seat left goes to the largest
                                     remainder, a tie between ORH and PDO broken by the module's
                                     competency order (competencies: [ORH, PDO, KJS])
                                  -> ORH 4, PDO 3, KJS 3

A competency's share never exceeds its questions in the bank, so any test of at most the bank's
size can be drawn.

Two parallel forms, A and B (`build_forms`), each follow that plan and share no question, so a
learner's pre-test (one form) and first post-test (the other) never overlap. Questions pinned to
a form go to it; the unpinned ones of each competency are taken spread evenly through the bank's
order and dealt alternately to A and B, so neighbouring (often similar) questions are split
between the forms. The forms are fixed per bank: the same for every learner, which is what lets
the counterbalancing of pre-test forms cancel out a harder form. Retakes (`draw_retake`) follow
the same plan and take the questions the learner has not seen first.
"""

import random
from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

Bank = Sequence[tuple[Hashable, str]]  # (question id, competency code) of gradeable questions
Pins = Mapping[Hashable, str]  # question id -> "A" or "B", for questions a trainer pinned
FORMS = ("A", "B")
# A competency is reported per employee only with at least this many items in each form: on
# fewer, one person's score swings by a whole band with a single answer. Below it the
# competency is shown for groups only, with n (the pairs behind the figure).
MIN_PER_FORM = 5


def reportable_per_employee(per_form: int) -> bool:
    """Whether a competency with `per_form` items in each test form is reported per employee."""
    return per_form >= MIN_PER_FORM


def draw_plan(bank: Bank, count: int, order: Sequence[str] = ()) -> dict[str, int]:
    """Questions per competency for a test of `count` drawn from `bank`.

    `order` is the module's competency order (its first competency first); it breaks ties, then
    the code does. Every competency of the bank is in the result, in that order, even with 0.
    Raises ValueError when the bank holds fewer than `count` questions.
    """
    sizes = Counter(code for _, code in bank)
    total = sum(sizes.values())
    if count < 0 or count > total:
        raise ValueError(f"cannot draw {count} questions from a bank of {total}")
    rank = {code: i for i, code in enumerate(order)}
    codes = sorted(sizes, key=lambda code: (rank.get(code, len(rank)), code))
    if not total:
        return {}
    # Integer arithmetic: quota = count * size / total, compared exactly (no float ties).
    plan = {code: count * sizes[code] // total for code in codes}
    remainders = {code: count * sizes[code] % total for code in codes}
    seats_left = count - sum(plan.values())
    for code in sorted(codes, key=lambda code: -remainders[code])[:seats_left]:
        plan[code] += 1
    return plan


@dataclass(frozen=True)
class Shortage:
    """A competency whose questions cannot fill both forms without sharing one."""

    code: str
    per_form: int  # questions the plan puts in each form
    free: int  # unpinned questions of the competency
    pinned: dict[str, int]  # questions pinned to A and to B

    @property
    def missing(self) -> int:
        """Unpinned questions to add (or pins to remove) before the two forms fit."""
        over = sum(max(0, self.pinned[form] - self.per_form) for form in FORMS)
        under = sum(max(0, self.per_form - self.pinned[form]) for form in FORMS)
        return max(over, under - self.free)


def shortages(bank: Bank, count: int, order: Sequence[str] = (), pins: Pins | None = None):
    """The competencies that keep two disjoint forms of `count` from being built."""
    plan = draw_plan(bank, count, order)
    found = []
    for code, wanted in plan.items():
        pinned, free = _split(bank, code, pins or {})
        sizes = {form: len(pinned[form]) for form in FORMS}
        short = Shortage(code, wanted, len(free), sizes)
        if short.missing > 0:
            found.append(short)
    return found


def build_forms(
    bank: Bank, count: int, order: Sequence[str] = (), pins: Pins | None = None
) -> dict[str, list[Hashable]]:
    """Forms A and B of `count` questions each, with the same number per competency.

    The two never share a question when `shortages` finds none; otherwise (a bank that
    `lms content check` would refuse) form B reuses as few of A's questions as it must.
    """
    forms: dict[str, list[Hashable]] = {form: [] for form in FORMS}
    for code, wanted in draw_plan(bank, count, order).items():
        pinned, free = _split(bank, code, pins or {})
        chosen = {form: pinned[form][:wanted] for form in FORMS}
        needs = {form: wanted - len(chosen[form]) for form in FORMS}
        for question_id in _spread(free, needs["A"] + needs["B"]):
            form = (
                "A"
                if needs["A"] > needs["B"]
                or (needs["A"] == needs["B"] and len(chosen["A"]) <= len(chosen["B"]))
                else "B"
            )
            chosen[form].append(question_id)
            needs[form] -= 1
        for form, other in (("A", "B"), ("B", "A")):
            spare = [i for i in chosen[other] + pinned[other] if i not in chosen[form]]
            chosen[form].extend(spare[: needs[form]])
        for form in FORMS:
            forms[form].extend(chosen[form])
    return forms


def _split(bank: Bank, code: str, pins: Pins) -> tuple[dict[str, list[Hashable]], list[Hashable]]:
    """A competency's questions pinned to each form, and its unpinned ones, in bank order."""
    ids = [question_id for question_id, owner in bank if owner == code]
    pinned = {form: [i for i in ids if pins.get(i) == form] for form in FORMS}
    return pinned, [i for i in ids if pins.get(i) not in FORMS]


def _spread(ids: list[Hashable], wanted: int) -> list[Hashable]:
    """`wanted` of `ids` spaced evenly through their order (all of them when too few)."""
    if wanted >= len(ids):
        return list(ids)
    return [ids[i * len(ids) // wanted] for i in range(wanted)]


def draw_retake(
    bank: Bank,
    count: int,
    rng: random.Random,
    order: Sequence[str] = (),
    seen: Mapping[Hashable, int] | None = None,
) -> list[Hashable]:
    """Question ids for a retake: the plan per competency, unseen questions first, shuffled.

    `seen` counts how often the learner was shown each question; when a competency has too few
    unseen questions, the least-seen ones fill it, chosen at random among equals.
    """
    seen = seen or {}
    chosen: list[Hashable] = []
    for code, wanted in draw_plan(bank, count, order).items():
        ids = [question_id for question_id, owner in bank if owner == code]
        rng.shuffle(ids)
        ids.sort(key=lambda question_id: seen.get(question_id, 0))  # stable: ties stay random
        chosen.extend(ids[:wanted])
    rng.shuffle(chosen)
    return chosen


def draw_test(
    bank: Bank,
    count: int,
    rng: random.Random,
    order: Sequence[str] = (),
    *,
    form: str | None = None,
    pins: Pins | None = None,
    seen: Mapping[Hashable, int] | None = None,
) -> list[Hashable]:
    """One attempt's question ids, shuffled: the given form's, or without a form a retake's."""
    if form is None:
        return draw_retake(bank, count, rng, order, seen)
    chosen = build_forms(bank, count, order, pins)[form]
    rng.shuffle(chosen)
    return chosen
