import random
from collections import Counter

import pytest

from lms.questions.plan import build_forms, draw_plan, draw_retake, draw_test, shortages


def bank(**sizes: int) -> list[tuple[int, str]]:
    """A bank with `sizes[code]` questions per competency, ids numbered across the bank."""
    codes = [code for code, size in sizes.items() for _ in range(size)]
    return list(enumerate(codes, start=1))


@pytest.mark.parametrize(
    ("sizes", "count", "order", "expected"),
    [
        (
            {"ORH": 12, "PDO": 6, "KJS": 2},
            10,
            ["ORH", "PDO", "KJS"],
            {"ORH": 6, "PDO": 3, "KJS": 1},
        ),
        # 3.5 / 3.5 / 3.0: the seat left goes to the first of the tied in the module's order.
        ({"ORH": 7, "PDO": 7, "KJS": 6}, 10, ["ORH", "PDO", "KJS"], {"ORH": 4, "PDO": 3, "KJS": 3}),
        ({"ORH": 7, "PDO": 7, "KJS": 6}, 10, ["PDO", "ORH", "KJS"], {"PDO": 4, "ORH": 3, "KJS": 3}),
        # The largest remainder wins before the order: 3*4/9 = 1.33, 3*5/9 = 1.67.
        ({"ORH": 4, "PDO": 5}, 3, ["ORH", "PDO"], {"ORH": 1, "PDO": 2}),
        # Codes outside the module's order come after it, then by code.
        ({"ZZZ": 1, "AAA": 1, "ORH": 1}, 1, ["ORH"], {"ORH": 1, "AAA": 0, "ZZZ": 0}),
        ({"ZZZ": 1, "AAA": 1}, 1, [], {"AAA": 1, "ZZZ": 0}),
        # A competency with a small share can get nothing; the total is always exact.
        ({"ORH": 28, "PDO": 2}, 10, ["ORH", "PDO"], {"ORH": 9, "PDO": 1}),
        ({"ORH": 29, "PDO": 1}, 10, ["ORH", "PDO"], {"ORH": 10, "PDO": 0}),
        ({"ORH": 6}, 6, ["ORH"], {"ORH": 6}),
        ({"ORH": 6, "PDO": 3}, 0, ["ORH", "PDO"], {"ORH": 0, "PDO": 0}),
        ({}, 0, ["ORH"], {}),
    ],
)
def test_draw_plan_is_proportional_with_largest_remainder(sizes, count, order, expected):
    plan = draw_plan(bank(**sizes), count, order)
    assert plan == expected
    assert list(plan) == list(expected)  # in the module's order
    assert sum(plan.values()) == count


def test_draw_plan_never_asks_more_than_a_competency_holds():
    for orh in range(1, 15):
        for pdo in range(0, 15):
            sizes = Counter({"ORH": orh, "PDO": pdo})
            for count in range(orh + pdo + 1):
                plan = draw_plan(bank(ORH=orh, PDO=pdo), count, ["ORH", "PDO"])
                assert all(plan[code] <= sizes[code] for code in plan)


def test_draw_plan_refuses_a_test_larger_than_the_bank():
    with pytest.raises(ValueError, match="cannot draw 7 questions from a bank of 6"):
        draw_plan(bank(ORH=6), 7)


def test_two_forms_share_nothing_and_follow_the_plan():
    questions = bank(ORH=12, PDO=6, KJS=2)
    code_of = dict(questions)
    forms = build_forms(questions, 10, ["ORH", "PDO", "KJS"])
    assert not set(forms["A"]) & set(forms["B"])
    for form in forms.values():
        assert len(set(form)) == 10
        assert Counter(code_of[q] for q in form) == {"ORH": 6, "PDO": 3, "KJS": 1}
    # Fixed per bank: every learner meets the same two forms.
    assert build_forms(questions, 10, ["ORH", "PDO", "KJS"]) == forms


def test_forms_spread_through_the_bank_and_alternate():
    forms = build_forms(bank(ORH=8), 2, ["ORH"])
    # 4 of 8 spread evenly (1, 3, 5, 7), dealt A, B, A, B.
    assert forms == {"A": [1, 5], "B": [3, 7]}


def test_pinned_questions_stay_in_their_form():
    questions = bank(ORH=8)
    forms = build_forms(questions, 3, ["ORH"], pins={8: "A", 7: "A", 1: "B"})
    assert {7, 8} <= set(forms["A"]) and 1 in forms["B"]
    assert not set(forms["A"]) & set(forms["B"])
    assert len(forms["A"]) == len(forms["B"]) == 3


@pytest.mark.parametrize(
    ("sizes", "count", "pins", "expected"),
    [
        ({"ORH": 20}, 10, {}, []),
        # ORH gets 6 of 10 per form and has 11 questions: one short of two disjoint forms.
        ({"ORH": 11, "PDO": 8}, 10, {}, [("ORH", 6, 1)]),
        # Four pinned to A for a form of three: one pin too many.
        ({"ORH": 10}, 3, {1: "A", 2: "A", 3: "A", 4: "A"}, [("ORH", 3, 1)]),
    ],
)
def test_shortages_name_the_competency_and_what_is_missing(sizes, count, pins, expected):
    found = shortages(bank(**sizes), count, list(sizes), pins)
    assert [(s.code, s.per_form, s.missing) for s in found] == expected


def test_a_bank_too_small_for_two_forms_overlaps_as_little_as_it_must():
    forms = build_forms(bank(ORH=7), 5, ["ORH"])
    assert len(forms["A"]) == len(forms["B"]) == 5
    assert len(set(forms["A"]) & set(forms["B"])) == 3


def test_retakes_take_unseen_questions_first():
    questions = bank(ORH=12, PDO=6)
    code_of = dict(questions)
    seen = dict.fromkeys([1, 2, 3, 4, 5, 6, 13, 14, 15], 1)
    drawn = draw_retake(questions, 6, random.Random(1), ["ORH", "PDO"], seen)
    assert Counter(code_of[q] for q in drawn) == {"ORH": 4, "PDO": 2}
    assert not set(drawn) & set(seen)
    # Once all are seen, the least seen come first.
    seen = {q: 2 for q, _code in questions} | {7: 1, 8: 1, 9: 1, 10: 1, 16: 1, 17: 1}
    drawn = draw_retake(questions, 6, random.Random(2), ["ORH", "PDO"], seen)
    assert set(drawn) == {7, 8, 9, 10, 16, 17}


def test_each_attempt_is_shuffled():
    questions = bank(ORH=12, PDO=6, KJS=2)
    orders = {tuple(draw_test(questions, 10, random.Random(s), form="A")) for s in range(5)}
    assert len(orders) == 5 and len({frozenset(o) for o in orders}) == 1
