"""Destructive actions ask first, on a page of their own that axe finds no serious problem with.

Cancelling an assignment, archiving a module, deactivating an employee and deleting a help
contact are each reached the way a person reaches them; the page names what will go, offers
one red button and a way back, and going back changes nothing.
"""

import re
from dataclasses import dataclass
from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect
from sqlalchemy import select

from lms import clock
from lms.assignments import services as assignments
from lms.assignments.models import Assignment
from lms.demo.people import SUPERVISOR_NIP
from lms.extensions import db
from lms.help.models import HelpContact
from lms.learning import services as learning
from lms.people.services import find_by_nip

from .conftest import PHONE
from .data import add_employee, database
from .journey import WCAG_TAGS, assert_no_horizontal_scroll, shot, sign_in_as

pytestmark = pytest.mark.e2e

ASSIGNED = "literasi-digital"
ARCHIVED = "manajemen-waktu"


def assert_no_axe_violations(page: Page) -> None:
    """Not even a minor one (journey.assert_accessible stops only serious and critical ones)."""
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    found = Axe().run(page, options=options).response["violations"]
    assert found == [], [(v["id"], v["impact"], v["nodes"][0]["html"][:120]) for v in found]


@dataclass
class Confirmation:
    who: str
    heading: str
    button: str
    still_there: object  # () -> bool: the thing is unchanged after "Tidak, kembali"


def _assignment(server, page: Page) -> Confirmation:
    name = "Pegawai Tugas Dibatalkan"
    nip = add_employee(server, name)
    with database(server):
        user, module = find_by_nip(nip), learning.module_by_slug(ASSIGNED)
        supervisor = find_by_nip(SUPERVISOR_NIP)
        due, today = clock.today() + timedelta(days=1), clock.today()  # soonest: first row
        assignments.assign(supervisor.id, [user.id], [module.id], due, today=today)
        title = module.current_version.title
        user_id = user.id
    page.goto("/tim/tugas")
    page.get_by_role("link", name=f"Batalkan tugas {title} untuk {name}").click()

    def still_there() -> bool:
        with database(server):
            query = select(Assignment).where(
                Assignment.user_id == user_id, Assignment.cancelled_at.is_(None)
            )
            return db.session.scalar(query) is not None

    heading = f"Batalkan tugas {title} untuk {name}?"
    return Confirmation("supervisor", heading, "Ya, batalkan tugas", still_there)


def _module(server, page: Page) -> Confirmation:
    with database(server):
        title = learning.module_by_slug(ARCHIVED).current_version.title
    page.goto(f"/pengajar/modul/{ARCHIVED}")
    page.get_by_role("link", name="Arsipkan modul").click()

    def still_there() -> bool:
        with database(server):
            return not learning.module_by_slug(ARCHIVED).archived

    return Confirmation("trainer", f"Arsipkan modul {title}?", "Ya, arsipkan modul", still_there)


def _employee(server, page: Page) -> Confirmation:
    name = "Pegawai Hampir Nonaktif"
    nip = add_employee(server, name)
    with database(server):
        user_id = find_by_nip(nip).id
    page.goto(f"/admin/pegawai/{user_id}")
    page.get_by_label("Akun aktif").uncheck()
    with page.expect_navigation():
        page.get_by_role("button", name="Simpan", exact=True).click()

    def still_there() -> bool:
        with database(server):
            return find_by_nip(nip).active

    return Confirmation("admin", f"Nonaktifkan akun {name}?", "Ya, nonaktifkan akun", still_there)


def _help_contact(server, page: Page) -> Confirmation:
    name = "Layanan Uji Hampir Dihapus"
    with database(server):
        contact = HelpContact(name=name, phone="0741-123456", hours="Senin–Jumat 08.00–16.00")
        db.session.add(contact)
        db.session.flush()
        contact_id = contact.id
    page.goto("/admin/kontak-bantuan")
    page.get_by_role("link", name=f"Hapus {name}").click()

    def still_there() -> bool:
        with database(server):
            return db.session.get(HelpContact, contact_id) is not None

    return Confirmation("admin", f"Hapus kontak {name}?", "Ya, hapus kontak", still_there)


CASES = {
    "cancel-assignment": ("supervisor", _assignment),
    "archive-module": ("trainer", _module),
    "deactivate-employee": ("admin", _employee),
    "delete-help-contact": ("admin", _help_contact),
}


@pytest.mark.parametrize("name", list(CASES))
def test_a_destructive_action_asks_on_an_accessible_page(page, base_url, live_server, name):
    who, reach = CASES[name]
    sign_in_as(page, base_url, who)
    confirmation = reach(live_server, page)
    expect(page).not_to_have_title(re.compile(r"^Kesalahan"))
    expect(page.get_by_role("heading", level=1)).to_have_text(confirmation.heading)
    button = page.locator("main").get_by_role("button", name=confirmation.button, exact=True)
    expect(button).to_have_class("danger")
    back = page.locator("main").get_by_role("link", name="Tidak, kembali")
    expect(back).to_be_visible()
    shot(page, f"{name}-desktop")
    assert_no_axe_violations(page)
    page.set_viewport_size(PHONE)
    shot(page, f"{name}-phone")
    assert_no_horizontal_scroll(page)
    assert_no_axe_violations(page)
    with page.expect_navigation():
        back.click()
    assert confirmation.still_there()
