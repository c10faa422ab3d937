"""How long a module takes a careful learner: one rule for the catalogue, the module and lesson
pages, the reports' "too fast" flag and `content check`'s JP rule (content/README.md, "Durasi
dan JP").

Pure: no database, no Flask. A lesson's minutes are computed from its rendered blocks when it
is built (lms.content.importer.build_lesson) and stored in `Lesson.study_minutes`.
"""

import html
import math
import re
from collections.abc import Iterable

# Careful reading of study text in Bahasa Indonesia, slower than reading for pleasure: the
# lessons carry tables, worked examples and regulation numbers.
WORDS_PER_MINUTE = 120
MINUTES_PER_CHECK = 1  # one practice question: answer it and read its feedback
MINUTES_PER_REFLECTION = 3
MINUTES_FOR_RTL = 10  # the action plan, as the shipped modules announce it
MINUTES_PER_TEST_ITEM = 1  # each pre-test and (first) post-test item
# A completion with recorded study time under this share of the module's duration is flagged
# as "terlalu cepat" in the supervisor's and the agency's reports.
TOO_FAST_SHARE = 1 / 3

_TAG = re.compile(r"<[^>]+>")


def _words(markup: str) -> int:
    return len(html.unescape(_TAG.sub(" ", markup)).split())


def lesson_minutes(blocks: list[dict]) -> int:
    """Minutes for a lesson's rendered blocks: reading, practice checks, reflections, RTL."""
    words = sum(_words(block.get("html", "")) for block in blocks if block.get("kind") == "html")
    checks = sum(len(b.get("questions", [])) for b in blocks if b.get("kind") == "quiz")
    reflections = sum(1 for block in blocks if block.get("kind") == "reflection")
    rtl = any(block.get("kind") == "rtl" for block in blocks)
    return (
        math.ceil(words / WORDS_PER_MINUTE)
        + checks * MINUTES_PER_CHECK
        + reflections * MINUTES_PER_REFLECTION
        + (MINUTES_FOR_RTL if rtl else 0)
    )


def module_minutes(lessons: Iterable[int], pretest_items: int, posttest_items: int) -> int:
    """The module's duration: its lessons' minutes plus one pre-test and one post-test."""
    return sum(lessons) + (pretest_items + posttest_items) * MINUTES_PER_TEST_ITEM


def jp_for(minutes: int, minutes_per_jp: int) -> int:
    """The JP a module of this duration credits: the nearest whole JP, at least 1."""
    return max(1, math.floor(minutes / minutes_per_jp + 0.5))


def jp_fits(jp: int, minutes: int, minutes_per_jp: int) -> bool:
    """True when `jp` is within half a JP of the duration (the nearest JP; either at a tie)."""
    if jp == 1 and minutes < minutes_per_jp:
        return True
    return abs(jp * minutes_per_jp - minutes) * 2 <= minutes_per_jp


def too_fast_seconds(minutes: int) -> int:
    """Study time (seconds) under which a completion of a module this long is "terlalu cepat"."""
    return round(minutes * 60 * TOO_FAST_SHARE)


def too_fast(study_seconds: int | None, minutes: int) -> bool:
    """A completion whose recorded study time is under TOO_FAST_SHARE of the duration."""
    return study_seconds is not None and study_seconds < too_fast_seconds(minutes)
