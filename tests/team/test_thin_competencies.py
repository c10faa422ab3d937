"""A competency with fewer than 5 items per test form is reported for groups only, with n.

A trainer building a module in the browser can publish one: the per-employee figures (employee
page, learning record, their downloads) show "—" and why, the team's per-competency figures
keep it with n.
"""

import csv
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from lms.content import quality
from lms.extensions import db
from lms.questions.plan import MIN_PER_FORM, reportable_per_employee
from lms.quizzes.models import Question
from lms.team.item_counts import items_per_form

from ..conftest import login
from ..factories import make_module, make_user
from .builders import add_attempt, enrol
from .test_overview import statements_for

THIN_NOTE = "hanya 3 soal per tes; dilaporkan untuk kelompok"


def trainer_module(slug: str = "buatan-pelatih", title: str = "Modul Buatan Pelatih"):
    """Tests of 13 from a bank of 20 PNH and 6 TPS questions: each form holds 10 PNH, 3 TPS."""
    module = make_module(
        slug, title=title, questions=26, pretest=13, posttest=13, competencies=("PNH", "TPS")
    )
    questions = db.session.scalars(
        select(Question).where(Question.version_id == module.current_version_id)
    ).all()
    for question in questions:
        if question.competency_code == "TPS" and question.position <= 14:
            question.competency_code = "PNH"
    db.session.commit()
    return module


@pytest.fixture
def data(app):
    """Per competency (first pre -> first post), items per form PNH 10, TPS 3:
      Rina   PNH 40 -> 70 (g 0.5)   TPS 33.3 -> 100
      Budi   PNH 20 -> 60 (g 0.5)   TPS 0 -> 66.7
    TPS for the team: n 2, mean pre 16.7, mean post 83.3, <g> = 66.7 / 83.3 = 0.8.
    """
    boss = make_user("Ibu Kepala")
    rina = make_user("Rina", supervisor=boss)
    budi = make_user("Budi", supervisor=boss)
    admin = make_user("Admin Rekam", roles=("admin",))
    module = trainer_module()
    for person, (pre, post), (tps_pre, tps_post) in (
        (rina, (4, 7), ([0, 0, 1], [1, 1, 1])),
        (budi, (2, 6), ([0, 0, 0], [1, 1, 0])),
    ):
        enrollment = enrol(person, module)
        add_attempt(enrollment, "pre", 1, {"PNH": _right(pre), "TPS": tps_pre})
        add_attempt(enrollment, "post", 1, {"PNH": _right(post), "TPS": tps_post})
    return {"boss": boss, "rina": rina, "admin": admin, "module": module}


def _right(n: int) -> list[int]:
    """Ten PNH items of which the first n were answered right."""
    return [1] * n + [0] * (10 - n)


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))


def _row(html: str, name: str) -> str:
    return html.split(name)[1].split("</tr>")[0]


def test_items_per_form_follow_the_plan_the_tests_draw_by(data):
    version_id = data["module"].current_version_id
    assert items_per_form([version_id]) == {version_id: {"PNH": 10, "TPS": 3}}


def test_a_competency_is_reported_per_employee_from_five_items_per_form():
    assert [reportable_per_employee(n) for n in (0, 3, 4, 5, 10)] == [False] * 3 + [True] * 2
    assert quality.MIN_PER_FORM is MIN_PER_FORM == 5  # the check and the reports: one rule


def test_employee_page_shows_the_full_competency_and_hides_the_thin_one(client, data):
    login(client, data["boss"])
    html = client.get(f"/tim/pegawai/{data['rina'].id}").get_data(as_text=True)
    section = html.split('id="kompetensi"')[1].split("Riwayat tes")[0]
    full = _row(section, "Kompetensi PNH")
    assert ">40<" in full and ">70<" in full and "0,50" in full and "sedang" in full
    thin = _row(section, "Kompetensi TPS")
    assert "—" in thin and THIN_NOTE in thin
    assert "33" not in thin and ">100<" not in thin and "0," not in thin


def test_employee_downloads_show_a_dash_and_why_for_the_thin_competency(client, data):
    login(client, data["boss"])
    url = f"/tim/pegawai/{data['rina'].id}?tabel=kompetensi&format="
    rows = _csv(client.get(url + "csv"))
    assert rows[0] == [
        "Modul", "Kode", "Kompetensi", "Soal per tes", "Pre-test", "Post-test pertama",
        "N-Gain", "Keterangan",
    ]  # fmt: skip
    assert rows[1:] == [
        ["Modul Buatan Pelatih", "PNH", "Kompetensi PNH", "10", "40", "70", "0.5", "sedang"],
        ["Modul Buatan Pelatih", "TPS", "Kompetensi TPS", "3", "—", "—", "—", THIN_NOTE],
    ]
    sheet = load_workbook(io.BytesIO(client.get(url + "xlsx").get_data())).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[2][3:] == (3, "—", "—", "—", THIN_NOTE)


def test_learning_record_hides_the_thin_competency(client, data):
    login(client, data["admin"])
    html = client.get(f"/pegawai/{data['rina'].id}/rekam-belajar").get_data(as_text=True)
    section = html.split('id="kompetensi"')[1].split("Sertifikat")[0]
    assert "0,50" in _row(section, "Kompetensi PNH")
    thin = _row(section, "Kompetensi TPS")
    assert THIN_NOTE in thin and "33" not in thin and ">100<" not in thin


def test_team_figures_keep_the_thin_competency_with_n(client, data):
    login(client, data["boss"])
    html = client.get("/tim/peningkatan").get_data(as_text=True)
    thin = _row(html.split("Per kompetensi")[1], "Kompetensi TPS")
    assert ">2<" in thin and "16,7" in thin and "83,3" in thin and "0,80" in thin
    assert "hanya 3 soal per tes: dilaporkan untuk kelompok, tidak per pegawai" in thin
    assert "soal per tes" not in _row(html.split("Per kompetensi")[1], "Kompetensi PNH")
    rows = {row[0]: row for row in _csv(client.get("/tim/peningkatan?format=csv&tabel=kompetensi"))}
    assert rows["TPS"][2:6] == ["2", "16.7", "83.3", "0.8"]


def test_employee_page_statements_do_not_grow_with_the_modules_taken(app, client, data):
    login(client, data["boss"])
    url = f"/tim/pegawai/{data['rina'].id}"
    before = statements_for(app, client, url)
    for number in (2, 3):
        module = trainer_module(f"modul-{number}", f"Modul {number}")
        enrollment = enrol(data["rina"], module)
        add_attempt(enrollment, "pre", 1, {"PNH": _right(3), "TPS": [0, 1, 0]})
        add_attempt(enrollment, "post", 1, {"PNH": _right(8), "TPS": [1, 1, 0]})
    assert statements_for(app, client, url) == before
