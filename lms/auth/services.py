"""Sign-in and password rules.

Hashing a password takes about 0.4 s on purpose, so it is done in two steps: a check that only
reads and hashes, called before the request's write transaction opens (STYLE.md rule 19), and
a step that writes what the check found. The write step makes sure that the password it checked
is still the stored one, since another request may have changed it in between.
"""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from flask_babel import lazy_gettext as _l

from lms.errors import DomainError
from lms.nip import normalise_nip
from lms.people.models import User
from lms.people.services import find_by_nip, hash_password, revoke_sessions, verify_password

COMMON_PASSWORDS = frozenset(
    Path(__file__).with_name("common_passwords.txt").read_text(encoding="utf-8").split()
)
MIN_PASSWORD_LENGTH = 8


@cache
def _dummy_hash(method: str) -> str:
    """A hash to check against when the NIP is unknown, so timing does not reveal it."""
    return hash_password("not-a-password", method)


@dataclass(frozen=True)
class CheckedPassword:
    """A password found right for `checked_hash`, and the hash to store next (or None)."""

    user: User
    checked_hash: str
    new_hash: str | None


def check_sign_in(nip: str, password: str, method: str) -> CheckedPassword | None:
    """Check the credentials of an active user without writing; rehash an outdated hash."""
    user = find_by_nip(normalise_nip(nip))
    if user is None or not user.password_hash:
        verify_password(User(password_hash=_dummy_hash(method)), password)
        return None
    if not verify_password(user, password) or not user.active:
        return None
    outdated = not user.password_hash.startswith(method + "$")
    new_hash = hash_password(password, method) if outdated else None
    return CheckedPassword(user, user.password_hash, new_hash)


def _unchanged(checked: CheckedPassword) -> bool:
    return checked.user.password_hash == checked.checked_hash and checked.user.active


def authenticate(checked: CheckedPassword) -> User | None:
    """Return the signed-in user, storing an upgraded hash; None if it changed since the check."""
    if not _unchanged(checked):
        return None
    if checked.new_hash:
        checked.user.password_hash = checked.new_hash
    return checked.user


def sign_out(user: User) -> None:
    """End this session; the version bump also ends copies of its cookie (and other devices)."""
    revoke_sessions(user)


def password_problem(user: User, password: str) -> str | None:
    if len(password) < MIN_PASSWORD_LENGTH:
        return str(_l("Kata sandi baru minimal 8 karakter."))
    if password.lower() in COMMON_PASSWORDS or password.lower().startswith("bina-demo"):
        return str(_l("Kata sandi ini terlalu umum; pilih yang lain."))
    if user.nip in normalise_nip(password):
        return str(_l("Kata sandi tidak boleh memuat NIP Anda."))
    return None


def check_password_change(user: User, current: str, new: str, method: str) -> CheckedPassword:
    """Check a password change and hash the new password, without writing."""
    if not verify_password(user, current):
        raise DomainError(_l("Kata sandi saat ini salah."), "current_password")
    if current == new:
        raise DomainError(_l("Kata sandi baru harus berbeda dari yang lama."), "new_password")
    problem = password_problem(user, new)
    if problem:
        raise DomainError(problem, "new_password")
    return CheckedPassword(user, user.password_hash, hash_password(new, method))


def change_password(checked: CheckedPassword) -> None:
    """Store the new password and revoke every other session of the user."""
    if not _unchanged(checked) or checked.new_hash is None:
        raise DomainError(_l("Kata sandi saat ini salah."), "current_password")
    user = checked.user
    user.password_hash = checked.new_hash
    user.must_change_password = False
    revoke_sessions(user)
