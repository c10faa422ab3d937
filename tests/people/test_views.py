import io
import re

import pytest
from sqlalchemy import func, select

from lms.extensions import db
from lms.people.models import Unit, User

from ..conftest import login
from ..factories import make_unit, make_user, valid_nip
from .csv_data import ROWS, STAFF, csv_bytes, with_row


@pytest.fixture
def admin(app):
    return make_user("Admin BKD", roles=("admin",))


@pytest.fixture
def admin_client(client, admin):
    login(client, admin)
    return client


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _form(**changes) -> dict:
    data = {
        "nip": valid_nip(),
        "name": "Rahmawati Putri",
        "email": "rahma@jambiprov.go.id",
        "position": "Pranata Komputer",
        "grade": "III/a",
        "unit_id": "None",
        "supervisor_nip": "",
        "active": "y",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


# Employees


def test_users_list_and_search(admin_client, admin):
    make_user("Siti Nurhaliza", unit=make_unit("Dinas Kesehatan"))
    make_user("Budi Santoso", active=False)
    page = admin_client.get("/admin/pegawai").get_data(as_text=True)
    assert "3 pegawai" in page
    assert "Siti Nurhaliza" in page and "Dinas Kesehatan" in page and "Nonaktif" in page
    page = admin_client.get("/admin/pegawai?q=siti").get_data(as_text=True)
    assert "1 pegawai" in page and "Budi Santoso" not in page


def test_search_reads_a_spaced_nip_as_sign_in_does(admin_client, admin):
    siti = make_user("Siti Nurhaliza")
    make_user("Budi Santoso")
    spaced = f"{siti.nip[:8]} {siti.nip[8:14]} {siti.nip[14]} {siti.nip[15:]}"
    for query in (spaced, siti.nip[:8] + " " + siti.nip[8:12]):
        page = admin_client.get("/admin/pegawai", query_string={"q": query}).get_data(as_text=True)
        assert "1 pegawai" in page and "Siti Nurhaliza" in page and "Budi Santoso" not in page


def test_create_user(admin_client, admin):
    unit = make_unit("Badan Kepegawaian Daerah")
    boss = make_user("Kepala Bidang")
    nip = valid_nip()
    response = admin_client.post(
        "/admin/pegawai/baru",
        data=_form(nip=nip, unit_id=str(unit.id), supervisor_nip=boss.nip, is_trainer="y"),
    )
    assert response.status_code == 302
    user = db.session.scalar(select(User).where(User.nip == nip))
    assert response.headers["Location"] == f"/admin/pegawai/{user.id}"
    assert (user.unit_id, user.supervisor_id) == (unit.id, boss.id)
    assert user.email == "rahma@jambiprov.go.id"
    assert user.granted_roles == {"trainer"} and user.must_change_password
    page = admin_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Data pegawai disimpan." in page and boss.nip in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        pytest.param({"nip": "12345"}, "NIP harus terdiri dari 18 angka.", id="bad-nip"),
        pytest.param({"nip": ""}, "Masukkan NIP pegawai", id="no-nip"),
        pytest.param({"name": "  "}, "Masukkan nama lengkap", id="no-name"),
        pytest.param({"email": "bukan-email"}, "Alamat email tidak valid.", id="bad-email"),
        pytest.param({"grade": ""}, "Pilih pangkat/golongan", id="no-grade"),
        pytest.param(
            {"supervisor_nip": "196001011985031009"}, "NIP atasan tidak ditemukan.", id="boss"
        ),
        pytest.param({"unit_id": "999999"}, "Pilihan tidak valid.", id="unknown-unit"),
    ],
)
def test_create_user_refuses_bad_input(admin_client, changes, message):
    before = _count(User)
    response = admin_client.post("/admin/pegawai/baru", data=_form(**changes))
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert _count(User) == before


def test_duplicate_nip_is_refused(admin_client, admin):
    other = make_user("Pegawai Lain")
    response = admin_client.post("/admin/pegawai/baru", data=_form(nip=other.nip))
    assert response.status_code == 400
    assert "NIP ini sudah dipakai oleh pegawai lain." in response.get_data(as_text=True)


def test_supervisor_cycle_is_refused(admin_client):
    boss = make_user("Atasan")
    report = make_user("Bawahan", supervisor=boss)
    response = admin_client.post(
        f"/admin/pegawai/{boss.id}",
        data=_form(nip=boss.nip, name=boss.name, supervisor_nip=report.nip),
    )
    assert response.status_code == 400
    assert "siklus atasan–bawahan" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, boss.id).supervisor_id is None


def test_edit_form_shows_current_values(admin_client):
    boss = make_user("Atasan")
    user = make_user("Pegawai", supervisor=boss, roles=("trainer",))
    page = admin_client.get(f"/admin/pegawai/{user.id}").get_data(as_text=True)
    inputs = {key: tag for tag, key in re.findall(r'<input ([^>]*id="(\w+)"[^>]*)>', page)}
    assert f'value="{boss.nip}"' in inputs["supervisor_nip"]
    assert "checked" in inputs["is_trainer"] and "checked" not in inputs["is_admin"]
    assert "checked" in inputs["active"]


def test_deactivate_asks_first_and_keeps_the_person(admin_client):
    user = make_user("Akan Nonaktif")
    data = _form(nip=user.nip, name=user.name, active=None)
    asked = admin_client.post(f"/admin/pegawai/{user.id}", data=data)
    page = asked.get_data(as_text=True)
    assert asked.status_code == 200 and "Nonaktifkan akun Akan Nonaktif?" in page
    assert 'name="confirm" value="1"' in page and 'name="active"' not in page
    db.session.expire_all()
    assert db.session.get(User, user.id).active is True
    response = admin_client.post(f"/admin/pegawai/{user.id}", data=data | {"confirm": "1"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, user.id).active is False


def test_people_are_never_hard_deleted(admin_client, app):
    user = make_user("Tetap Ada")
    assert admin_client.delete(f"/admin/pegawai/{user.id}").status_code == 405
    people = [r for r in app.url_map.iter_rules() if r.endpoint.startswith("people.")]
    assert not [r.rule for r in people if "DELETE" in r.methods or "hapus" in r.rule]
    assert db.session.get(User, user.id) is not None


def test_admin_cannot_deactivate_themselves(admin_client, admin):
    response = admin_client.post(
        f"/admin/pegawai/{admin.id}",
        data=_form(nip=admin.nip, name=admin.name, active=None, is_admin="y"),
    )
    assert response.status_code == 400
    assert "tidak dapat menonaktifkan akun sendiri" in response.get_data(as_text=True)


def test_temporary_password(admin_client, app):
    user = make_user("Pegawai Baru", password=None)
    response = admin_client.post(f"/admin/pegawai/{user.id}/kata-sandi-sementara")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    page = response.get_data(as_text=True)
    password = page.split('<p class="secret"><code>')[1].split("</code>")[0]
    assert user.nip in page
    # Switching language would reload the page and lose the password: no switch here.
    assert 'action="/bahasa"' not in page and "setelah kata sandi dicatat" in page
    employee = app.test_client()
    login(employee, user, password)
    assert employee.get("/").headers["Location"] == "/kata-sandi"


def test_temporary_password_is_post_only(admin_client):
    user = make_user()
    assert admin_client.get(f"/admin/pegawai/{user.id}/kata-sandi-sementara").status_code == 405


def test_unknown_employee_is_404(admin_client):
    assert admin_client.get("/admin/pegawai/999999").status_code == 404


# Units


def test_units_create_nest_and_rename(admin_client):
    response = admin_client.post(
        "/admin/unit", data={"name": " Dinas Sosial ", "parent_id": "None"}
    )
    assert response.status_code == 302
    dinsos = db.session.scalar(select(Unit).where(Unit.name == "Dinas Sosial"))
    response = admin_client.post(
        "/admin/unit", data={"name": "Bidang Rehabilitasi", "parent_id": str(dinsos.id)}
    )
    assert response.status_code == 302
    page = admin_client.get("/admin/unit").get_data(as_text=True)
    assert "Dinas Sosial &gt; Bidang Rehabilitasi" in page
    bidang = db.session.scalar(select(Unit).where(Unit.name == "Bidang Rehabilitasi"))
    response = admin_client.post(
        f"/admin/unit/{bidang.id}", data={"name": "Bidang Rehsos", "parent_id": str(dinsos.id)}
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Unit, bidang.id).path == "Dinas Sosial > Bidang Rehsos"


def test_unit_duplicate_name_under_same_parent_is_refused(admin_client):
    dinkes = make_unit("Dinas Kesehatan")
    make_unit("Sekretariat", dinkes)
    response = admin_client.post(
        "/admin/unit", data={"name": "Sekretariat", "parent_id": str(dinkes.id)}
    )
    assert response.status_code == 400
    assert "Sudah ada unit dengan nama ini di tempat yang sama." in response.get_data(as_text=True)
    assert _count(Unit) == 2


def test_unit_cycle_is_refused(admin_client):
    dinkes = make_unit("Dinas Kesehatan")
    bidang = make_unit("Bidang P2P", dinkes)
    db.session.commit()
    response = admin_client.post(
        f"/admin/unit/{dinkes.id}", data={"name": "Dinas Kesehatan", "parent_id": str(bidang.id)}
    )
    assert response.status_code == 400
    assert "Unit tidak dapat berada di bawah dirinya sendiri." in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Unit, dinkes.id).parent_id is None


def test_unit_edit_offers_every_other_unit_as_parent(admin_client):
    dinkes = make_unit("Dinas Kesehatan")
    make_unit("Dinas Sosial")
    page = admin_client.get(f"/admin/unit/{dinkes.id}").get_data(as_text=True)
    assert "Dinas Sosial</option>" in page
    assert "Dinas Kesehatan</option>" not in page


def test_unit_name_is_required(admin_client):
    response = admin_client.post("/admin/unit", data={"name": "", "parent_id": "None"})
    assert response.status_code == 400
    assert "Masukkan nama unit" in response.get_data(as_text=True)


# Import page


def _upload(client, data: bytes, filename: str = "pegawai.csv"):
    return client.post(
        "/admin/pegawai/impor",
        data={"file": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
    )


def test_import_page_good_file_then_reimport(admin_client):
    response = _upload(admin_client, csv_bytes(bom=True))
    assert response.status_code == 302
    page = admin_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Impor selesai: 4 baru, 0 diperbarui, 0 tetap." in page
    response = _upload(admin_client, csv_bytes(with_row(0, nama="Rahmat Hidayat, S.Kom.")))
    page = admin_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Impor selesai: 0 baru, 1 diperbarui, 3 tetap." in page


def test_import_page_lists_each_bad_row_and_writes_nothing(admin_client):
    before = (_count(User), _count(Unit))
    rows = with_row(0, golongan="V/a") + [ROWS[0]]
    response = _upload(admin_client, csv_bytes(rows))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Tidak ada data yang diimpor: 2 kesalahan ditemukan" in page
    assert "<td>2</td><td>Golongan &#39;V/a&#39; tidak dikenal.</td>" in page
    assert f"<td>6</td><td>NIP {STAFF} ganda (sudah ada di baris 2).</td>" in page
    assert (_count(User), _count(Unit)) == before


@pytest.mark.parametrize(
    ("filename", "message"),
    [("pegawai.xlsx", "Berkas harus berformat CSV."), ("", "Pilih berkas CSV.")],
)
def test_import_page_refuses_other_files(admin_client, filename, message):
    response = _upload(admin_client, b"data", filename)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


def test_an_acting_supervisor_is_set_only_while_the_post_is_vacant(admin_client, admin):
    boss = make_user("Kabid Lama")
    acting = make_user("Plt Kabid")
    staff = make_user("Staf Bidang", supervisor=boss)
    url = f"/admin/pegawai/{staff.id}"
    spaced = f"{acting.nip[:8]} {acting.nip[8:]}"
    data = _form(nip=staff.nip, name=staff.name, supervisor_nip=boss.nip)
    response = admin_client.post(url, data={**data, "acting_supervisor_nip": spaced})
    assert response.status_code == 400
    assert "Plt. atasan hanya diisi bila atasan langsung kosong atau nonaktif." in response.text
    db.session.refresh(staff)
    assert staff.acting_supervisor_id is None
    boss.active = False
    db.session.commit()
    response = admin_client.post(url, data={**data, "acting_supervisor_nip": spaced})
    assert response.status_code == 302
    db.session.refresh(staff)
    assert staff.acting_supervisor_id == acting.id
    assert f'value="{acting.nip}"' in admin_client.get(url).text


def test_import_template_downloads_and_imports_as_is(admin_client):
    assert "/admin/pegawai/impor/templat.csv" in admin_client.get("/admin/pegawai/impor").text
    response = admin_client.get("/admin/pegawai/impor/templat.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    lines = response.get_data().decode("utf-8-sig").splitlines()
    assert lines[0] == '"nip","nama","email","jabatan","golongan","unit","nip_atasan"'
    assert len(lines) == 2
    upload = {"file": (io.BytesIO(response.get_data()), "templat.csv")}
    response = admin_client.post("/admin/pegawai/impor", data=upload)
    assert response.status_code == 302
    hendra = db.session.scalar(select(User).where(User.nip == "197503032000031003"))
    assert hendra.name == "Hendra Gunawan, S.E., M.M."
    assert hendra.unit.path == "Dinas Kesehatan > Bidang P2P"


def test_import_template_is_for_admins_only(client):
    login(client, make_user())
    assert client.get("/admin/pegawai/impor/templat.csv").status_code == 403
