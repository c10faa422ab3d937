"""Which reminder e-mails are due: to learners about assignments, to supervisors a weekly digest.

Every e-mail carries one or more log keys; a key that is in the log has gone out and is never
sent again, so the command is safe to run several times a day. Each list below is one grouped
query over all people, whatever their number.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import CTE, exists, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased

from lms import clock
from lms.assignments.models import Assignment
from lms.evaluation.models import BehaviourEvaluation
from lms.extensions import db
from lms.learning.models import Enrollment, Module, ModuleVersion
from lms.people.models import User

from .models import ReminderLog

DUE_SOON_DAYS = 3
DIGEST_DAYS = 7  # "who completed what" covers the last week
DIGEST_ROWS = 20  # per section; the e-mail says how many more there are


@dataclass(frozen=True)
class LogKey:
    key: str
    kind: str  # due3 | overdue | digest
    assignment_id: int | None = None


@dataclass(frozen=True)
class Item:
    """One line of an e-mail: who (for digests), which module, and a date."""

    name: str
    module: str
    slug: str
    day: date
    key: str | None = None  # the log key of a learner's line


@dataclass
class Reminder:
    kind: str  # learner | digest
    user_id: int
    name: str
    email: str
    keys: list[LogKey] = field(default_factory=list)
    sections: dict[str, list[Item]] = field(default_factory=lambda: defaultdict(list))
    more: dict[str, int] = field(default_factory=dict)


def iso_week(day: date) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def _not_completed():
    return ~exists().where(
        Enrollment.user_id == Assignment.user_id,
        Enrollment.module_id == Assignment.module_id,
        Enrollment.completed_at.is_not(None),
    )


def learner_reminders(today: date) -> list[Reminder]:
    """One e-mail per learner listing assignments due within 3 days and those overdue."""
    rows = db.session.execute(
        select(
            Assignment.id,
            Assignment.due_date,
            User.id.label("user_id"),
            User.name,
            User.email,
            ModuleVersion.title,
            Module.slug,
        )
        .join(User, User.id == Assignment.user_id)
        .join(Module, Module.id == Assignment.module_id)
        .join(ModuleVersion, ModuleVersion.id == Module.current_version_id)
        .where(
            Assignment.cancelled_at.is_(None),
            Assignment.due_date <= today + timedelta(days=DUE_SOON_DAYS),
            User.active.is_(True),
            _not_completed(),
        )
        .order_by(User.id, Assignment.due_date, Assignment.id)
    ).all()
    reminders: dict[int, Reminder] = {}
    for row in rows:
        reminder = reminders.setdefault(
            row.user_id, Reminder("learner", row.user_id, row.name, row.email or "")
        )
        if row.due_date < today:
            key = LogKey(f"overdue:{row.id}:{iso_week(today)}", "overdue", row.id)
        else:
            key = LogKey(f"due3:{row.id}:{row.due_date.isoformat()}", "due3", row.id)
        reminder.keys.append(key)
        item = Item(row.name, row.title, row.slug, row.due_date, key.key)
        reminder.sections[key.kind].append(item)
    return list(reminders.values())


def reporting_chain() -> CTE:
    """(supervisor_id, member_id) for everyone and each of their supervisors up the line."""
    chain = (
        select(User.supervisor_id.label("supervisor_id"), User.id.label("member_id"))
        .where(User.supervisor_id.is_not(None))
        .cte("chain", recursive=True)
    )
    below = aliased(User)
    # UNION, not UNION ALL: a corrupt reporting cycle cannot recurse forever.
    return chain.union(
        select(chain.c.supervisor_id, below.id).join(
            below, below.supervisor_id == chain.c.member_id
        )
    )


def _digest_rows(chain: CTE, member: type[User], extra, *conditions):
    """(supervisor, member name, module title, slug, date) of active members in each subtree."""
    return db.session.execute(
        select(
            chain.c.supervisor_id,
            member.name,
            ModuleVersion.title,
            Module.slug,
            extra.label("day"),
        )
        .join(member, member.id == chain.c.member_id)
        .where(member.active.is_(True), *conditions)
        .order_by(chain.c.supervisor_id, extra, member.name)
    ).all()


def _completed(chain: CTE, now: datetime):
    member = aliased(User)
    return _digest_rows(
        chain,
        member,
        Enrollment.completed_at,
        Enrollment.user_id == chain.c.member_id,
        Enrollment.completed_at >= now - timedelta(days=DIGEST_DAYS),
        Module.id == Enrollment.module_id,
        ModuleVersion.id == Enrollment.version_id,
    )


def _overdue(chain: CTE, today: date):
    member = aliased(User)
    return _digest_rows(
        chain,
        member,
        Assignment.due_date,
        Assignment.user_id == chain.c.member_id,
        Assignment.cancelled_at.is_(None),
        Assignment.due_date < today,
        _not_completed(),
        Module.id == Assignment.module_id,
        ModuleVersion.id == Module.current_version_id,
    )


def _evaluations_waiting(chain: CTE, now: datetime, delay_days: int):
    """Same rule as lms.evaluation.services.due_for_evaluation, for every supervisor at once."""
    member = aliased(User)
    return _digest_rows(
        chain,
        member,
        Enrollment.completed_at,
        Enrollment.user_id == chain.c.member_id,
        Enrollment.completed_at <= now - timedelta(days=delay_days),
        ~exists().where(BehaviourEvaluation.enrollment_id == Enrollment.id),
        Module.id == Enrollment.module_id,
        ModuleVersion.id == Enrollment.version_id,
    )


def digests(today: date, now: datetime, delay_days: int) -> list[Reminder]:
    """One weekly e-mail per supervisor with something to report about their subtree."""
    chain = reporting_chain()
    sections = {
        "completed": _completed(chain, now),
        "overdue": _overdue(chain, today),
        "evaluations": _evaluations_waiting(chain, now, delay_days),
    }
    found: dict[int, dict[str, list[Item]]] = defaultdict(lambda: defaultdict(list))
    for name, rows in sections.items():
        for row in rows:
            day = clock.local_date(row.day)
            found[row.supervisor_id][name].append(Item(row.name, row.title, row.slug, day))
    if not found:
        return []
    people = db.session.execute(
        select(User.id, User.name, User.email).where(
            User.id.in_(list(found)), User.active.is_(True)
        )
    ).all()
    reminders = []
    for person in people:
        reminder = Reminder("digest", person.id, person.name, person.email or "")
        reminder.keys.append(LogKey(f"digest:{person.id}:{iso_week(today)}", "digest"))
        for name, items in found[person.id].items():
            reminder.sections[name] = items[:DIGEST_ROWS]
            reminder.more[name] = max(0, len(items) - DIGEST_ROWS)
        reminders.append(reminder)
    return sorted(reminders, key=lambda r: r.user_id)


def without_sent(reminders: list[Reminder]) -> list[Reminder]:
    """Drop the keys already in the log, and the e-mails left with nothing to say."""
    wanted = [key.key for reminder in reminders for key in reminder.keys]
    sent = set(db.session.scalars(select(ReminderLog.key).where(ReminderLog.key.in_(wanted))))
    kept = []
    for reminder in reminders:
        reminder.keys = [key for key in reminder.keys if key.key not in sent]
        if reminder.kind == "learner":
            reminder.sections = {
                kind: kept_items
                for kind, items in reminder.sections.items()
                if (kept_items := [item for item in items if item.key not in sent])
            }
        if reminder.keys:
            kept.append(reminder)
    return kept


def pending(today: date, now: datetime, delay_days: int) -> list[Reminder]:
    """Every reminder that should go out now and has not gone out yet."""
    return without_sent(learner_reminders(today) + digests(today, now, delay_days))


def deliver(reminder: Reminder, send, now: datetime) -> bool:
    """Log the reminder's keys, then send; if sending raises, the log rows are rolled back.

    Returns False when a concurrent run logged a key first (it sent that e-mail). The caller
    commits after each e-mail, so a crash later in the run never sends this one again.
    """
    try:
        with db.session.begin_nested():
            db.session.add_all(
                ReminderLog(
                    key=key.key,
                    kind=key.kind,
                    user_id=reminder.user_id,
                    assignment_id=key.assignment_id,
                    sent_at=now,
                )
                for key in reminder.keys
            )
            db.session.flush()
            send()
    except IntegrityError:
        return False
    return True
