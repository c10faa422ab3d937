"""The keys of module, lesson and competency YAML, each with the rule its value must follow."""

import difflib
from collections.abc import Callable
from typing import Any

from flask_babel import gettext as _

from lms.quizzes.review import POLICIES

from .source import Problems, Yaml

LEVELS = ("dasar", "menengah", "lanjut")
COMPETENCY_TYPES = ("teknis", "manajerial", "sosial-kultural")

# A rule returns an error message, or None when the value is fine.
Rule = Callable[[Any], str | None]


def text(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return _("harus berupa teks yang tidak kosong")
    return None


def title(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return _("harus berupa teks yang tidak kosong")
    if len(value.strip()) > 200:
        return _("paling panjang 200 karakter")
    return None


def integer(low: int, high: int | None = None) -> Rule:
    def rule(value: Any) -> str | None:
        if isinstance(value, bool) or not isinstance(value, int):
            return _("harus bilangan bulat")
        if value < low or (high is not None and value > high):
            if high is None:
                return _("harus %(low)s atau lebih", low=low)
            return _("harus dari %(low)s sampai %(high)s", low=low, high=high)
        return None

    return rule


def choice(options: tuple[str, ...]) -> Rule:
    def rule(value: Any) -> str | None:
        if value not in options:
            return _("harus salah satu dari: %(options)s", options=", ".join(options))
        return None

    return rule


def code_list(value: Any) -> str | None:
    if not isinstance(value, list) or not value:
        return _("harus daftar kode kompetensi yang tidak kosong, mis. [ORH, PDO]")
    if not all(isinstance(code, str) and code.strip() for code in value):
        return _("setiap kode kompetensi harus berupa teks")
    if len(set(value)) != len(value):
        return _("ada kode kompetensi yang ganda")
    return None


def pass_mark(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return _("harus bilangan bulat (persen)")
    if not 0 < value <= 100:
        return _("harus lebih dari 0 dan paling tinggi 100")
    return None


POSTTEST_KEYS: dict[str, Rule] = {
    "questions": integer(1),
    "pass_mark": pass_mark,
    "max_attempts": integer(0),
}
# May be left out: the default is the loosest policy allowed (lms.quizzes.review).
OPTIONAL_POSTTEST_KEYS: dict[str, Rule] = {"review": choice(POLICIES)}


def mapping_of(keys: dict[str, Rule]) -> Rule:
    def rule(value: Any) -> str | None:
        if not isinstance(value, dict):
            return _("harus berisi kunci: %(keys)s", keys=", ".join(keys))
        return None

    return rule


BEHAVIOURS_MAX = 8
BEHAVIOUR_MAX_CHARS = 200


def behaviour_list(value: Any) -> str | None:
    """Observable behaviours: a short list of distinct one-line sentences."""
    if not isinstance(value, list) or not 1 <= len(value) <= BEHAVIOURS_MAX:
        return _("harus daftar 1 sampai %(n)s perilaku yang dapat diamati", n=BEHAVIOURS_MAX)
    if not all(isinstance(item, str) and item.strip() for item in value):
        return _("setiap perilaku harus berupa teks yang tidak kosong")
    if any(len(item.strip()) > BEHAVIOUR_MAX_CHARS for item in value):
        return _("setiap perilaku paling panjang %(n)s karakter", n=BEHAVIOUR_MAX_CHARS)
    if len({item.strip().lower() for item in value}) != len(value):
        return _("ada perilaku yang ganda")
    return None


MODULE_KEYS: dict[str, Rule] = {
    "title": title,
    "summary": text,
    "competencies": code_list,
    "jp": integer(1),
    "level": choice(LEVELS),
    "pretest": integer(1),
    "posttest": mapping_of(POSTTEST_KEYS),
}
# May be left out: a module without behaviours has no before/after rating in level 3.
OPTIONAL_MODULE_KEYS: dict[str, Rule] = {"behaviours": behaviour_list}
LESSON_KEYS: dict[str, Rule] = {"title": title, "minutes": integer(1, 60)}
COMPETENCY_KEYS: dict[str, Rule] = {
    "code": text,
    "name": title,
    "type": choice(COMPETENCY_TYPES),
    "description": text,
}


def check_keys(
    doc: Yaml,
    data: Any,
    path: str,
    keys: dict[str, Rule],
    shown: str,
    problems: Problems,
    optional: dict[str, Rule] | None = None,
) -> bool:
    """Report missing, unknown and invalid keys of one mapping; True when it is all good."""
    optional = optional or {}
    prefix = f"{path}." if path else ""
    label = "" if path.isdigit() else prefix  # list items are named by their line, not index
    good = True
    known = keys | optional
    for key in data:
        if key not in known:
            good = False
            problems.add(shown, doc.line(prefix + str(key)), _unknown(str(key), known))
    for key, rule in known.items():
        if key not in data and key in optional:
            continue
        if key not in data:
            good = False
            problems.add(shown, doc.line(path), _("kunci '%(key)s' wajib ada", key=label + key))
            continue
        error = rule(data[key])
        if error:
            good = False
            problems.add(shown, doc.line(prefix + key), f"{label}{key}: {error}")
    return good


def _unknown(key: str, keys: dict[str, Rule]) -> str:
    close = difflib.get_close_matches(key, keys, n=1, cutoff=0.5)
    if close:
        return _(
            "kunci '%(key)s' tidak dikenal (maksud Anda '%(close)s'?)", key=key, close=close[0]
        )
    return _("kunci '%(key)s' tidak dikenal; yang dikenal: %(keys)s", key=key, keys=", ".join(keys))
