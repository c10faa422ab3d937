"""Who maintains a module: only its maintainers and admins change, publish, archive or export it.

Every trainer may still open, preview and read any module. The creator of a module maintains it;
admins add and remove others.
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, exists, select

from lms.errors import DomainError
from lms.extensions import db
from lms.learning.models import Module
from lms.nip import normalise_nip
from lms.people.models import User
from lms.people.services import find_by_nip

from .drafts import record_change
from .models import ModuleMaintainer


def may_maintain(user_id: int, roles: set[str], module: Module) -> bool:
    if "admin" in roles:
        return True
    query = exists().where(
        ModuleMaintainer.module_id == module.id, ModuleMaintainer.user_id == user_id
    )
    return bool(db.session.scalar(select(query)))


def maintainers(module: Module) -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .join(ModuleMaintainer, ModuleMaintainer.user_id == User.id)
            .where(ModuleMaintainer.module_id == module.id)
            .order_by(User.name, User.id)
        )
    )


def add_maintainer(module: Module, user_id: int) -> None:
    if user_id not in {m.id for m in maintainers(module)}:
        db.session.add(ModuleMaintainer(module_id=module.id, user_id=user_id))
        db.session.flush()


def add_by_nip(module: Module, nip: str, actor_id: int) -> User:
    """An admin names a trainer (by NIP, read as sign-in reads it) as a maintainer."""
    user = find_by_nip(normalise_nip(nip))
    if user is None or not user.active or "trainer" not in user.granted_roles:
        raise DomainError(_l("NIP ini bukan pengajar yang aktif."), "nip")
    add_maintainer(module, user.id)
    record_change(module, actor_id, "maintainer.add", f"{user.nip} {user.name}")
    return user


def remove(module: Module, user_id: int, actor_id: int) -> None:
    user = db.session.get(User, user_id)
    gone = db.session.execute(
        delete(ModuleMaintainer).where(
            ModuleMaintainer.module_id == module.id, ModuleMaintainer.user_id == user_id
        )
    )
    if user is not None and gone.rowcount:
        record_change(module, actor_id, "maintainer.remove", f"{user.nip} {user.name}")
