"""Sign-in and password rules."""

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


def authenticate(nip: str, password: str, method: str) -> User | None:
    """Return the active user with these credentials; upgrade an outdated hash."""
    user = find_by_nip(normalise_nip(nip))
    if user is None or not user.password_hash:
        verify_password(User(password_hash=_dummy_hash(method)), password)
        return None
    if not verify_password(user, password) or not user.active:
        return None
    if not user.password_hash.startswith(method + "$"):
        user.password_hash = hash_password(password, method)
    return user


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


def change_password(user: User, current: str, new: str, method: str) -> None:
    """Set a new password and revoke every other session of the user."""
    if not verify_password(user, current):
        raise DomainError(_l("Kata sandi saat ini salah."), "current_password")
    if current == new:
        raise DomainError(_l("Kata sandi baru harus berbeda dari yang lama."), "new_password")
    problem = password_problem(user, new)
    if problem:
        raise DomainError(problem, "new_password")
    user.password_hash = hash_password(new, method)
    user.must_change_password = False
    revoke_sessions(user)
