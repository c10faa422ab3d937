from sqlalchemy import select

from lms.extensions import db
from lms.people.models import Unit, User

from .models import HelpContact

FIELDS = ("unit_id", "name", "phone", "whatsapp", "email", "hours", "reply_time")


def all_contacts() -> list[HelpContact]:
    """Province-wide contacts first, then by agency name."""
    query = (
        select(HelpContact)
        .outerjoin(Unit, HelpContact.unit_id == Unit.id)
        .order_by(HelpContact.unit_id.is_not(None), Unit.name, HelpContact.name)
    )
    return list(db.session.scalars(query))


def own_unit_ids(user: User | None) -> set[int]:
    """The user's unit and every unit above it: an agency's contact serves its sub-units."""
    ids: set[int] = set()
    unit = user.unit if user is not None else None
    while unit is not None and unit.id not in ids:
        ids.add(unit.id)
        unit = unit.parent
    return ids


def contacts_for(user: User | None) -> tuple[list[HelpContact], list[HelpContact]]:
    """(the contacts for the user's own agency, everyone else's), province-wide ones first."""
    mine_ids = own_unit_ids(user)
    contacts = all_contacts()
    mine = [c for c in contacts if c.unit_id is None or c.unit_id in mine_ids]
    return mine, [c for c in contacts if c not in mine]


def save_contact(contact: HelpContact, values: dict) -> HelpContact:
    for name in FIELDS:
        setattr(contact, name, values[name])
    db.session.add(contact)
    db.session.flush()
    return contact


def delete_contact(contact: HelpContact) -> None:
    db.session.delete(contact)
    db.session.flush()
