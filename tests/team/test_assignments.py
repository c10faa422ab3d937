import csv
import io
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from lms import clock
from lms.assignments import services
from lms.assignments.models import Assignment
from lms.errors import DomainError
from lms.extensions import db

from ..conftest import TEST_PASSWORD, login, make_app
from ..factories import local_today, make_module, make_user
from .builders import add_assignment, enrol

TODAY = local_today()
NEXT_WEEK = TODAY + timedelta(days=7)


@pytest.fixture
def team(app):
    boss = make_user("Rina Atasan")
    lead = make_user("Sigit Kasubag", supervisor=boss)
    staff = make_user("Tono Staf", supervisor=lead)
    other_boss = make_user("Atasan Lain")
    outsider = make_user("Umar Luar", supervisor=other_boss)
    left = make_user("Vina Pensiun", supervisor=boss, active=False)
    waktu = make_module("waktu", title="Manajemen Waktu")
    proyek = make_module("proyek", title="Manajemen Proyek")
    return locals()


def count_assignments() -> int:
    return db.session.scalar(select(func.count(Assignment.id)))


def test_assign_every_module_to_every_person_in_the_subtree(team):
    result = services.assign(
        team["boss"].id,
        [team["lead"].id, team["staff"].id],
        [team["waktu"].id, team["proyek"].id],
        NEXT_WEEK,
        "  Untuk persiapan SPBE  ",
        today=TODAY,
    )
    db.session.commit()
    assert (result.created, result.updated) == (4, 0)
    mine = services.active_assignments_for(team["staff"].id)
    assert [a.module_id for a in mine] == [team["waktu"].id, team["proyek"].id]
    assert {a.note for a in mine} == {"Untuk persiapan SPBE"}
    assert {a.assigned_by_id for a in mine} == {team["boss"].id}


def test_assigning_again_updates_the_active_assignment(team):
    services.assign(team["boss"].id, [team["staff"].id], [team["waktu"].id], NEXT_WEEK, today=TODAY)
    later = NEXT_WEEK + timedelta(days=14)
    result = services.assign(
        team["lead"].id, [team["staff"].id], [team["waktu"].id], later, "baru", today=TODAY
    )
    db.session.commit()
    assert (result.created, result.updated) == (0, 1)
    (assignment,) = services.active_assignments_for(team["staff"].id)
    assert (assignment.due_date, assignment.note, assignment.assigned_by_id) == (
        later,
        "baru",
        team["lead"].id,
    )


def test_a_cancelled_assignment_can_be_assigned_again(team):
    old = add_assignment(team["staff"], team["waktu"], NEXT_WEEK, by=team["boss"], cancelled=True)
    services.assign(team["boss"].id, [team["staff"].id], [team["waktu"].id], NEXT_WEEK, today=TODAY)
    db.session.commit()
    assert count_assignments() == 2
    assert [a.id for a in services.active_assignments_for(team["staff"].id)] != [old.id]


@pytest.mark.parametrize(
    ("users", "modules", "due", "field"),
    [
        ([], ["waktu"], NEXT_WEEK, "user_ids"),
        (["staff"], [], NEXT_WEEK, "module_ids"),
        (["staff"], ["waktu"], TODAY - timedelta(days=1), "due_date"),
        (["staff"], ["waktu"], None, "due_date"),
    ],
)
def test_assign_refuses_bad_input(team, users, modules, due, field):
    with pytest.raises(DomainError) as error:
        services.assign(
            team["boss"].id,
            [team[u].id for u in users],
            [team[m].id for m in modules],
            due,
            today=TODAY,
        )
    assert error.value.field == field
    assert count_assignments() == 0


def test_due_today_is_allowed(team):
    services.assign(team["boss"].id, [team["staff"].id], [team["waktu"].id], TODAY, today=TODAY)
    assert count_assignments() == 1


@pytest.mark.parametrize("who", ["outsider", "boss", "other_boss", "left"])
def test_assign_refuses_anyone_outside_the_subtree_and_writes_nothing(team, who):
    with pytest.raises(services.OutOfScope):
        services.assign(
            team["lead"].id if who == "boss" else team["boss"].id,
            [team["staff"].id, team[who].id],
            [team["waktu"].id],
            NEXT_WEEK,
            today=TODAY,
        )
    assert count_assignments() == 0


def test_cancel_and_change_due_date_only_within_the_subtree(team):
    mine = add_assignment(team["staff"], team["waktu"], NEXT_WEEK, by=team["lead"])
    theirs = add_assignment(team["outsider"], team["waktu"], NEXT_WEEK, by=team["other_boss"])
    for call in (
        lambda: services.cancel(team["boss"].id, theirs.id),
        lambda: services.change_due_date(team["boss"].id, theirs.id, TODAY, today=TODAY),
        lambda: services.cancel(team["staff"].id, mine.id),  # the assignee cannot cancel it
        lambda: services.cancel(team["boss"].id, 987654),
    ):
        with pytest.raises(services.OutOfScope):
            call()
    services.change_due_date(team["boss"].id, mine.id, TODAY + timedelta(days=3), today=TODAY)
    assert mine.due_date == TODAY + timedelta(days=3)
    with pytest.raises(DomainError):
        services.change_due_date(team["boss"].id, mine.id, TODAY - timedelta(days=1), today=TODAY)
    services.cancel(team["boss"].id, mine.id)
    db.session.commit()
    assert services.active_assignments_for(team["staff"].id) == []
    assert theirs.cancelled_at is None
    with pytest.raises(services.OutOfScope):  # already cancelled
        services.cancel(team["boss"].id, mine.id)


# --- the page ---------------------------------------------------------------


def post_assign(client, team, users, modules, due, note=""):
    return client.post(
        "/tim/tugas",
        data={
            "user_ids": [str(team[u].id) for u in users],
            "module_ids": [str(team[m].id) for m in modules],
            "due_date": due.isoformat() if isinstance(due, date) else due,
            "note": note,
        },
    )


def test_assign_from_the_page(client, team):
    login(client, team["boss"])
    page = client.get("/tim/tugas").get_data(as_text=True)
    assert "Tono Staf" in page and "Sigit Kasubag" in page
    assert "Umar Luar" not in page and "Vina Pensiun" not in page
    response = post_assign(client, team, ["staff", "lead"], ["proyek"], NEXT_WEEK, "Segera")
    assert response.status_code == 302
    page = client.get(response.location).get_data(as_text=True)
    assert "2 tugas baru dibuat." in page
    assert page.count("Manajemen Proyek</td>") + page.count("Manajemen Proyek<br>") == 2
    assert "Belum dimulai" in page
    assert count_assignments() == 2


@pytest.mark.parametrize(
    ("users", "modules", "due", "message"),
    [
        ([], ["waktu"], NEXT_WEEK, "Pilih minimal satu pegawai."),
        (["staff"], [], NEXT_WEEK, "Pilih minimal satu modul."),
        (
            ["staff"],
            ["waktu"],
            TODAY - timedelta(days=1),
            "Batas waktu tidak boleh sebelum hari ini.",
        ),
        (["staff"], ["waktu"], "", "Masukkan batas waktu"),
        (["staff"], ["waktu"], "31-02-2026", "Tanggal harus tanggal yang benar"),
    ],
)
def test_assign_page_validation(client, team, users, modules, due, message):
    login(client, team["boss"])
    response = post_assign(client, team, users, modules, due)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert count_assignments() == 0


def test_assign_page_refuses_an_unpublished_module(client, team):
    login(client, team["boss"])
    response = client.post(
        "/tim/tugas",
        data={"user_ids": [team["staff"].id], "module_ids": ["99999"], "due_date": NEXT_WEEK},
    )
    assert response.status_code == 400
    assert "Modul yang dipilih tidak tersedia." in response.get_data(as_text=True)


@pytest.mark.parametrize("who", ["outsider", "left", "boss"])
def test_assign_page_answers_404_outside_the_subtree(client, team, who):
    login(client, team["boss"])
    response = post_assign(client, team, ["staff", who], ["waktu"], NEXT_WEEK)
    assert response.status_code == 404
    assert count_assignments() == 0


def test_assignment_statuses(client, team):
    staff, lead = team["staff"], team["lead"]
    add_assignment(staff, team["waktu"], TODAY + timedelta(days=3), by=team["boss"])
    add_assignment(staff, team["proyek"], TODAY - timedelta(days=2), by=team["boss"])
    add_assignment(lead, team["waktu"], TODAY - timedelta(days=2), by=team["boss"])
    add_assignment(lead, team["proyek"], TODAY + timedelta(days=9), by=team["boss"])
    enrol(staff, team["waktu"])  # started, not late
    enrol(lead, team["waktu"], completed_at=clock.utcnow())  # done, though after the due date
    enrol(lead, team["proyek"])
    login(client, team["boss"])
    rows = list(
        csv.reader(io.StringIO(client.get("/tim/tugas?format=csv").get_data().decode("utf-8-sig")))
    )
    assert rows[0] == [
        "Nama",
        "NIP",
        "Modul",
        "Batas waktu",
        "Status",
        "Tanggal selesai (WIB)",
        "Catatan",
    ]
    status = {(r[0], r[2]): r[4] for r in rows[1:]}
    assert status == {
        ("Tono Staf", "Manajemen Waktu"): "Sedang berlangsung",
        ("Tono Staf", "Manajemen Proyek"): "Terlambat",
        ("Sigit Kasubag", "Manajemen Waktu"): "Selesai",
        ("Sigit Kasubag", "Manajemen Proyek"): "Sedang berlangsung",
    }
    late = client.get("/tim/tugas?status=terlambat").get_data(as_text=True)
    assert "1 tugas" in late and "Tono Staf" in late
    assert client.get("/tim/tugas?status=hilang").status_code == 400


def test_cancel_and_change_due_date_from_the_page(client, team):
    mine = add_assignment(team["staff"], team["waktu"], NEXT_WEEK, by=team["boss"])
    login(client, team["boss"])
    new_date = TODAY + timedelta(days=20)
    response = client.post(
        f"/tim/tugas/{mine.id}/batas-waktu",
        data={"due_date": new_date.isoformat(), "next": "/tim/tugas?status=berlangsung"},
    )
    assert response.status_code == 302 and response.location == "/tim/tugas?status=berlangsung"
    db.session.refresh(mine)
    assert mine.due_date == new_date
    response = client.post(f"/tim/tugas/{mine.id}/batas-waktu", data={"due_date": "2000-01-01"})
    assert "Batas waktu tidak boleh sebelum hari ini." in client.get(response.location).get_data(
        as_text=True
    )
    page = client.get("/tim/tugas").get_data(as_text=True)
    assert f'href="/tim/tugas/{mine.id}/batal?next=' in page
    assert '<span class="visually-hidden"> Manajemen Waktu untuk' in page
    asked = client.get(f"/tim/tugas/{mine.id}/batal?next=/tim/tugas").get_data(as_text=True)
    assert "Batalkan tugas Manajemen Waktu untuk" in asked and "Ya, batalkan tugas" in asked
    db.session.refresh(mine)
    assert mine.cancelled_at is None
    response = client.post(f"/tim/tugas/{mine.id}/batal", data={"next": "https://evil.example/"})
    assert response.location == "/tim/tugas"
    db.session.refresh(mine)
    assert mine.cancelled_at is not None


def test_cancel_or_change_outside_the_subtree_is_404(client, team):
    theirs = add_assignment(team["outsider"], team["waktu"], NEXT_WEEK, by=team["other_boss"])
    login(client, team["boss"])
    assert client.post(f"/tim/tugas/{theirs.id}/batal").status_code == 404
    assert client.get(f"/tim/tugas/{theirs.id}/batal").status_code == 404
    response = client.post(f"/tim/tugas/{theirs.id}/batas-waktu", data={"due_date": "x"})
    assert response.status_code == 404
    db.session.refresh(theirs)
    assert theirs.cancelled_at is None and theirs.due_date == NEXT_WEEK


def test_employee_link_preselects_the_person(client, team):
    login(client, team["boss"])
    page = client.get(f"/tim/tugas?pegawai={team['staff'].id}").get_data(as_text=True)
    boxes = {
        tag.split('value="')[1].split('"')[0]: "checked" in tag
        for tag in page.split("<input")[1:]
        if 'name="user_ids"' in tag
    }
    assert boxes == {str(team["staff"].id): True, str(team["lead"].id): False}


def test_the_assign_form_needs_its_csrf_token(database_url, team):
    def token(html: str) -> str:
        return html.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]

    nip = team["boss"].nip
    data = {"user_ids": [team["staff"].id], "module_ids": [team["waktu"].id]}
    data["due_date"] = NEXT_WEEK.isoformat()
    db.session.rollback()  # the other app below needs the SQLite write lock
    guarded = make_app(database_url, WTF_CSRF_ENABLED=True)
    client = guarded.test_client()
    login_page = client.get("/login").get_data(as_text=True)
    client.post(
        "/login", data={"nip": nip, "password": TEST_PASSWORD, "csrf_token": token(login_page)}
    )
    refused = client.post("/tim/tugas", data=data).status_code
    page = client.get("/tim/tugas").get_data(as_text=True)
    accepted = client.post("/tim/tugas", data={**data, "csrf_token": token(page)}).status_code
    with guarded.app_context():
        db.engine.dispose()  # close its connections now, not whenever they are collected
    assert (refused, accepted) == (400, 302)
    assert count_assignments() == 1


def test_a_completed_assignment_offers_no_cancel_and_refuses_one(client, team):
    done = add_assignment(team["staff"], team["waktu"], NEXT_WEEK, by=team["boss"])
    enrol(team["staff"], team["waktu"], completed_at=clock.utcnow(), jp_credited=2)
    login(client, team["boss"])
    page = client.get("/tim/tugas").get_data(as_text=True)
    row = page.split(team["staff"].name)[1].split("</tr>")[0]
    assert "Selesai" in row and "Batalkan tugas" not in row
    response = client.post(f"/tim/tugas/{done.id}/batal", follow_redirects=True)
    assert "sudah diselesaikan pegawai dan tetap tercatat" in response.get_data(as_text=True)
    db.session.refresh(done)
    assert done.cancelled_at is None
