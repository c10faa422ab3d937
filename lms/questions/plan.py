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
size can be drawn. Which questions of a competency are drawn is random per attempt (`draw`), so
every retake is reshuffled.
"""

import random
from collections import Counter
from collections.abc import Hashable, Sequence

Bank = Sequence[tuple[Hashable, str]]  # (question id, competency code) of gradeable questions


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


def draw(bank: Bank, count: int, rng: random.Random, order: Sequence[str] = ()) -> list[Hashable]:
    """Question ids for one attempt: `draw_plan` per competency, chosen at random, shuffled."""
    plan = draw_plan(bank, count, order)
    chosen: list[Hashable] = []
    for code, wanted in plan.items():
        ids = [question_id for question_id, owner in bank if owner == code]
        chosen.extend(rng.sample(ids, wanted))
    rng.shuffle(chosen)
    return chosen
