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

    Per competency (first pre -> first post):   A            B
      Erna    (best post is her second)        50 -> 0       0 -> 100
      Fajar   (a later pre never counts)        0 -> 50     50 -> 100
      Gita                                    100 -> 100     0 -> 50
      Hadi    (no submitted post-test)         50 -> –       0 -> –
    A: 3 pairs, mean pre 50, mean post 50, <g> = 0 / 50 = 0 (rendah); individual g: Erna -1,
       Fajar 0.5 (Gita has none: pre 100): median = mean = -0.25. Left out: Hadi.
    B: 3 pairs, mean pre 50/3, mean post 250/3, <g> = (200/3) / (250/3) = 0.8 (tinggi);
       individual g 1, 1, 0.5: median 1, mean 2.5/3. Left out: Hadi.
    Per module (pre, first post, best post): Erna AB 25, 50, 75; Fajar AB 25, 75, 75;
    Gita AB 50, 75, 75; Hadi AB 25, –, –; Erna X 100, 80, 100; Fajar X 60, 40, 40.
    Team: 5 pairs, mean pre 260/5 = 52, mean post 320/5 = 64, <g> = 12 / 48 = 0.25 (rendah);
    individual g 25/75, 50/75, 25/50, -20/40: median (1/3 + 1/2) / 2 = 0.4167, mean 0.25;
    one pre-test 100 (Erna X) and one without post-test (Hadi AB). Dropping the pre-test 100,
    as the old report did, would give (60 - 40) / (100 - 40) = 0.33 instead.
    """
    boss = make_user("Ibu Kepala")
    module = make_module("m", title="Modul AB", questions=8, competencies=("A", "B"))
    people = {name: make_user(name, supervisor=boss) for name in ("Erna", "Fajar", "Gita", "Hadi")}
    outsider = make_user("Orang Luar")
    e = {n: enrol(p, module) for n, p in people.items()}
    add_attempt(e["Erna"], "pre", 1, {"A": [1, 0], "B": [0, 0]})
    add_attempt(e["Erna"], "post", 1, {"A": [0, 0], "B": [1, 1]})  # 50: the first, for gains
    add_attempt(e["Erna"], "post", 2, {"A": [1, 1], "B": [1, 0]})  # 75: the best, for passing
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
    for name, pre, first, best in (
        ("Erna", 25, 50, 75),
        ("Fajar", 25, 75, 75),
        ("Gita", 50, 75, 75),
        ("Hadi", 25, None, None),
    ):
        e[name].pretest_score, e[name].first_posttest_score = pre, first
        e[name].best_posttest_score = best
    extra = make_module("x", title="Modul X")
    enrol(
        people["Erna"], extra, pretest_score=100, first_posttest_score=80, best_posttest_score=100
    )
    enrol(people["Fajar"], extra, pretest_score=60, first_posttest_score=40, best_posttest_score=40)
    enrol(people["Gita"], extra)  # no pre-test: not in the gains table
    return {"boss": boss, "people": people}


def test_competency_gains_match_the_hand_computation(data):
    rows = {
        r.code: r.gain for r in gain_queries.competency_gains(services.team_ids(data["boss"].id))
    }
    a, b = rows["A"], rows["B"]
    assert (a.pairs, a.no_post, a.perfect_pre) == (3, 1, 1)
    assert a.mean_pre == pytest.approx(50) and a.mean_post == pytest.approx(50)
    assert a.class_gain == pytest.approx(0) and a.class_category == "rendah"
    assert a.median_gain == pytest.approx(-0.25) and a.mean_gain == pytest.approx(-0.25)
    assert (a.penurunan, a.sedang) == (1, 1)
    assert (b.pairs, b.no_post, b.perfect_pre) == (3, 1, 0)
    assert b.mean_pre == pytest.approx(50 / 3) and b.mean_post == pytest.approx(250 / 3)
    assert b.class_gain == pytest.approx(0.8) and b.class_category == "tinggi"
    assert b.median_gain == pytest.approx(1.0) and b.mean_gain == pytest.approx(2.5 / 3)


def test_team_headline_includes_the_perfect_pre_test(data):
    team = gain_queries.group_gain(services.team_ids(data["boss"].id))
    assert (team.pairs, team.perfect_pre, team.no_post) == (5, 1, 1)
    assert (team.mean_pre, team.mean_post) == (pytest.approx(52), pytest.approx(64))
    assert team.class_gain == pytest.approx(0.25) and team.class_category == "rendah"
    assert team.median_gain == pytest.approx((1 / 3 + 1 / 2) / 2)
    assert team.mean_gain == pytest.approx(0.25)
    assert team.penurunan == 1


def test_enrollment_gains_per_person_and_module(data):
    query = gain_queries.enrollment_gains(services.team_ids(data["boss"].id))
    rows = gain_queries.as_gains(db.session.execute(query))
    table = {(g.name, g.module): g for g in rows}
    assert len(table) == 6  # Gita's Modul X has no pre-test; the outsider is not in the team
    erna = table["Erna", "Modul AB"]
    assert (erna.post, erna.best_post, erna.points) == (50, 75, 25)
    assert (round(erna.n_gain, 3), erna.category) == (0.333, "sedang")
    assert table["Erna", "Modul X"].n_gain is None  # pre = 100
    fajar = table["Fajar", "Modul X"]
    assert (fajar.points, fajar.n_gain, fajar.category) == (-20, -0.5, "penurunan")
    hadi = table["Hadi", "Modul AB"]
    assert (hadi.post, hadi.points, hadi.n_gain) == (None, None, None)


def test_gains_page_shows_the_headline_the_measures_and_the_left_out(client, data):
    login(client, data["boss"])
    html = client.get("/tim/peningkatan").get_data(as_text=True)
    assert "Orang Luar" not in html
    assert "N-Gain kelas ⟨g⟩" in html and "Median N-Gain individu" in html
    assert "Hake" in html
    headline = html.split("Seluruh tim")[1].split("Per kompetensi")[0]
    assert "0,25" in headline and "0,42" in headline and ">5<" in headline
    assert "1 modul belum post-test" in headline and "1 pasangan dengan pre-test 100" in headline
    assert "Kompetensi A" in html
    assert "1 belum post-test" in html and "1 pre-test 100 (tanpa g individu)" in html
    assert "0,80" in html and "0,83" in html and "-0,25" in html  # Indonesian decimal comma
    per_person = html.split("Per pegawai dan modul")[1]
    hadi = per_person.split("Hadi</a>")[1].split("</tr>")[0]
    assert "belum post-test" in hadi and "0,00" not in hadi
    erna_x = per_person.split("Erna</a>")[2].split("</tr>")[0]
    assert "Modul X" in erna_x and "tidak terdefinisi" in erna_x
    fajar_x = per_person.split("Fajar</a>")[2].split("</tr>")[0]
    assert ">-20<" in fajar_x and "-0,50" in fajar_x and "penurunan" in fajar_x


def test_gains_exports_have_the_same_columns_and_figures(client, data):
    login(client, data["boss"])
    response = client.get("/tim/peningkatan?format=csv&tabel=pegawai")
    rows = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    assert rows[0] == [
        "Nama", "NIP", "Modul", "Pre-test", "Post-test pertama", "Post-test terbaik",
        "Selisih (poin)", "N-Gain", "Kategori",
    ]  # fmt: skip
    by_key = {(r[0], r[2]): r for r in rows[1:]}
    assert by_key["Erna", "Modul AB"][3:] == ["25", "50", "75", "25", "0.33", "sedang"]
    assert by_key["Erna", "Modul X"][7:] == ["", "tidak terdefinisi (pre-test 100)"]
    assert by_key["Fajar", "Modul X"][6:] == ["-20", "-0.5", "penurunan"]
    assert by_key["Hadi", "Modul AB"][4:] == ["", "", "", "", "belum post-test"]
    response = client.get("/tim/peningkatan?format=xlsx&tabel=kompetensi")
    sheet = load_workbook(io.BytesIO(response.get_data())).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][5] == "N-Gain kelas ⟨g⟩"
    assert values[1] == ("A", "Kompetensi A", 3, 50, 50, 0, "rendah", -0.25, -0.25, 1, 1)
    assert values[2] == ("B", "Kompetensi B", 3, 16.7, 83.3, 0.8, "tinggi", 1, 0.83, 0, 1)
    assert values[3] == (
        None,
        "Semua modul (nilai modul)",
        5,
        52,
        64,
        0.25,
        "rendah",
        0.42,
        0.25,
        1,
        1,
    )


@pytest.mark.parametrize("query", ["format=csv&tabel=semua", "format=doc"])
def test_gains_export_refuses_unknown_tables_and_formats(client, data, query):
    login(client, data["boss"])
    assert client.get(f"/tim/peningkatan?{query}").status_code == 400
