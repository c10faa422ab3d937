"""Item analysis against figures worked out by hand, and the reaction-survey summary."""

import csv
import io
import random
from datetime import datetime

import pytest

from lms.extensions import db
from lms.learning import services as learning
from lms.learning.models import ReactionSurvey
from lms.questionbank import analysis
from lms.questions.kinds import KINDS
from lms.quizzes import services as quizzes
from tests.factories import add_question, make_module, make_user

from .helpers import SLUG, as_trainer, gift_question

Q1 = "::Q1 prioritas::Apa dulu?{=Benar ~%50%Hampir ~Salah A ~Salah B}"
Q2 = "::Q2 kunci meragukan::Mana yang tepat?{=Benar ~Salah A ~Salah B}"
Q3 = "::Q3 pernyataan::Pernyataan ini benar.{TRUE}"

# Five learners A–E answer the three questions of a pre-test (a bank of exactly three, so
# every attempt shows all three). What each chose, and the item scores that follow:
#
#         Q1 (choice, 50% option)   Q2 (choice)        Q3 (true/false)   total
#   A     Benar      1              Salah A   0        Benar  1          2
#   B     Benar      1              Salah B   0        Benar  1          2
#   C     Hampir     0.5            Benar     1        Salah  0          1.5
#   D     Salah A    0              Benar     1        Salah  0          1
#   E     (blank)    0              Salah A   0        Salah  0          0
CHOICES = {
    "A": ("Benar", "Salah A", "true"),
    "B": ("Benar", "Salah B", "true"),
    "C": ("Hampir", "Benar", "false"),
    "D": ("Salah A", "Benar", "false"),
    "E": (None, "Salah A", "false"),
}
# Facility = mean item score × 100:
#   Q1 (1 + 1 + .5 + 0 + 0) / 5 = 50%    Q2 2 / 5 = 40%    Q3 2 / 5 = 40%
# Discrimination = Pearson r of the item score x with the rest of the test y (total − x):
#   Q1 x = [1, 1, .5, 0, 0], y = [1, 1, 1, 1, 0]; means .5 and .8
#      Σdxdy = .5·.2 + .5·.2 + 0·.2 + (−.5)·.2 + (−.5)(−.8) = .5
#      Σdx² = .25·4 = 1;  Σdy² = .04·4 + .64 = .8;   r = .5 / √(1 · .8) = .5590
#   Q2 x = [0, 0, 1, 1, 0], y = [2, 2, .5, 0, 0]; means .4 and .9
#      Σdxdy = (−.4)(1.1)·2 + .6(−.4) + .6(−.9) + (−.4)(−.9) = −1.3
#      Σdx² = .16·3 + .36·2 = 1.2;  Σdy² = 1.21·2 + .16 + .81·2 = 4.2
#      r = −1.3 / √(1.2 · 4.2) = −1.3 / 2.2450 = −.5791  (negative: a wrong key?)
#   Q3 x = [1, 1, 0, 0, 0], y = [1, 1, 1.5, 1, 0]; means .4 and .9
#      Σdxdy = .6·.1·2 + (−.4)(.6) + (−.4)(.1) + (−.4)(−.9) = .2
#      Σdx² = 1.2;  Σdy² = .01·2 + .36 + .01 + .81 = 1.2;   r = .2 / 1.2 = .1667  (weak)
EXPECTED = [
    # title, responses, facility, discrimination, flags
    ("Q1 prioritas", 5, 50.0, 0.5590, []),
    ("Q2 kunci meragukan", 5, 40.0, -0.5791, ["negative"]),
    ("Q3 pernyataan", 5, 40.0, 0.1667, ["weak"]),
]


def _option(item, text: str) -> str:
    """The id under which the answer with this text was shown in the attempt."""
    answers = item.snapshot["answers"]
    wanted = next(a for a in answers if a["text"] == text)
    return next(o["id"] for o in item.presented["options"] if o["html"] == wanted["text_html"])


@pytest.fixture
def tested_module(app):
    module = make_module(SLUG, questions=0, pretest=3, posttest=3)
    for source in (Q1, Q2, Q3):
        add_question(module.current_version_id, gift_question(source))
    rng = random.Random(7)
    for name, choices in CHOICES.items():
        enrollment = learning.enroll(make_user(f"Peserta {name}"), module)
        attempt = quizzes.start_attempt(enrollment, "pre", rng)
        values = {}
        for item in attempt.items:
            choice = choices[int(item.snapshot["title"][1]) - 1]
            if choice in ("true", "false"):
                values[item.position] = [choice]
            elif choice is not None:
                values[item.position] = [_option(item, choice)]
        quizzes.submit_attempt(attempt, values)
    # An attempt still open counts for nothing.
    quizzes.start_attempt(learning.enroll(make_user("Peserta F"), module), "pre", rng)
    db.session.commit()
    return module


def test_figures_match_the_hand_computed_ones(tested_module):
    stats = analysis.item_analysis(tested_module.current_version_id, "pre", min_responses=5)
    got = [
        (s.question.title, s.responses, s.facility, round(s.discrimination, 4), s.flags)
        for s in stats
    ]
    assert got == EXPECTED


def test_choices_are_counted_per_answer(tested_module):
    q1, q2, q3 = analysis.item_analysis(tested_module.current_version_id, "pre")
    counts = [[(o.answer["text"], o.count) for o in s.options] for s in (q1, q2, q3)]
    assert counts == [
        [("Benar", 2), ("Hampir", 1), ("Salah A", 1), ("Salah B", 0)],
        [("Benar", 2), ("Salah A", 2), ("Salah B", 1)],
        [("true", 2), ("false", 3)],
    ]
    assert (q1.unanswered, q2.unanswered) == (1, 0)


def test_post_test_is_analysed_separately(tested_module):
    stats = analysis.item_analysis(tested_module.current_version_id, "post")
    assert [(s.responses, s.facility, s.discrimination) for s in stats] == [(0, None, None)] * 3


def test_no_flags_below_the_minimum_of_responses(tested_module):
    stats = analysis.item_analysis(tested_module.current_version_id, "pre", min_responses=6)
    assert [s.flags for s in stats] == [[], [], []]
    assert round(stats[1].discrimination, 4) == -0.5791  # the figures are still there


def test_analysis_page_flags_from_the_configured_minimum(app, client, tested_module):
    as_trainer(client)
    url = f"/pengajar/modul/{SLUG}/analisis?versi=1&tes=pre"
    page = client.get(url).get_data(as_text=True)  # default minimum: 20 responses
    assert "-0,58" in page and "kemungkinan kunci jawaban salah" not in page
    assert "paling sedikit 20 respons" in page


def test_a_tiny_negative_index_reads_zero_and_is_not_flagged_negative():
    stats = analysis.ItemStats(question=None, responses=30)
    stats.facility, stats.discrimination = 50.0, -0.001
    assert stats.discrimination_shown == 0.0 and str(stats.discrimination_shown) == "0.0"
    assert analysis.flags_for(stats) == ["weak"]


def test_analysis_page_and_downloads(app, client, tested_module):
    app.config["ITEM_ANALYSIS_MIN_RESPONSES"] = 5
    as_trainer(client)
    page = client.get(f"/pengajar/modul/{SLUG}/analisis?versi=1&tes=pre").get_data(as_text=True)
    assert "5 percobaan terkirim." in page
    assert "50,0%" in page and "0,56" in page and "-0,58" in page and "0,17" in page
    assert "kemungkinan kunci jawaban salah" in page and "Daya beda rendah" in page
    download = client.get(f"/pengajar/modul/{SLUG}/analisis?versi=1&tes=pre&format=csv")
    assert download.headers["Content-Disposition"] == (
        f'attachment; filename="analisis-butir-{SLUG}-v1-pre.csv"'
    )
    text = io.StringIO(download.get_data(as_text=True).lstrip("\ufeff"))
    rows = [",".join(row) for row in csv.reader(text)]
    assert rows[0].startswith("No.,Judul,Jenis,Kompetensi,Respons,Indeks kesukaran (%)")
    assert rows[2].startswith("2,Q2 kunci meragukan,Pilihan ganda,ORH,5,40,-0.579,")
    assert "Benar (100%): 2; Salah A (0%): 2; Salah B (0%): 1" in rows[2]
    xlsx = client.get(f"/pengajar/modul/{SLUG}/analisis?versi=1&tes=pre&format=xlsx")
    assert xlsx.status_code == 200 and xlsx.data[:2] == b"PK"


@pytest.mark.parametrize(
    ("facility", "discrimination", "flags"),
    [
        (95.0, 0.5, ["easy"]),
        (90.0, 0.5, []),
        (19.9, 0.3, ["hard"]),
        (20.0, 0.2, []),
        (50.0, 0.19, ["weak"]),
        (50.0, -0.01, ["negative"]),
        (100.0, None, ["easy"]),
    ],
)
def test_flag_thresholds(facility, discrimination, flags):
    stats = analysis.ItemStats(question=None, responses=20)
    stats.facility, stats.discrimination = facility, discrimination
    assert analysis.flags_for(stats) == flags


@pytest.mark.parametrize(
    ("xs", "ys", "expected"),
    [
        ([1, 0], [0, 1], -1.0),
        ([1], [2], None),
        ([1, 1, 1], [0, 1, 2], None),
        ([0, 1], [3, 3], None),
    ],
)
def test_pearson_is_undefined_without_spread(xs, ys, expected):
    assert analysis.pearson(xs, ys) == expected


def test_multiresponse_choices_map_through_the_shown_ids():
    data = gift_question("Pilih dua.{~%50%Kata kerja ~%50%Tenggat ~%-100%Acak}")
    presented = KINDS["multiresponse"].present(data, random.Random(3))
    ids = {o["html"]: o["id"] for o in presented["options"]}
    chosen = KINDS[data["type"]].chosen(data, presented, [ids["Tenggat"], ids["Acak"]])
    assert sorted(chosen) == [1, 2]


def test_survey_summary_means_counts_and_comments(app, client):
    module = make_module(SLUG)
    other = make_module("modul-lain")
    ratings = [(5, 4, 3, 4, "Materinya langsung terpakai."), (3, 4, 5, 2, "")]
    for n, (relevance, clarity, interactivity, ease, comment) in enumerate(ratings):
        enrollment = learning.enroll(make_user(f"Peserta {n}"), module)
        db.session.add(
            ReactionSurvey(
                enrollment_id=enrollment.id,
                relevance=relevance,
                clarity=clarity,
                interactivity=interactivity,
                ease_of_use=ease,
                comment=comment,
                submitted_at=datetime(2026, 3, 1 + n),
            )
        )
    elsewhere = learning.enroll(make_user("Peserta lain"), other)
    db.session.add(
        ReactionSurvey(
            enrollment_id=elsewhere.id,
            relevance=1,
            clarity=1,
            interactivity=1,
            ease_of_use=1,
            comment="Modul lain.",
        )
    )
    db.session.commit()
    summary = analysis.survey_summary(module)
    assert summary.count == 2
    assert [mean for _, mean in summary.means] == [4.0, 4.0, 4.0, 3.0]
    assert [comment for comment, _ in summary.comments] == ["Materinya langsung terpakai."]
    as_trainer(client)
    page = client.get(f"/pengajar/modul/{SLUG}/analisis").get_data(as_text=True)
    assert "2 peserta mengisi evaluasi" in page and "Materinya langsung terpakai." in page
    assert "Modul lain." not in page
