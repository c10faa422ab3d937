"""`flask lms reminders send`: for cron, safe to run several times a day."""

import sys
from datetime import date, datetime

import click
from flask import current_app
from flask.cli import AppGroup
from flask_babel import force_locale
from flask_babel import gettext as _

from lms import clock
from lms.extensions import db

from . import mail, messages, services

DEVELOPMENT_URL = "http://127.0.0.1:5000"

reminders_cli = AppGroup("reminders", help="Reminder e-mails (for cron).")


@reminders_cli.command("send")
def send() -> None:
    """E-mail due and overdue assignments to learners and the weekly digest to supervisors.

    Each e-mail is logged and committed as soon as the SMTP server took it; failed ones are
    reported, exit status 1, and tried again on the next run.
    """
    config = current_app.config
    # Links in the e-mails need a base address (production requires one; a development
    # server's is the make-run default); the words are Indonesian whatever the session.
    base_url = config["PUBLIC_BASE_URL"] or DEVELOPMENT_URL
    with (
        force_locale(config["BABEL_DEFAULT_LOCALE"]),
        current_app.test_request_context(base_url=base_url),
    ):
        today, now = clock.today(), clock.utcnow()
        due = services.pending(today, now, config["EVALUATION_DELAY_DAYS"])
        db.session.commit()  # end the read transaction before waiting on the network
        sent, failures, skipped = _deliver_all(due, today, now)
        _report(sent, failures, skipped)
    if failures:
        sys.exit(1)


def _report(sent: int, failures: list[str], skipped: int) -> None:
    click.echo(_("Terkirim: %(sent)s surel.", sent=sent))
    if skipped:
        click.echo(_("Dilewati (tanpa alamat surel): %(n)s orang.", n=skipped))
    for line in failures:
        click.echo(line, err=True)
    if failures:
        click.echo(
            _(
                "Gagal: %(n)s surel; dicoba lagi saat perintah ini dijalankan berikutnya.",
                n=len(failures),
            ),
            err=True,
        )


def _deliver_all(due: list, today: date, now: datetime) -> tuple[int, list[str], int]:
    config = current_app.config
    sent, failures, skipped = 0, [], 0
    with mail.Mailer(config["MAIL_SERVER"], config["MAIL_PORT"]) as mailer:
        for reminder in due:
            if not reminder.email:
                skipped += 1
                continue
            words = messages.content(reminder, today)
            message = mail.build(
                config["MAIL_FROM"],
                reminder.name,
                reminder.email,
                words.subject,
                words.text,
                words.html,
            )
            try:
                delivered = services.deliver(reminder, lambda m=message: mailer.send(m), now)
            except mail.MailError as error:
                db.session.rollback()
                failures.append(
                    _("Gagal mengirim ke %(to)s: %(reason)s", to=reminder.email, reason=error)
                )
                continue
            db.session.commit()
            sent += int(delivered)
    return sent, failures, skipped
