"""Help and trust pages, and the admin's help contacts per agency."""

import pytest
from sqlalchemy import func, select

from lms.extensions import db
from lms.help.models import HelpContact

from ..conftest import login
from ..factories import make_unit, make_user

CONTACT = {
    "unit_id": "",
    "name": "Layanan Bina ASN BPSDM",
    "phone": "0741 123456",
    "whatsapp": "",
    "email": "bina@bpsdm.example.go.id",
    "hours": "Senin–Jumat, 08.00–16.00 WIB",
    "reply_time": "paling lambat 1 hari kerja",
}


def _count() -> int:
    return db.session.scalar(select(func.count(HelpContact.id)))


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("/bantuan", "Hubungi petugas di bawah ini"),
        ("/privasi", "UU No. 27 Tahun 2022"),
        ("/cookie", "hanya memakai satu cookie"),
        ("/aksesibilitas", "WCAG 2.1 tingkat AA"),
    ],
)
def test_help_and_trust_pages_are_public_and_linked_from_the_footer(client, path, text):
    page = client.get(path).get_data(as_text=True)
    assert text in page
    footer = page.split('<footer class="site">')[1]
    for link in ("/bantuan", "/privasi", "/cookie", "/aksesibilitas"):
        assert f'href="{link}"' in footer


def test_the_kept_footer_speaks_the_language_of_each_visitor(app, client):
    """The footer is rendered once per language and kept (lms.web.fragments)."""
    english = app.test_client()
    assert english.post("/bahasa", data={"lang": "en"}).status_code == 302
    for _ in range(2):
        indonesian = client.get("/bantuan").get_data(as_text=True).split('<footer class="site">')[1]
        other = english.get("/bantuan").get_data(as_text=True).split('<footer class="site">')[1]
        assert ">Bantuan</a>" in indonesian and "Pemerintah Provinsi Jambi" in indonesian
        assert ">Help</a>" in other and ">Bantuan</a>" not in other


def test_the_cookie_page_names_the_only_cookie_the_app_sets(app, client):
    client.get("/login")
    learner = make_user("Rina")
    db.session.commit()
    login(client, learner)
    names = {cookie.key for cookie in client._cookies.values()}
    assert names == {app.config["SESSION_COOKIE_NAME"]}
    assert f"<code>{app.config['SESSION_COOKIE_NAME']}</code>" in client.get("/cookie").text


def test_an_admin_adds_a_contact_that_learners_of_the_agency_see_first(client):
    dinas = make_unit("Dinas Kesehatan")
    other = make_unit("Bappeda")
    learner = make_user("Rina", unit=make_unit("Bidang P2P", parent=dinas))
    admin = make_user("Admin", roles=("admin",))
    db.session.commit()
    login(client, admin)
    response = client.post("/admin/kontak-bantuan", data=CONTACT | {"unit_id": str(other.id)})
    assert response.status_code == 302
    agency = CONTACT | {"unit_id": str(dinas.id), "name": "Sekretariat Dinkes"}
    assert client.post("/admin/kontak-bantuan", data=agency).status_code == 302
    login(client, learner)
    page = client.get("/bantuan").get_data(as_text=True)
    mine, others = page.split("Petugas di instansi lain")
    assert "Sekretariat Dinkes" in mine and "Layanan Bina ASN BPSDM" in others
    assert 'href="tel:0741123456"' in page and "paling lambat 1 hari kerja" in page


def test_a_contact_without_any_way_to_reach_it_is_refused_with_every_error(client):
    login(client, make_user("Admin", roles=("admin",)))
    data = CONTACT | {"phone": "", "email": "", "hours": "", "name": ""}
    response = client.post("/admin/kontak-bantuan", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "<title>Kesalahan: " in page
    summary = page.split('id="error-summary"')[1].split("</div>")[0]
    for href, message in [
        ("#name", "Masukkan nama petugas atau layanan"),
        ("#phone", "Masukkan telepon, WhatsApp atau email"),
        ("#hours", "Masukkan jam layanan"),
    ]:
        assert f'<a href="{href}">{message}</a>' in summary
    assert _count() == 0


def test_deleting_a_contact_asks_first(client):
    login(client, make_user("Admin", roles=("admin",)))
    client.post("/admin/kontak-bantuan", data=CONTACT)
    contact_id = db.session.scalar(select(HelpContact.id))
    asked = client.get(f"/admin/kontak-bantuan/{contact_id}/hapus").get_data(as_text=True)
    assert "Hapus kontak Layanan Bina ASN BPSDM?" in asked and _count() == 1
    assert client.post(f"/admin/kontak-bantuan/{contact_id}/hapus").status_code == 302
    assert _count() == 0


def test_only_admins_manage_contacts(client):
    login(client, make_user("Rina"))
    assert client.get("/admin/kontak-bantuan").status_code == 403
    assert client.post("/admin/kontak-bantuan", data=CONTACT).status_code == 403
    assert _count() == 0


def test_the_privacy_page_says_what_is_really_recorded_and_who_sees_it(app, client):
    page = client.get("/privasi").get_data(as_text=True)
    cap = app.config["STUDY_PAGE_CAP_MINUTES"]
    # Time on task is recorded (lms/learning/study.py), capped per page: the page must say so.
    assert f"paling lama {cap} menit per halaman" in page
    assert "tidak mengukur" not in page
    # Higher levels and admins never read the RTL text (tests/team/test_acknowledge.py).
    assert "Atasan yang lebih tinggi dan admin hanya melihat bahwa RTL sudah ditulis" in page
    # Opening an employee's record is audited (tests/records/test_record.py).
    assert "dicatat di log audit" in page
