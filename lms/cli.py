"""The `flask lms ...` commands: thin, like views."""

import click
from flask import current_app
from flask.cli import AppGroup

from lms.backup.cli import backup_command
from lms.content.cli import content_cli
from lms.demo import activity as demo_activity
from lms.demo import people as people_demo
from lms.extensions import db
from lms.people.cli import users_cli
from lms.questionbank.cli import questions_cli
from lms.reminders.cli import reminders_cli

lms_cli = AppGroup("lms", help="Bina ASN commands.")
lms_cli.add_command(users_cli)
lms_cli.add_command(content_cli)
lms_cli.add_command(questions_cli)
lms_cli.add_command(reminders_cli)
lms_cli.add_command(backup_command)


@lms_cli.command("demo")
def demo() -> None:
    """Fill an empty database with a believable Jambi province (idempotent)."""
    created = people_demo.load(current_app.config["PASSWORD_HASH_METHOD"])
    db.session.commit()
    click.echo("Demo people loaded." if created else "Demo people already present.")
    if demo_activity.load_activity():
        db.session.commit()
        click.echo("Demo activity loaded (a year of attempts, completions, evaluations).")
    else:
        click.echo("Demo activity already present (or modules not imported yet).")
