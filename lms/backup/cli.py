"""`flask lms backup DEST`: a consistent copy of the SQLite database while the app runs."""

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from lms.backup.sqlite import BackupRefused, backup_sqlite, sqlite_path


@click.command("backup")
@with_appcontext
@click.argument("dest", type=click.Path(dir_okay=False, writable=True, path_type=Path))
def backup_command(dest: Path) -> None:
    """Copy the SQLite database to DEST as one snapshot (PostgreSQL: use pg_dump)."""
    try:
        source = sqlite_path(current_app.config["SQLALCHEMY_DATABASE_URI"])
        pages = backup_sqlite(source, dest)
    except BackupRefused as refusal:
        click.echo(f"Backup refused: {refusal}", err=True)
        sys.exit(1)
    click.echo(f"{source} backed up to {dest} ({pages} pages).")
