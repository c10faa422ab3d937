"""The reminder e-mails' words: Indonesian plain text and simple HTML, from templates/email/."""

from dataclasses import dataclass

from flask import render_template
from flask_babel import gettext as _

from .services import Reminder, iso_week


@dataclass(frozen=True)
class Content:
    subject: str
    text: str
    html: str


def _learner_subject(reminder: Reminder) -> str:
    overdue = len(reminder.sections.get("overdue", []))
    soon = len(reminder.sections.get("due3", []))
    if overdue and soon:
        return _(
            "Pengingat tugas belajar: %(overdue)s terlambat, %(soon)s segera jatuh tempo",
            overdue=overdue,
            soon=soon,
        )
    if overdue:
        return _("Pengingat: %(n)s tugas belajar melewati batas waktu", n=overdue)
    return _("Pengingat: %(n)s tugas belajar jatuh tempo dalam 3 hari", n=soon)


def content(reminder: Reminder, today) -> Content:
    """Render one reminder; needs a request context for the links (see reminders.cli)."""
    if reminder.kind == "learner":
        subject, template = _learner_subject(reminder), "email/learner"
    else:
        week = iso_week(today).split("-W")
        subject = _(
            "Ringkasan mingguan tim Anda di Bina ASN (pekan %(week)s/%(year)s)",
            week=int(week[1]),
            year=week[0],
        )
        template = "email/digest"
    values = {"reminder": reminder, "subject": subject, "today": today}
    return Content(
        subject=subject,
        text=render_template(f"{template}.txt", **values),
        html=render_template(f"{template}.html", **values),
    )
