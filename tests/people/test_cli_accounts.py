"""`flask lms users grant / revoke / password`: the way into a new install."""

import pytest
from sqlalchemy import select

from lms.audit.models import AuditEvent
from lms.extensions import db
from lms.people.models import User

from ..conftest import login
from ..factories import make_user


def _user(nip: str) -> User:
    db.session.expire_all()
    return db.session.scalar(select(User).where(User.nip == nip))


def _trail() -> list[tuple[str, str]]:
    db.session.expire_all()
    events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))
    return [(event.action, event.detail) for event in events]


def test_grant_then_revoke_a_role(runner):
    user = make_user("Siti Admin", password=None)
    result = runner.invoke(args=["lms", "users", "grant", user.nip, "admin"])
    assert result.exit_code == 0, result.output
    assert f"Peran admin diberikan kepada {user.nip} Siti Admin." in result.output
    assert _user(user.nip).granted_roles == {"admin"}
    result = runner.invoke(args=["lms", "users", "grant", user.nip, "trainer"])
    assert _user(user.nip).granted_roles == {"admin", "trainer"}
    result = runner.invoke(args=["lms", "users", "revoke", user.nip, "trainer"])
    assert result.exit_code == 0, result.output
    assert "Peran trainer dicabut dari" in result.output
    assert _user(user.nip).granted_roles == {"admin"}
    assert _trail() == [
        ("role_change", "- → admin (flask lms users)"),
        ("role_change", "admin → admin, trainer (flask lms users)"),
        ("role_change", "admin, trainer → admin (flask lms users)"),
    ]


def test_grant_reads_a_spaced_nip_as_sign_in_does(runner):
    user = make_user(nip="198609262015051001", password=None)
    result = runner.invoke(args=["lms", "users", "grant", "19860926 201505 1 001", "admin"])
    assert result.exit_code == 0, result.output
    assert _user(user.nip).granted_roles == {"admin"}


def test_granting_a_role_twice_changes_nothing(runner):
    user = make_user(roles=("admin",))
    result = runner.invoke(args=["lms", "users", "grant", user.nip, "admin"])
    assert result.exit_code == 0
    assert "sudah memiliki peran admin" in result.output
    assert _trail() == []


@pytest.mark.parametrize(
    "command, nip, role, message",
    [
        ("grant", "199001012015031009", "admin", "NIP 199001012015031009 tidak ditemukan."),
        ("grant", None, "superuser", "Peran 'superuser' tidak dikenal."),
        ("grant", None, "supervisor", "Peran 'supervisor' tidak dikenal."),
        ("revoke", None, "root", "Peran 'root' tidak dikenal."),
        ("revoke", "199001012015031009", "admin", "NIP 199001012015031009 tidak ditemukan."),
    ],
)
def test_unknown_nip_or_role_is_refused_and_changes_nothing(runner, command, nip, role, message):
    user = make_user(roles=("trainer",))
    result = runner.invoke(args=["lms", "users", command, nip or user.nip, role])
    assert result.exit_code == 1
    assert message in result.output
    assert _user(user.nip).granted_roles == {"trainer"}
    assert _trail() == []


def test_the_last_active_admin_cannot_be_revoked(runner):
    only = make_user("Admin Satu", roles=("admin",))
    make_user("Admin Lama", roles=("admin",), active=False)
    result = runner.invoke(args=["lms", "users", "revoke", only.nip, "admin"])
    assert result.exit_code == 1
    assert "Tidak dapat mencabut admin aktif terakhir." in result.output
    assert _user(only.nip).granted_roles == {"admin"}
    other = make_user("Admin Dua", roles=("admin",))
    result = runner.invoke(args=["lms", "users", "revoke", only.nip, "admin"])
    assert result.exit_code == 0, result.output
    assert _user(only.nip).granted_roles == set()
    result = runner.invoke(args=["lms", "users", "revoke", other.nip, "admin"])
    assert result.exit_code == 1
    assert _user(other.nip).granted_roles == {"admin"}


def test_password_prints_a_one_time_password(runner, app):
    user = make_user("Pegawai Baru", password=None)
    result = runner.invoke(args=["lms", "users", "password", user.nip])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"Kata sandi sementara untuk {user.nip} Pegawai Baru:"
    password = lines[1]
    assert _user(user.nip).must_change_password
    assert _trail() == [("temporary_password", "flask lms users")]
    employee = app.test_client()
    login(employee, user, password)
    assert employee.get("/").headers["Location"] == "/kata-sandi"


def test_password_ends_the_employees_sessions(runner, app):
    user = make_user()
    employee = app.test_client()
    login(employee, user)
    assert employee.get("/kata-sandi").status_code == 200
    assert runner.invoke(args=["lms", "users", "password", user.nip]).exit_code == 0
    assert employee.get("/kata-sandi").headers["Location"].startswith("/login")


@pytest.mark.parametrize("active", [True, False])
def test_password_refuses_an_unknown_or_inactive_account(runner, active):
    user = make_user(active=active)
    nip = "199001012015031009" if active else user.nip
    before = user.password_hash
    result = runner.invoke(args=["lms", "users", "password", nip])
    assert result.exit_code == 1
    assert "tidak ditemukan" in result.output if active else "nonaktif" in result.output
    assert _user(user.nip).password_hash == before
    assert _trail() == []
