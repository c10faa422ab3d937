from sqlalchemy import func, select

from lms.demo import people as demo
from lms.extensions import db
from lms.people.identity import is_pppk, nip_problem
from lms.people.models import Unit, User
from lms.people.services import roles_of, subtree_ids, verify_password

from ..conftest import login
from .csv_data import STAFF, csv_bytes, with_row


def _counts() -> tuple[int, int]:
    return (
        db.session.scalar(select(func.count()).select_from(User)),
        db.session.scalar(select(func.count()).select_from(Unit)),
    )


def _by_nip(nip: str) -> User:
    return db.session.scalar(select(User).where(User.nip == nip))


def test_users_import_command(runner, tmp_path):
    path = tmp_path / "pegawai.csv"
    path.write_bytes(csv_bytes(bom=True, delimiter=";"))
    result = runner.invoke(args=["lms", "users", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert "4 created, 0 updated, 0 unchanged." in result.output
    assert _counts() == (4, 2)
    result = runner.invoke(args=["lms", "users", "import", str(path)])
    assert "0 created, 0 updated, 4 unchanged." in result.output
    path.write_bytes(csv_bytes(with_row(0, nip_atasan="")))
    result = runner.invoke(args=["lms", "users", "import", str(path)])
    assert "0 created, 1 updated, 3 unchanged." in result.output
    assert _by_nip(STAFF).supervisor_id is None


def test_users_import_command_reports_bad_rows_and_writes_nothing(runner, tmp_path):
    path = tmp_path / "pegawai.csv"
    path.write_bytes(csv_bytes(with_row(0, golongan="V/a", email="rahmat@")))
    result = runner.invoke(args=["lms", "users", "import", str(path)])
    assert result.exit_code == 1
    assert f"{path}:2: Golongan 'V/a' tidak dikenal." in result.output
    assert f"{path}:2: Email 'rahmat@' tidak valid." in result.output
    assert "created" not in result.output
    assert _counts() == (0, 0)


def test_users_import_command_needs_an_existing_file(runner, tmp_path):
    result = runner.invoke(args=["lms", "users", "import", str(tmp_path / "none.csv")])
    assert result.exit_code == 2
    assert "does not exist" in result.output


def _snapshot():
    rows = db.session.execute(
        select(User.nip, User.name, User.supervisor_id, User.unit_id, User.password_hash)
    ).all()
    units = db.session.execute(select(Unit.id, Unit.name, Unit.parent_id)).all()
    return sorted(rows), sorted(units)


def _depth(user: User) -> int:
    return 1 if user.supervisor is None else 1 + _depth(user.supervisor)


def test_demo_command_builds_a_believable_province(runner):
    result = runner.invoke(args=["lms", "demo"])
    assert result.exit_code == 0, result.output
    users = db.session.scalars(select(User)).all()
    assert 55 <= len(users) <= 70
    opds = db.session.scalars(select(Unit).where(Unit.parent_id.is_(None))).all()
    assert 8 <= len(opds) <= 12
    assert max(_depth(u) for u in users) == 3
    for user in users:
        assert nip_problem(user.nip, pppk=is_pppk(user.grade)) is None, user.nip
        assert user.unit is not None and user.active

    admin, trainer, supervisor, learner = (
        _by_nip(n)
        for n in (demo.ADMIN_NIP, demo.TRAINER_NIP, demo.SUPERVISOR_NIP, demo.LEARNER_NIP)
    )
    assert "admin" in roles_of(admin)
    assert "trainer" in roles_of(trainer)
    assert "supervisor" in roles_of(supervisor)
    assert roles_of(learner) == {"learner"}
    reports = db.session.scalars(select(User).where(User.supervisor_id == supervisor.id)).all()
    assert len(reports) >= 6 and learner in reports
    assert _depth(learner) == 3
    assert set(db.session.scalars(subtree_ids(supervisor.id))) == {u.id for u in reports}
    trainers = [u for u in users if "trainer" in u.granted_roles]
    assert len(trainers) == 2
    for account in (admin, trainer, supervisor, learner):
        assert verify_password(account, demo.DEMO_PASSWORD)
        assert not account.must_change_password


def test_demo_command_twice_changes_nothing(runner):
    runner.invoke(args=["lms", "demo"])
    before = _snapshot()
    result = runner.invoke(args=["lms", "demo"])
    assert result.exit_code == 0
    assert "already present" in result.output
    assert _snapshot() == before


def test_demo_accounts_can_sign_in(runner, app):
    runner.invoke(args=["lms", "demo"])
    for nip in (demo.ADMIN_NIP, demo.TRAINER_NIP, demo.SUPERVISOR_NIP, demo.LEARNER_NIP):
        client = app.test_client()
        login(client, _by_nip(nip), demo.DEMO_PASSWORD)
        assert client.get("/kata-sandi").status_code == 200
