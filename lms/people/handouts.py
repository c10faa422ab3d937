"""Temporary passwords for a whole unit at once, printed as one slip per employee.

After an agency's CSV import every new account has no password; the admin hands them out as
paper slips. Only hashes are stored: the passwords exist in the one response that prints them.
"""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from lms.errors import DomainError
from lms.extensions import db

from .models import User
from .services import issue_temporary_password, new_temporary_password, unit_subtree_ids

# One slow hash per person would make a unit of 400 wait 150 s (scrypt, ~0.4 s each). The slow
# hash protects passwords people choose; these are random (74 bits, new_temporary_password),
# which no offline search gets through even at this cost, and each is replaced at the first
# sign-in, which hashes the person's own password with PASSWORD_HASH_METHOD.
HANDOUT_HASH_METHOD = "pbkdf2:sha256:10000"
MAX_SLIPS = 1000


@dataclass(frozen=True)
class Slip:
    name: str
    nip: str
    unit: str
    password: str


def recipients(unit_id: int, only_new: bool) -> list[User]:
    """Active accounts in the unit and the units below it; with `only_new`, those that never
    had a password (just imported). Ordered by name."""
    query = (
        select(User)
        .where(User.active.is_(True), User.unit_id.in_(unit_subtree_ids(unit_id)))
        .order_by(User.name, User.id)
    )
    if only_new:
        query = query.where(User.password_hash.is_(None))
    return list(db.session.scalars(query))


def make_passwords(count: int) -> list[tuple[str, str]]:
    """(password, hash) pairs; run before the write transaction (see HANDOUT_HASH_METHOD)."""
    if count > MAX_SLIPS:
        raise DomainError(
            _l("Paling banyak %(n)s pegawai sekali buat; pilih unit yang lebih kecil.", n=MAX_SLIPS)
        )
    return [new_temporary_password(HANDOUT_HASH_METHOD) for _ in range(count)]


def issue(users: list[User], passwords: list[tuple[str, str]], paths: dict[int, str]) -> list[Slip]:
    """Give each user their temporary password (changed at first sign-in); return the slips."""
    slips = []
    for user, (password, password_hash) in zip(users, passwords, strict=True):
        issue_temporary_password(user, password_hash)
        slips.append(Slip(user.name, user.nip, paths.get(user.unit_id, ""), password))
    db.session.flush()
    return slips
