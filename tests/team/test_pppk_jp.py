"""JP by status: PNS have the annual target (20 JP), PPPK a maximum entitlement (24 JP per
contract year, shown as "hak maksimal", never as a shortfall)."""

import csv
import io
from datetime import datetime

import pytest

from lms import clock
from lms.monev import periods, services
from tests.conftest import login
from tests.factories import local_today, make_module, make_unit, make_user

from .builders import enrol

THIS_YEAR = datetime(local_today().year, 1, 2, 8)


@pytest.fixture
def team(app):
    """Dina (PNS, III/a) has 2 JP, Eko (PPPK, IX) has 2 JP, Fani (PNS) has 20 JP."""
    unit = make_unit("Dinas P")
    boss = make_user("Kepala P", unit=unit)
    people = {
        "dina": make_user("Dina PNS", supervisor=boss, unit=unit, roles=("learner",)),
        "eko": make_user("Eko PPPK", supervisor=boss, unit=unit, grade="IX", roles=("learner",)),
        "fani": make_user("Fani PNS", supervisor=boss, unit=unit),
    }
    small = make_module("kecil", title="Modul Kecil", jp=2)
    big = make_module("besar", title="Modul Besar", jp=20)
    for key, module in (("dina", small), ("eko", small), ("fani", big)):
        enrol(people[key], module, completed_at=THIS_YEAR, jp_credited=module.current_version.jp)
    return {"boss": boss, **people}


def test_pppk_home_shows_the_entitlement_not_a_shortfall(client, team):
    login(client, team["eko"])
    page = client.get("/beranda").get_data(as_text=True)
    assert "hak maksimal 24 JP per tahun kontrak" in page and "PP No. 49 Tahun 2018" in page
    assert "Kurang" not in page and "dari 20 JP" not in page
    assert 'max="24"' in page


def test_pns_home_keeps_the_target(app, team):
    client = app.test_client()
    login(client, team["dina"])
    page = client.get("/beranda").get_data(as_text=True)
    assert "2 dari 20 JP" in page and "Kurang 18 JP lagi" in page


def test_pppk_entitlement_is_a_setting(app, client, team):
    app.config["PPPK_JP_MAX_PER_YEAR"] = 30
    login(client, team["eko"])
    assert "hak maksimal 30 JP" in client.get("/beranda").get_data(as_text=True)


def _names(client, status: str) -> list[str]:
    response = client.get(f"/tim?status={status}&format=csv")
    rows = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    return [row[0] for row in rows[1:]]


def test_team_overview_never_counts_pppk_short_of_the_target(client, team):
    login(client, team["boss"])
    assert _names(client, "di-bawah-target") == ["Dina PNS"]
    assert _names(client, "target-tercapai") == ["Fani PNS"]
    response = client.get("/tim?format=csv")
    rows = {r[0]: r for r in csv.reader(io.StringIO(response.get_data().decode("utf-8-sig")))}
    assert rows["Eko PPPK"][7:9] == ["2", "hak maksimal 24 JP"]
    assert rows["Dina PNS"][7:9] == ["2", "20"]
    page = client.get("/tim").get_data(as_text=True)
    eko = page.split("Eko PPPK</a>")[1].split("</tr>")[0]
    assert "hak maksimal 24 JP" in eko and "/ 20" not in eko


def test_province_target_share_is_over_pns_only(app, team):
    """Dinas P: 4 employees (the head too), 3 PNS besides Eko; only Fani reached 20 JP."""
    with app.test_request_context():
        today = clock.today()
        rows = services.participation(periods.parse(str(today.year), today), today, 20)
    dinas = next(row for row in rows if row.unit == "Dinas P")
    assert (dinas.employees, dinas.pns, dinas.reached_target) == (4, 3, 1)
    assert dinas.target_share == pytest.approx(100 / 3)
