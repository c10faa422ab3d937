"""Level 3 before and after: the supervisor's behaviour ratings, with n, per module and period.

Hand-computed fixture (quarter 2026-Q2). Per employee: the mean of the behaviours rated both
before (at the RTL's acknowledgement) and after (at the post-training evaluation).
  M1  e1 before 1, 2 -> 1.5   after 3, 4 -> 3.5
      e2 before 2, 2 -> 2.0   after 2, 3 -> 2.5
      e5 after only (no acknowledgement)          -> not counted
  M2  e3 before 1, 1, 2; after 3, 2 (behaviour 3 not rated after) -> 1.0 and 2.5
      e4 evaluated in July, outside the quarter     -> not counted
  M1: n 2, before 1.75, after 3.00, change +1.25
  M2: n 1, before 1.00, after 2.50, change +1.50
  Province: n 3, before 1.50, after 8.5 / 3 = 2.833, change +1.333
"""

import csv
import io
import itertools
from datetime import datetime

import pytest

from lms.evaluation.models import BehaviourRating
from lms.extensions import db
from lms.monev import levels, periods
from tests.conftest import login
from tests.factories import make_module, make_user

from .helpers import TODAY, enrol, evaluate

IN_Q2, JULY = datetime(2026, 5, 10, 3), datetime(2026, 7, 2, 3)
STARTED = datetime(2026, 1, 5, 3)
NUMBERS = itertools.count(1)


def _rate(enrollment, boss, stage: str, ratings: list[int | None]) -> None:
    for position, rating in enumerate(ratings, start=1):
        if rating is not None:
            db.session.add(
                BehaviourRating(
                    enrollment_id=enrollment.id,
                    position=position,
                    stage=stage,
                    rating=rating,
                    supervisor_id=boss.id,
                    rated_at=STARTED,
                )
            )


def _employee(boss, module, before, after, evaluated):
    person = make_user(f"Pegawai {next(NUMBERS)}", supervisor=boss)
    enrollment = enrol(person, module, STARTED, completed=STARTED, pre=50, post=80)
    _rate(enrollment, boss, "before", before)
    _rate(enrollment, boss, "after", after)
    evaluate(enrollment, boss, {"ORH": 4}, 2, evaluated)
    return enrollment


@pytest.fixture
def fixture(app, in_request):
    boss = make_user("Atasan")
    m1 = make_module("m1", title="Modul Satu")
    m2 = make_module("m2", title="Modul Dua")
    m1.current_version.behaviours = ["Perilaku 1", "Perilaku 2"]
    m2.current_version.behaviours = ["Perilaku 1", "Perilaku 2", "Perilaku 3"]
    _employee(boss, m1, [1, 2], [3, 4], IN_Q2)
    _employee(boss, m1, [2, 2], [2, 3], IN_Q2)
    _employee(boss, m2, [1, 1, 2], [3, 2, None], IN_Q2)
    _employee(boss, m2, [1, 1, 1], [4, 4, 4], JULY)
    _employee(boss, m1, [], [4, 4], IN_Q2)
    db.session.commit()


Q2 = periods.parse("2026-Q2", TODAY)


def test_change_per_module_with_n(fixture):
    rows = {row.label: row for row in levels.behaviour_change(Q2, "modul")}
    assert set(rows) == {"Modul Satu", "Modul Dua"}
    one, two = rows["Modul Satu"], rows["Modul Dua"]
    assert (one.employees, one.before, one.after) == (2, pytest.approx(1.75), pytest.approx(3.0))
    assert one.change == pytest.approx(1.25)
    assert (two.employees, two.before, two.after) == (1, pytest.approx(1.0), pytest.approx(2.5))
    assert two.change == pytest.approx(1.5)


def test_province_row_and_period(fixture):
    [total] = levels.behaviour_change(Q2)
    assert total.employees == 3
    assert total.before == pytest.approx(1.5)
    assert total.after == pytest.approx(8.5 / 3)
    assert total.change == pytest.approx(8.5 / 3 - 1.5)
    # The year also holds e4, evaluated in July: before 1.0, after 4.0.
    [year] = levels.behaviour_change(periods.parse("2026", TODAY))
    assert (year.employees, year.before) == (4, pytest.approx(5.5 / 4))
    assert year.after == pytest.approx(12.5 / 4)
    [empty] = levels.behaviour_change(periods.parse("2025", TODAY))
    assert (empty.employees, empty.before, empty.change) == (0, None, None)


def test_report_page_and_download_show_the_change_with_n(client, fixture):
    login(client, make_user("Admin BKD", roles=("admin",)))
    page = client.get("/monev/level?period=2026-Q2").get_data(as_text=True)
    assert "Level 3 – Perubahan perilaku yang diamati atasan (sebelum dan sesudah)" in page
    assert "bukan bukti sebab" in page
    table = page[page.index("Perubahan perilaku yang diamati") :]
    table = table[: table.index("</table>")]
    for figure in ("1,75", "3,00", "1,25", "2,50", "1,50", "2,83", "1,33"):
        assert figure in table
    response = client.get("/monev/level?period=2026-Q2&tabel=l3-perubahan-modul&format=csv")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][:2] == ["Modul", "Pegawai (n)"]
    by_label = {row[0]: row for row in rows[1:]}
    assert by_label["Modul Satu"][1] == "2"
    assert float(by_label["Modul Satu"][4]) == pytest.approx(1.25)
