"""The `flask lms ...` commands: thin, like views."""

import sys

import click
from flask import current_app
from flask.cli import AppGroup

from lms.backup.cli import backup_command
from lms.content.cli import content_cli
from lms.demo import activity as demo_activity
from lms.demo import people as people_demo
from lms.extensions import db
from lms.people.importer import import_employees
from lms.questionbank.cli import questions_cli
from lms.reminders.cli import reminders_cli

lms_cli = AppGroup("lms", help="Bina ASN commands.")
users_cli = AppGroup("users", help="Employees and accounts.")
lms_cli.add_command(users_cli)
lms_cli.add_command(content_cli)
lms_cli.add_command(questions_cli)
lms_cli.add_command(reminders_cli)
lms_cli.add_command(backup_command)


@users_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def users_import(path: str) -> None:
    """Import employees from a personnel-system CSV (all rows or none)."""
    with open(path, "rb") as handle:
        result = import_employees(handle.read())
    if result.errors:
        db.session.rollback()
        for error in result.errors:
            click.echo(f"{path}:{error.row}: {error.message}", err=True)
        sys.exit(1)
    db.session.commit()
    click.echo(f"{result.created} created, {result.updated} updated, {result.unchanged} unchanged.")


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
