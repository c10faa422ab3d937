"""People and organisation: roles, reporting lines, units, accounts."""

import secrets
from collections.abc import Iterable

from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, Select, and_, exists, func, or_, select
from sqlalchemy.orm import aliased, selectinload
from werkzeug.security import check_password_hash, generate_password_hash

from lms.errors import DomainError
from lms.extensions import db
from lms.nip import normalise_nip

from .identity import PPPK_GRADES, is_pppk, nip_problem
from .models import GRANTED_ROLES, RoleGrant, Unit, User

ROLES = ("learner", "trainer", "supervisor", "admin")
UNIT_SEPARATOR = ">"


def pppk_condition():
    """SQL: the employee is PPPK (golongan I-XVII), the same rule as identity.is_pppk."""
    return User.grade.in_(PPPK_GRADES)


def reports_to(member, supervisor_id) -> ColumnElement[bool]:
    """SQL condition: `member` (User or an alias of it) reports directly to the supervisor.

    That is their atasan langsung, or the acting one (Plt.) an admin set, but the acting one
    only while the post is vacant: no supervisor, or one whose account is inactive.
    """
    boss = aliased(User)
    vacant = or_(
        member.supervisor_id.is_(None),
        exists().where(boss.id == member.supervisor_id, boss.active.is_(False)),
    )
    return or_(
        member.supervisor_id == supervisor_id,
        and_(member.acting_supervisor_id == supervisor_id, vacant),
    )


def direct_report_ids(supervisor_id: int) -> Select:
    """Ids of the people this supervisor evaluates and reads the reflections of."""
    return select(User.id).where(reports_to(User, supervisor_id))


def subtree_ids(supervisor_id: int) -> Select:
    """Ids of everyone reporting to the supervisor, directly or indirectly (not the supervisor)."""
    tree = direct_report_ids(supervisor_id).cte("tree", recursive=True)
    # UNION (not UNION ALL) so that even a corrupt reporting cycle cannot recurse forever.
    tree = tree.union(select(User.id).where(reports_to(User, tree.c.id)))
    return select(tree.c.id)


def in_subtree(supervisor_id: int, user_id: int) -> bool:
    subtree = subtree_ids(supervisor_id).subquery()
    return bool(db.session.scalar(select(exists().where(subtree.c.id == user_id))))


def is_direct_report(supervisor_id: int, user_id: int) -> bool:
    query = exists().where(User.id == user_id, reports_to(User, supervisor_id))
    return bool(db.session.scalar(select(query)))


def has_reports(user_id: int) -> bool:
    return bool(db.session.scalar(select(exists().where(reports_to(User, user_id)))))


def roles_of(user: User) -> set[str]:
    return role_set(user.granted_roles, has_reports(user.id))


def role_set(granted: Iterable[str], reports: bool) -> set[str]:
    """Everyone is a learner; admins grant the rest; whoever has reports is a supervisor."""
    return {"learner", *granted, *(("supervisor",) if reports else ())}


def set_granted_roles(user: User, roles: set[str]) -> None:
    wanted = roles & set(GRANTED_ROLES)
    user.role_grants = [g for g in user.role_grants if g.role in wanted] + [
        RoleGrant(role=r) for r in sorted(wanted - user.granted_roles)
    ]


def grant_role(user: User, role: str) -> bool:
    """Grant an admin-granted role; False when the user already had it."""
    if role not in GRANTED_ROLES:
        raise DomainError(_l("Peran '%(role)s' tidak dikenal.", role=role), "role")
    if role in user.granted_roles:
        return False
    set_granted_roles(user, user.granted_roles | {role})
    db.session.flush()
    return True


def revoke_role(user: User, role: str) -> bool:
    """Take a granted role back; refuse to remove the last active admin (no way in would remain)."""
    if role not in GRANTED_ROLES:
        raise DomainError(_l("Peran '%(role)s' tidak dikenal.", role=role), "role")
    if role not in user.granted_roles:
        return False
    if role == "admin" and user.active and active_admin_count() <= 1:
        raise DomainError(_l("Tidak dapat mencabut admin aktif terakhir."), "role")
    set_granted_roles(user, user.granted_roles - {role})
    db.session.flush()
    return True


def active_admin_count() -> int:
    query = select(func.count()).select_from(RoleGrant).join(User, RoleGrant.user_id == User.id)
    return db.session.scalar(query.where(RoleGrant.role == "admin", User.active)) or 0


def find_by_nip(nip: str) -> User | None:
    return db.session.scalar(select(User).where(User.nip == nip))


def hash_password(password: str, method: str) -> str:
    return generate_password_hash(password, method=method)


def verify_password(user: User, password: str) -> bool:
    return bool(user.password_hash) and check_password_hash(user.password_hash, password)


def revoke_sessions(user: User) -> None:
    """End every session of the user: their cookies carry the old version and stop working."""
    user.session_version += 1


# A temporary password is typed from paper: no look-alikes (0/O, 1/l/I), no case, no symbols;
# three groups of five of these 31 signs carry 74 bits.
_PASSWORD_SIGNS = "abcdefghjkmnpqrstuvwxyz23456789"


def new_temporary_password(method: str) -> tuple[str, str]:
    """A one-time password and its hash (slow: make it before the write transaction)."""
    groups = ("".join(secrets.choice(_PASSWORD_SIGNS) for _ in range(5)) for _ in range(3))
    password = "-".join(groups)
    return password, hash_password(password, method)


def issue_temporary_password(user: User, password_hash: str) -> None:
    """Give the user a one-time password that must be changed at the next sign-in."""
    user.password_hash = password_hash
    user.must_change_password = True
    revoke_sessions(user)


_UNITS = select(Unit.id, Unit.name, Unit.parent_id)


def unit_paths() -> dict[int, str]:
    """Every unit's full name (as Unit.path gives it for one unit), from one query."""
    rows = {uid: (name, parent) for uid, name, parent in db.session.execute(_UNITS)}
    paths: dict[int, str] = {}

    def path(uid: int, depth: int = 0) -> str:
        if uid not in paths:
            name, parent = rows[uid]
            paths[uid] = f"{path(parent, depth + 1)} > {name}" if parent and depth < 20 else name
        return paths[uid]

    for uid in rows:
        path(uid)
    return paths


def unit_path_choices() -> list[tuple[int, str]]:
    """(id, full name) of every unit, alphabetical: the choices of a unit field."""
    return sorted(unit_paths().items(), key=lambda pair: pair[1].lower())


UnitTree = list[tuple[Unit, "UnitTree"]]


def unit_tree() -> UnitTree:
    """Every unit as (unit, its children's tree), alphabetical at each level."""
    units = db.session.scalars(select(Unit).order_by(func.lower(Unit.name), Unit.id)).all()
    children: dict[int | None, list[Unit]] = {}
    for unit in units:
        children.setdefault(unit.parent_id, []).append(unit)

    def build(parent_id: int | None) -> UnitTree:
        return [(unit, build(unit.id)) for unit in children.get(parent_id, [])]

    return build(None)


def unit_subtree_ids(unit_id: int) -> Select:
    """Ids of the unit and every unit below it (an agency and its bidang), in one statement."""
    tree = select(Unit.id).where(Unit.id == unit_id).cte("unit_tree", recursive=True)
    # UNION, not UNION ALL: a corrupt parent cycle cannot recurse forever.
    tree = tree.union(select(Unit.id).where(Unit.parent_id == tree.c.id))
    return select(tree.c.id)


def headcount_by_unit() -> dict[int, int]:
    """Number of active employees placed directly in each unit."""
    query = select(User.unit_id, func.count()).where(User.active).group_by(User.unit_id)
    return {unit_id: count for unit_id, count in db.session.execute(query) if unit_id}


def split_unit_path(path: str) -> list[str]:
    """'Dinas X > Bidang Y' -> ['Dinas X', 'Bidang Y']."""
    return [part.strip() for part in (path or "").split(UNIT_SEPARATOR) if part.strip()]


def unit_by_path(path: str, *, create: bool) -> Unit | None:
    """Find (or create) a unit from 'Dinas X > Bidang Y'."""
    parent: Unit | None = None
    for name in split_unit_path(path):
        parent_filter = Unit.parent_id.is_(None) if parent is None else Unit.parent_id == parent.id
        unit = db.session.scalar(select(Unit).where(Unit.name == name, parent_filter))
        if unit is None:
            if not create:
                return None
            unit = Unit(name=name, parent=parent)
            db.session.add(unit)
            db.session.flush()
        parent = unit
    return parent


def save_unit(unit: Unit, name: str, parent_id: int | None) -> Unit:
    """Create, rename or move a unit; refuse cycles and twin names under one parent."""
    if UNIT_SEPARATOR in name:
        raise DomainError(_l("Nama unit tidak boleh memuat tanda >."), "name")
    if parent_id is not None and unit.id is not None:
        ancestor = db.session.get(Unit, parent_id)
        while ancestor is not None:
            if ancestor.id == unit.id:
                raise DomainError(
                    _l("Unit tidak dapat berada di bawah dirinya sendiri."), "parent_id"
                )
            ancestor = ancestor.parent
    clash = db.session.scalar(
        select(Unit.id).where(
            Unit.name == name,
            Unit.parent_id.is_(None) if parent_id is None else Unit.parent_id == parent_id,
            Unit.id != (unit.id or 0),
        )
    )
    if clash:
        raise DomainError(_l("Sudah ada unit dengan nama ini di tempat yang sama."), "name")
    unit.name = name
    unit.parent_id = parent_id
    db.session.add(unit)
    db.session.flush()
    return unit


def check_supervisor(user: User, supervisor_id: int | None) -> None:
    """Refuse a supervisor that would make a reporting cycle."""
    seen = {user.id}
    current = db.session.get(User, supervisor_id) if supervisor_id else None
    while current is not None:
        if current.id in seen:
            raise DomainError(
                _l("Atasan ini akan membuat siklus atasan–bawahan."), "supervisor_nip"
            )
        seen.add(current.id)
        current = current.supervisor


def users_page_query(search: str = "", unit_id: int | None = None) -> Select:
    query = select(User).options(selectinload(User.unit)).order_by(User.name, User.id)
    if search:
        query = query.where(search_condition(search))
    if unit_id:
        query = query.where(User.unit_id == unit_id)
    return query


def search_condition(search: str) -> ColumnElement[bool]:
    """SQL: the NIP or the name contains what the admin typed.

    The NIP part is read as sign-in reads it: "19860926 201505" finds the spaced-out NIP.
    """
    return User.nip.contains(normalise_nip(search), autoescape=True) | func.lower(
        User.name
    ).contains(search.lower(), autoescape=True)


def _supervisor_id(user: User, supervisor_nip: str | None) -> int | None:
    if not supervisor_nip:
        return None
    supervisor = find_by_nip(normalise_nip(supervisor_nip))
    if supervisor is None:
        raise DomainError(_l("NIP atasan tidak ditemukan."), "supervisor_nip")
    if user.id is not None:
        check_supervisor(user, supervisor.id)
    return supervisor.id


def _acting_supervisor_id(user: User, supervisor_id: int | None, nip: str | None) -> int | None:
    """The Plt. atasan, allowed only while the supervisor post is vacant (none, or inactive)."""
    if not nip:
        return None
    supervisor = db.session.get(User, supervisor_id) if supervisor_id else None
    if supervisor is not None and supervisor.active:
        raise DomainError(
            _l("Plt. atasan hanya diisi bila atasan langsung kosong atau nonaktif."),
            "acting_supervisor_nip",
        )
    acting = find_by_nip(normalise_nip(nip))
    if acting is None or not acting.active:
        raise DomainError(_l("NIP Plt. atasan tidak ditemukan."), "acting_supervisor_nip")
    if acting.id == user.id:
        raise DomainError(
            _l("Pegawai tidak dapat menjadi atasan dirinya sendiri."), "acting_supervisor_nip"
        )
    return acting.id


def save_user(
    user: User,
    values: dict,
    supervisor_nip: str | None,
    roles: set[str],
    *,
    actor_id: int | None = None,
) -> User:
    """Create or update an account from the admin form; raise DomainError on a broken rule.

    `actor_id` is the admin doing it, who may not lock themselves out.
    """
    nip = normalise_nip(values["nip"])
    problem = nip_problem(nip, pppk=is_pppk(values["grade"]))
    if problem:
        raise DomainError(problem, "nip")
    other = find_by_nip(nip)
    if other is not None and other.id != user.id:
        raise DomainError(_l("NIP ini sudah dipakai oleh pegawai lain."), "nip")
    supervisor_id = _supervisor_id(user, supervisor_nip)
    acting_id = _acting_supervisor_id(user, supervisor_id, values.get("acting_supervisor_nip"))
    locks_out = not values["active"] or "admin" not in roles
    if user.id is not None and user.id == actor_id and locks_out:
        raise DomainError(
            _l("Anda tidak dapat menonaktifkan akun sendiri atau mencabut peran admin sendiri."),
            "active",
        )
    was_active = user.active
    for key in ("name", "grade", "unit_id", "active"):
        setattr(user, key, values[key])
    user.nip = nip
    user.email = values["email"] or None
    user.position = values["position"] or ""
    user.supervisor_id = supervisor_id
    user.acting_supervisor_id = acting_id
    if user.id is None:
        user.must_change_password = True
        db.session.add(user)
    elif was_active and not user.active:
        revoke_sessions(user)
    set_granted_roles(user, roles)
    db.session.flush()
    return user
