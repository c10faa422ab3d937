import random
from collections import Counter

import pytest

from lms.questions.plan import draw, draw_plan


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


def test_draw_follows_the_plan_and_reshuffles_each_attempt():
    questions = bank(ORH=12, PDO=6, KJS=2)
    code_of = dict(questions)
    attempts = [
        draw(questions, 10, random.Random(seed), ["ORH", "PDO", "KJS"]) for seed in range(5)
    ]
    for drawn in attempts:
        assert len(set(drawn)) == 10
        assert Counter(code_of[q] for q in drawn) == {"ORH": 6, "PDO": 3, "KJS": 1}
    assert len({tuple(drawn) for drawn in attempts}) == 5
