import csv
import io

import pytest
from openpyxl import load_workbook

from lms.extensions import db
from lms.team import gain_queries, services

from ..conftest import login
from ..factories import make_module, make_user
from .builders import add_attempt, enrol


@pytest.fixture
def data(app):
    """Hand-computed set: module with competencies A and B, two items of each per test.

    Per competency (pre -> post):   A            B
      Erna    (first pre, best post) 50 -> 100    0 -> 50
      Fajar                          0 -> 50     50 -> 100
      Gita                         100 -> 100     0 -> 50
      Hadi    (no post-test yet)    50 -> –       0 -> –
    A: pairs Erna, Fajar: mean pre 25, mean post 75, <g> = 50/75, mean of gains (1 + .5)/2.
       Left out: Gita (pre 100), Hadi (no post).
    B: pairs Erna, Fajar, Gita: mean pre 50/3, mean post 200/3, <g> = 50/(250/3) = 0.6,
       mean of gains (.5 + 1 + .5)/3. Left out: Hadi (no post).
    """
    boss = make_user("Ibu Kepala")
    module = make_module("m", title="Modul AB", questions=8, competencies=("A", "B"))
    people = {name: make_user(name, supervisor=boss) for name in ("Erna", "Fajar", "Gita", "Hadi")}
    outsider = make_user("Orang Luar")
    e = {n: enrol(p, module) for n, p in people.items()}
    add_attempt(e["Erna"], "pre", 1, {"A": [1, 0], "B": [0, 0]})
    add_attempt(e["Erna"], "post", 1, {"A": [0, 0], "B": [1, 1]})  # 50: not the best
    add_attempt(e["Erna"], "post", 2, {"A": [1, 1], "B": [1, 0]})  # 75: the best
    add_attempt(e["Fajar"], "pre", 1, {"A": [0, 0], "B": [1, 0]})
    add_attempt(e["Fajar"], "pre", 2, {"A": [1, 1], "B": [1, 1]})  # a later pre never counts
    add_attempt(e["Fajar"], "post", 1, {"A": [1, 0], "B": [1, 1]})
    add_attempt(e["Gita"], "pre", 1, {"A": [1, 1], "B": [0, 0]})
    add_attempt(e["Gita"], "post", 1, {"A": [1, 1], "B": [0, 1]})
    add_attempt(e["Hadi"], "pre", 1, {"A": [1, 0], "B": [0, 0]})
    add_attempt(e["Hadi"], "post", 1, {"A": [1, 1], "B": [1, 1]}, state="open")  # not submitted
    eo = enrol(outsider, module)
    add_attempt(eo, "pre", 1, {"A": [0, 0], "B": [0, 0]})
    add_attempt(eo, "post", 1, {"A": [1, 1], "B": [1, 1]})
    # The per-module summary (as the quiz engine keeps it).
    for name, pre, post in (
        ("Erna", 25, 75),
        ("Fajar", 25, 75),
        ("Gita", 50, 75),
        ("Hadi", 25, None),
    ):
        e[name].pretest_score, e[name].best_posttest_score = pre, post
    extra = make_module("x", title="Modul X")
    enrol(people["Erna"], extra, pretest_score=100, best_posttest_score=100)
    enrol(people["Fajar"], extra, pretest_score=60, best_posttest_score=40)
    enrol(people["Gita"], extra)  # no pre-test: not in the gains table
    return {"boss": boss, "people": people}


def test_competency_gains_match_the_hand_computation(data):
    rows = {r.code: r for r in gain_queries.competency_gains(services.team_ids(data["boss"].id))}
    a, b = rows["A"], rows["B"]
    assert (a.pairs, a.no_post, a.perfect_pre) == (2, 1, 1)
    assert a.mean_pre == pytest.approx(25) and a.mean_post == pytest.approx(75)
    assert a.class_gain == pytest.approx(50 / 75)
    assert a.mean_of_gains == pytest.approx(0.75)
    assert (b.pairs, b.no_post, b.perfect_pre) == (3, 1, 0)
    assert b.mean_pre == pytest.approx(50 / 3) and b.mean_post == pytest.approx(200 / 3)
    assert b.class_gain == pytest.approx(0.6)
    assert b.mean_of_gains == pytest.approx(2 / 3)
    assert b.class_category == "sedang"


def test_enrollment_gains_per_person_and_module(data):
    query = gain_queries.enrollment_gains(services.team_ids(data["boss"].id))
    rows = gain_queries.as_gains(db.session.execute(query))
    table = {(g.name, g.module): g for g in rows}
    assert len(table) == 6  # Gita's Modul X has no pre-test; the outsider is not in the team
    erna = table["Erna", "Modul AB"]
    assert (erna.points, round(erna.n_gain, 3), erna.category) == (50, 0.667, "sedang")
    assert table["Erna", "Modul X"].n_gain is None  # pre = 100
    fajar = table["Fajar", "Modul X"]
    assert (fajar.points, fajar.n_gain, fajar.category) == (-20, -0.5, "rendah")
    hadi = table["Hadi", "Modul AB"]
    assert (hadi.post, hadi.points, hadi.n_gain) == (None, None, None)


def test_gains_page_shows_both_measures_labelled_and_the_left_out(client, data):
    login(client, data["boss"])
    html = client.get("/tim/peningkatan").get_data(as_text=True)
    assert "Orang Luar" not in html
    assert "Gain kelas &lt;g&gt; (dari rata-rata)" in html and "Rata-rata N-Gain individu" in html
    assert "Hake" in html
    assert "Kompetensi A" in html
    assert "1 belum post-test" in html and "1 pre-test sudah 100" in html
    assert "0,67" in html and "0,75" in html and "0,60" in html  # Indonesian decimal comma
    per_person = html.split("Per pegawai dan modul")[1]
    hadi = per_person.split("Hadi</a>")[1].split("</tr>")[0]
    assert "belum post-test" in hadi
    erna_x = per_person.split("Erna</a>")[2].split("</tr>")[0]
    assert "Modul X" in erna_x and "tidak terdefinisi" in erna_x
    fajar_x = per_person.split("Fajar</a>")[2].split("</tr>")[0]
    assert "-20,0" in fajar_x and "-0,50" in fajar_x and "rendah" in fajar_x


def test_gains_exports_have_the_same_columns(client, data):
    login(client, data["boss"])
    response = client.get("/tim/peningkatan?format=csv&tabel=pegawai")
    rows = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    assert rows[0] == [
        "Nama", "NIP", "Modul", "Pre-test", "Post-test terbaik", "Selisih (poin)", "N-Gain",
        "Kategori",
    ]  # fmt: skip
    by_key = {(r[0], r[2]): r for r in rows[1:]}
    assert by_key["Erna", "Modul AB"][3:] == ["25", "75", "50", "0.67", "sedang"]
    assert by_key["Erna", "Modul X"][6:] == ["", "tidak terdefinisi (pre-test 100)"]
    assert by_key["Fajar", "Modul X"][5:] == ["-20", "-0.5", "rendah"]
    assert by_key["Hadi", "Modul AB"][4:] == ["", "", "", "belum post-test"]
    response = client.get("/tim/peningkatan?format=xlsx&tabel=kompetensi")
    sheet = load_workbook(io.BytesIO(response.get_data())).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][4] == "Gain kelas <g> (dari rata-rata)"
    assert values[1] == ("A", "Kompetensi A", 25, 75, 0.67, 0.75, 2, 1, 1)
    assert values[2] == ("B", "Kompetensi B", 16.7, 66.7, 0.6, 0.67, 3, 1, 0)


@pytest.mark.parametrize("query", ["format=csv&tabel=semua", "format=doc"])
def test_gains_export_refuses_unknown_tables_and_formats(client, data, query):
    login(client, data["boss"])
    assert client.get(f"/tim/peningkatan?{query}").status_code == 400
