"""`flask lms questions import|export`: moving question banks in and out, thin like views."""

import functools
import sys

import click
from flask import current_app
from flask.cli import AppGroup
from flask_babel import force_locale
from flask_babel import gettext as _

from lms import clock
from lms.errors import DomainError
from lms.extensions import db
from lms.questions.kinds import KINDS

from . import services, transfer

questions_cli = AppGroup("questions", help="Question banks: GIFT and Moodle XML.")


def _default_locale(command):
    """Speak the default language: a command has no session to choose another one from."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
            return command(*args, **kwargs)

    return wrapper


def _fail(message: str) -> None:
    click.echo(message, err=True)
    sys.exit(1)


def _bank(slug: str):
    module = services.module_by_slug(slug)
    version = services.shown_version(module) if module is not None else None
    if version is None:
        _fail(_("Modul '%(slug)s' tidak ditemukan.", slug=slug))
    return module, version


@questions_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--module", "slug", required=True, help="Slug of the module whose bank receives.")
@click.option("--dry-run", is_flag=True, help="Report what would be added; write nothing.")
@click.option(
    "--skip-bad",
    is_flag=True,
    help="Import the sound questions and report the skipped ones (default: all or nothing).",
)
@click.option(
    "--nip",
    help="NIP of the trainer or admin recorded as making the change (default: the first admin).",
)
@_default_locale
def import_(path: str, slug: str, dry_run: bool, skip_bad: bool, nip: str | None) -> None:
    """Add a GIFT or Moodle XML file's questions to a module's draft bank (all or nothing)."""
    module, version = _bank(slug)
    with open(path, "rb") as handle:
        read = transfer.read_file(handle.read(), version)
    for note in read.notes:
        click.echo(note.for_command(path), err=True)
    for problem in read.problems:
        click.echo(problem.for_command(path), err=True)
    if not read.importable(skip_bad):
        _fail(_("%(n)d masalah ditemukan. Tidak ada yang diimpor.", n=len(read.problems)))
    if read.problems:
        click.echo(_("Soal bermasalah di atas dilewati."), err=True)
    counts = ", ".join(f"{KINDS[kind].label} {n}" for kind, n in read.counts().items())
    if dry_run:
        click.echo(
            _(
                "Uji coba: %(n)d soal akan ditambahkan ke %(slug)s (%(counts)s). Tidak ada yang "
                "ditulis.",
                n=len(read.questions),
                slug=slug,
                counts=counts,
            )
        )
        return
    try:
        user = services.acting_user(nip)
    except DomainError as refusal:
        _fail(str(refusal))
    try:
        added = transfer.import_questions(
            module, user.id, read, path, current_app.config["UPLOAD_DIR"], skip_bad
        )
    except DomainError as refusal:
        _fail(str(refusal))
    db.session.commit()
    click.echo(
        _(
            "%(n)d soal ditambahkan ke draf %(slug)s (%(counts)s).",
            n=len(added),
            slug=slug,
            counts=counts,
        )
    )


@questions_cli.command("export")
@click.option("--module", "slug", required=True, help="Slug of the module to export.")
@_default_locale
def export(slug: str) -> None:
    """Write a module's bank (its draft if one is open) as GIFT to standard output."""
    _, version = _bank(slug)
    click.echo(transfer.export_gift(version, clock.utcnow()), nl=False)
