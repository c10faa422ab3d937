"""The action plan (RTL): four parts, each with a minimum of substance, and its acknowledgement.

The rules are written down for learners and trainers in content/README.md ("RTL").
"""

import re
from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from lms import clock
from lms.errors import DomainError
from lms.extensions import db

from .activities import reflections_of
from .models import Enrollment, Lesson, Reflection
from .services import touch

# The least that makes a part checkable by the supervisor, in words (or days for the date).
MIN_WORDS = {"what": 12, "success": 8, "people": 2}
MAX_DAYS_AHEAD = 365
PART_MAX = 2000
WORD = re.compile(r"\w+")


@dataclass
class PlanInput:
    """The four parts as typed; `due` is the date as ISO text (lms.learning.forms.PlanDueField)."""

    what: str = ""
    due: str = ""
    success: str = ""
    people: str = ""


class PlanRefused(DomainError):
    """One or more parts are not good enough; `problems` maps each part to its message."""

    def __init__(self, problems: dict[str, str]):
        super().__init__(next(iter(problems.values())), next(iter(problems)))
        self.problems = problems


def words(text: str) -> int:
    return len(WORD.findall(text or ""))


def _too_short(text: str, part: str) -> bool:
    return words(text) < MIN_WORDS[part]


def _due_problem(value: str, today: date) -> tuple[date | None, str | None]:
    if not value.strip():
        return None, _l("Masukkan tanggal target: kapan perubahan ini sudah berjalan.")
    try:
        due = date.fromisoformat(value.strip())
    except ValueError:
        return None, _l(
            "Tanggal target harus tanggal yang benar, dengan tanggal, bulan dan tahun "
            "dalam angka, misalnya 31 3 2027."
        )
    last = today + timedelta(days=MAX_DAYS_AHEAD)
    if due < today:
        return None, _l("Tanggal target tidak boleh sebelum hari ini.")
    if due > last:
        return None, _l("Tanggal target paling lambat satu tahun dari hari ini.")
    return due, None


def check_plan(plan: PlanInput, today: date) -> tuple[date | None, dict[str, str]]:
    """The parsed target date and every problem of the plan, in the order of the form."""
    problems: dict[str, str] = {}
    if _too_short(plan.what, "what"):
        problems["what"] = _l(
            "Tuliskan apa yang akan Anda ubah dalam paling sedikit %(min)d kata "
            "(sekarang %(n)d kata): kebiasaan atau cara kerja apa, dan di mana.",
            min=MIN_WORDS["what"],
            n=words(plan.what),
        )
    due, problem = _due_problem(plan.due, today)
    if problem:
        problems["due"] = problem
    if _too_short(plan.success, "success"):
        problems["success"] = _l(
            "Tuliskan tanda keberhasilan yang dapat dilihat orang lain dalam paling sedikit "
            "%(min)d kata (sekarang %(n)d kata), misalnya angka atau hasil kerja.",
            min=MIN_WORDS["success"],
            n=words(plan.success),
        )
    if _too_short(plan.people, "people"):
        problems["people"] = _l(
            "Sebutkan siapa yang terlibat atau mendukung, dengan nama atau jabatan "
            "(paling sedikit %(min)d kata).",
            min=MIN_WORDS["people"],
        )
    for part in ("what", "success", "people"):
        if len(getattr(plan, part)) > PART_MAX and part not in problems:
            problems[part] = _l("Bagian ini paling panjang %(max)d karakter.", max=PART_MAX)
    return due, problems


def save_rtl(enrollment: Enrollment, lesson: Lesson, block: dict, plan: PlanInput) -> Reflection:
    """Create or update the learner's RTL; every part must pass, else nothing changes.

    An acknowledged RTL is final: the supervisor's baseline ratings were given against it.
    """
    plan = PlanInput(*(part.strip() for part in (plan.what, plan.due, plan.success, plan.people)))
    reflection = reflections_of(enrollment, lesson).get(block["key"])
    if reflection is not None and reflection.acknowledged_at is not None:
        raise DomainError(_l("RTL ini sudah diakui atasan Anda dan tidak dapat diubah lagi."))
    due, problems = check_plan(plan, clock.today())
    if problems:
        raise PlanRefused(problems)
    if reflection is None:
        reflection = Reflection(
            enrollment_id=enrollment.id,
            lesson_id=lesson.id,
            block_key=block["key"],
            kind="rtl",
            prompt=Markup(block.get("prompt_html", "")).striptags(),
        )
        db.session.add(reflection)
    reflection.text = plan.what
    reflection.plan_due = due
    reflection.plan_success = plan.success
    reflection.plan_people = plan.people
    reflection.shared = True  # an RTL is always visible to the direct supervisor
    reflection.updated_at = clock.utcnow()
    touch(enrollment)
    db.session.flush()
    return reflection
