"""One N-Gain everywhere: the supervisor's pages, the employee page, the province's level-2
report and their downloads give the same figures for the same people.

Dinas X: Sari 20 -> 60 (best 70) in M1 and 100 -> 90 in M2; Tono 50 -> 80 in M1; Umi 30 with no
post-test in M1. Hake (1998): mean pre 170/3, mean post 230/3, <g> = 20 / (130/3) = 0.46;
individual g 0.5 and 0.6 (none for the pre-test 100): median and mean 0.55; n = 3, one pre-test
100, one left out for having no post-test. The old reports gave 0.54 (pre-test 100 dropped).
"""

import csv
import io
from datetime import datetime

import pytest

from lms.extensions import db
from lms.monev import levels, periods
from lms.team import gain_queries, services
from tests.conftest import login
from tests.factories import make_module, make_unit, make_user

from .helpers import TODAY, enrol

STARTED = datetime(2026, 3, 2)


@pytest.fixture
def team(app):
    unit = make_unit("Dinas X")
    other = make_unit("Dinas Y")
    boss = make_user("Kepala X", unit=unit)
    sari = make_user("Sari", unit=unit, supervisor=boss)
    tono = make_user("Tono", unit=unit, supervisor=boss)
    umi = make_user("Umi", unit=unit, supervisor=boss)
    outsider = make_user("Luar", unit=other)
    m1 = make_module("m1", title="Modul Satu", jp=2)
    m2 = make_module("m2", title="Modul Dua", jp=2)
    enrol(sari, m1, STARTED, STARTED, pre=20, post=70, first_post=60)
    enrol(sari, m2, STARTED, STARTED, pre=100, post=90)
    enrol(tono, m1, STARTED, STARTED, pre=50, post=80)
    enrol(umi, m1, STARTED, pre=30)
    enrol(outsider, m1, STARTED, STARTED, pre=0, post=100)  # another unit and team
    db.session.commit()
    return {"boss": boss, "sari": sari, "admin": make_user("Admin", roles=("admin",))}


def _expected(gain) -> None:
    assert (gain.pairs, gain.perfect_pre, gain.no_post) == (3, 1, 1)
    assert gain.class_gain == pytest.approx(60 / 130)
    assert (gain.median_gain, gain.mean_gain) == (pytest.approx(0.55), pytest.approx(0.55))


def test_supervisor_and_province_compute_the_same_gain(team):
    _expected(gain_queries.group_gain(services.team_ids(team["boss"].id)))
    year = periods.parse("2026", TODAY)
    by_unit = {row.label: row.gain for row in levels.learning(year, "unit")}
    _expected(by_unit["Dinas X"])


def test_employee_gain_uses_the_same_function(team):
    sari = gain_queries.group_gain(services.person_ids(team["sari"].id))
    # (20, 60) and (100, 90): mean pre 60, mean post 75, <g> = 15 / 40.
    assert (sari.pairs, sari.class_gain, sari.median_gain) == (2, pytest.approx(0.375), 0.5)


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))


def test_pages_and_downloads_agree(app, client, team):
    login(client, team["boss"])
    page = client.get("/tim/peningkatan").get_data(as_text=True)
    headline = page.split("Seluruh tim")[1].split("Per kompetensi")[0]
    assert "0,46" in headline and "0,55" in headline and ">3<" in headline
    supervisor = _csv(client.get("/tim/peningkatan?format=csv&tabel=kompetensi"))[-1]
    employee = client.get(f"/tim/pegawai/{team['sari'].id}").get_data(as_text=True)
    assert "0,50" in employee and "tidak terdefinisi (pre-test 100)" in employee
    admin = app.test_client()
    login(admin, team["admin"])
    province = _csv(admin.get("/monev/level?period=2026&per=unit&tabel=l2-unit&format=csv"))
    dinas_x = next(row for row in province if row[0] == "Dinas X")
    # Supervisor: n, pre, post, <g>, category, median, mean, pre 100, no post.
    assert supervisor[2:] == ["3", "56.7", "76.7", "0.46", "sedang", "0.55", "0.55", "1", "1"]
    # Province: n, pre, post, <g>, median, mean, four shares, pre 100, no post.
    assert dinas_x[1:7] == ["3", "56.7", "76.7", "0.46", "0.55", "0.55"]
    assert dinas_x[-2:] == ["1", "1"]
    level_page = admin.get("/monev/level?period=2026&per=unit").get_data(as_text=True)
    assert "0,46" in level_page
