"""The shipped banks (content/) give a test-wise learner nothing and report each competency.

Issue 12: "always pick the longest option" must score no better than chance + 10 points, and
every competency needs at least 5 items in each parallel form to be reported per employee.
Length is measured as `lms content check` measures it (lms.content.quality), and the forms are
the ones the engine draws (lms.questions.plan).
"""

from collections import Counter
from pathlib import Path

import pytest

from lms.content.loader import ModuleSource, load_content
from lms.content.quality import MIN_PER_FORM, _key_and_others, _single_answer, bank_findings
from lms.questions.plan import FORMS, build_forms

SHIPPED = Path(__file__).parents[2] / "content"
MODULES = sorted(path.parent.name for path in SHIPPED.glob("*/module.md"))
# How far above blind guessing the longest-option strategy may score (issue 12).
MARGIN = 0.10


@pytest.fixture
def shipped(app) -> dict[str, ModuleSource]:
    content = load_content(str(SHIPPED))
    assert not content.problems, content.problems
    return {module.slug: module for module in content.modules}


def longest_option_score(module: ModuleSource) -> tuple[float, float, int]:
    """Expected score of always picking the longest option, chance, and the items counted.

    Over the single-answer items; when several options share the greatest length the learner
    picks one of them at random, so the key earns 1/ties.
    """
    score = chance = 0.0
    single = [q for q in module.questions if _single_answer(q)]
    for question in single:
        key, others = _key_and_others(question)
        top = max(len(key), *others)
        if len(key) == top:
            score += 1 / (1 + others.count(top))
        chance += 1 / len(question.answers)
    return score / len(single), chance / len(single), len(single)


@pytest.mark.parametrize("slug", MODULES)
def test_picking_the_longest_option_scores_no_better_than_chance(shipped, slug):
    score, chance, items = longest_option_score(shipped[slug])
    assert items, f"{slug}: no single-answer items to check"
    assert score <= chance + MARGIN, (
        f"{slug}: always picking the longest option scores {score:.0%} over {items} "
        f"single-answer items; chance is {chance:.0%}, so at most {chance + MARGIN:.0%} is allowed"
    )


@pytest.mark.parametrize("slug", MODULES)
def test_each_competency_has_enough_items_in_both_forms(shipped, slug):
    module = shipped[slug]
    bank = module.gradeable_bank()
    code_of = dict(bank)
    forms = build_forms(bank, module.pretest, module.competencies, module.pins())
    for form in FORMS:
        counts = Counter(code_of[question] for question in forms[form])
        thin = {code: counts[code] for code in module.competencies if counts[code] < MIN_PER_FORM}
        assert not thin, f"{slug}: form {form} has fewer than {MIN_PER_FORM} items for {thin}"


@pytest.mark.parametrize("slug", MODULES)
def test_strict_content_check_finds_nothing_in_the_bank(shipped, slug):
    problems = bank_findings(shipped[slug]).strict.items
    assert not problems, "\n".join(str(problem) for problem in problems)
