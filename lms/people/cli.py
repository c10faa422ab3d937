"""The `flask lms users ...` commands: import employees, grant roles, hand out first passwords."""

import sys

import click
from flask import current_app
from flask.cli import AppGroup
from flask_babel import gettext as _

from lms.audit import services as audit
from lms.errors import DomainError
from lms.extensions import db

from . import services
from .identity import normalise_nip
from .importer import import_employees
from .models import User

users_cli = AppGroup("users", help="Employees and accounts.")
# The trail names where an event came from; a command has no signed-in actor and no IP.
FROM_CLI = "flask lms users"


def _fail(message: str) -> None:
    db.session.rollback()
    click.echo(message, err=True)
    sys.exit(1)


def _employee(nip: str) -> User:
    user = services.find_by_nip(normalise_nip(nip))
    if user is None:
        _fail(_("NIP %(nip)s tidak ditemukan.", nip=normalise_nip(nip)))
    return user


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
    detail = f"baru {result.created}, diperbarui {result.updated}, tetap {result.unchanged}"
    audit.record("user_import", None, path, f"{detail} ({FROM_CLI})")
    db.session.commit()
    click.echo(f"{result.created} created, {result.updated} updated, {result.unchanged} unchanged.")


@users_cli.command("grant")
@click.argument("nip")
@click.argument("role")
def users_grant(nip: str, role: str) -> None:
    """Give an employee a role (admin or trainer)."""
    _change_role(nip, role, grant=True)


@users_cli.command("revoke")
@click.argument("nip")
@click.argument("role")
def users_revoke(nip: str, role: str) -> None:
    """Take a role (admin or trainer) back from an employee."""
    _change_role(nip, role, grant=False)


def _change_role(nip: str, role: str, *, grant: bool) -> None:
    user = _employee(nip)
    before = ", ".join(sorted(user.granted_roles)) or "-"
    try:
        changed = (services.grant_role if grant else services.revoke_role)(user, role)
    except DomainError as error:
        _fail(str(error))
    who = f"{user.nip} {user.name}"
    if not changed:
        if grant:
            click.echo(_("%(who)s sudah memiliki peran %(role)s.", who=who, role=role))
        else:
            click.echo(_("%(who)s tidak memiliki peran %(role)s.", who=who, role=role))
        return
    after = ", ".join(sorted(user.granted_roles)) or "-"
    audit.record("role_change", None, who, f"{before} → {after} ({FROM_CLI})")
    db.session.commit()
    if grant:
        click.echo(_("Peran %(role)s diberikan kepada %(who)s.", role=role, who=who))
    else:
        click.echo(_("Peran %(role)s dicabut dari %(who)s.", role=role, who=who))


@users_cli.command("password")
@click.argument("nip")
def users_password(nip: str) -> None:
    """Print a one-time temporary password; it must be changed at the next sign-in."""
    user = _employee(nip)
    if not user.active:
        _fail(_("Akun %(nip)s nonaktif.", nip=user.nip))
    password, password_hash = services.new_temporary_password(
        current_app.config["PASSWORD_HASH_METHOD"]
    )
    services.issue_temporary_password(user, password_hash)
    audit.record("temporary_password", None, f"{user.nip} {user.name}", FROM_CLI)
    db.session.commit()
    click.echo(_("Kata sandi sementara untuk %(nip)s %(name)s:", nip=user.nip, name=user.name))
    click.echo(password)
    click.echo(_("Serahkan langsung; pegawai wajib menggantinya saat pertama masuk."))
