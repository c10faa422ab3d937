"""`flask lms content check|import PATH`: thin, like views."""

import functools
import json
import sys

import click
from flask import current_app
from flask.cli import AppGroup
from flask_babel import force_locale
from flask_babel import gettext as _

from lms import clock
from lms.extensions import db

from .export import content_json
from .importer import CREATED, UNCHANGED, ModuleImport, import_content
from .loader import Content, ModuleSource
from .quality import check_content, source_minutes
from .source import Problem

content_cli = AppGroup("content", help="Module content as files (content/).")
FOLDER = click.Path(exists=True, file_okay=False)


def _default_locale(command):
    """Speak the default language: a command has no session to choose another one from."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
            return command(*args, **kwargs)

    return wrapper


@content_cli.command("check")
@click.argument("path", type=FOLDER)
@click.option("--json", "as_json", is_flag=True, help="Print modules and questions as JSON.")
@click.option("--strict", is_flag=True, help="Bank-quality warnings about whole modules fail.")
@_default_locale
def check(path: str, as_json: bool, strict: bool) -> None:
    """Check a content folder without touching the database; problems as FILE:LINE: message."""
    content = check_content(path, current_app.config["MINUTES_PER_JP"])
    if strict:
        content.problems = sorted(content.problems + content.strict, key=_place)
    else:
        content.warnings = sorted(content.warnings + content.strict, key=_place)
    if as_json:
        click.echo(json.dumps(content_json(content), ensure_ascii=False, indent=2))
    elif not _print_problems(content):
        _print_warnings(content)
        for module in content.modules:
            click.echo(_module_summary(module))
        click.echo(
            _(
                "OK: %(competencies)s kompetensi, %(modules)s modul.",
                competencies=len(content.competencies),
                modules=len(content.modules),
            )
        )
    sys.exit(1 if content.problems else 0)


@content_cli.command("import")
@click.argument("path", type=FOLDER)
@_default_locale
def import_(path: str) -> None:
    """Import a content folder all-or-nothing; unchanged modules stay as they are."""
    content = check_content(path, current_app.config["MINUTES_PER_JP"])
    if _print_problems(content):
        click.echo(_("Tidak ada yang diimpor."), err=True)
        sys.exit(1)
    try:
        results = import_content(content, clock.utcnow())
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    for result in results:
        click.echo(f"{result.slug}: {_import_status(result)}")


def _print_problems(content: Content) -> bool:
    for problem in content.problems:
        click.echo(str(problem), err=True)
    if content.problems:
        click.echo(_("%(count)s masalah ditemukan.", count=len(content.problems)), err=True)
    return bool(content.problems)


def _place(problem: Problem) -> tuple[str, int]:
    return problem.file, problem.line


def _print_warnings(content: Content) -> None:
    for warning in content.warnings:
        message = _("peringatan: %(message)s", message=warning.message)
        click.echo(f"{warning.file}:{warning.line}: {message}", err=True)
    if content.warnings:
        click.echo(
            _(
                "%(count)s peringatan mutu bank soal (tidak menghalangi impor; "
                "--strict menjadikan peringatan tingkat modul sebagai masalah).",
                count=len(content.warnings),
            ),
            err=True,
        )


def _module_summary(module: ModuleSource) -> str:
    bank = module.gradeable_bank()
    plan = ", ".join(f"{code} {n}" for code, n in module.test_plan().items())
    return _(
        "%(folder)s: %(lessons)s materi, durasi %(minutes)s menit (%(jp)s JP), "
        "%(questions)s soal di bank (%(gradeable)s dapat dinilai); pre-test dan post-test "
        "%(count)s soal: %(plan)s",
        folder=module.folder,
        lessons=len(module.lessons),
        minutes=source_minutes(module),
        jp=module.jp,
        questions=len(module.questions),
        gradeable=len(bank),
        count=module.pretest,
        plan=plan,
    )


def _import_status(result: ModuleImport) -> str:
    if result.status == CREATED:
        return _("dibuat, versi %(number)s", number=result.number)
    if result.status == UNCHANGED:
        return _("tidak berubah, tetap versi %(number)s", number=result.number)
    return _("versi baru %(number)s", number=result.number)
