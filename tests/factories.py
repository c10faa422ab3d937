"""Plain factory functions: each test builds the data it asserts on."""

import itertools

from werkzeug.security import generate_password_hash

from lms.extensions import db
from lms.people.models import RoleGrant, Unit, User

from .conftest import FAST_HASH, TEST_PASSWORD

_serial = itertools.count(1)
_HASH_CACHE: dict[str, str] = {}


def valid_nip(serial: int | None = None, gender: str = "1") -> str:
    serial = next(_serial) if serial is None else serial
    birth_year = 1970 + serial % 25
    birth = f"{birth_year}0{1 + serial % 9}1{serial % 9}"
    return f"{birth}{birth_year + 25}01{gender}{serial % 999 + 1:03d}"


def make_unit(name: str = "Dinas Kesehatan", parent: Unit | None = None) -> Unit:
    unit = Unit(name=name, parent=parent)
    db.session.add(unit)
    db.session.flush()
    return unit


def make_user(
    name: str = "Pegawai Uji",
    *,
    nip: str | None = None,
    supervisor: User | None = None,
    unit: Unit | None = None,
    roles: tuple[str, ...] = (),
    password: str | None = TEST_PASSWORD,
    must_change_password: bool = False,
    active: bool = True,
    grade: str = "III/a",
) -> User:
    if password is not None and password not in _HASH_CACHE:
        _HASH_CACHE[password] = generate_password_hash(password, method=FAST_HASH)
    user = User(
        nip=nip or valid_nip(),
        name=name,
        position="Analis",
        grade=grade,
        unit=unit,
        supervisor=supervisor,
        password_hash=_HASH_CACHE[password] if password else None,
        must_change_password=must_change_password,
        active=active,
    )
    user.role_grants = [RoleGrant(role=role) for role in roles]
    db.session.add(user)
    db.session.commit()
    return user
