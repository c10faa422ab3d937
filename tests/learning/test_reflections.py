"""Reflections and the RTL: saving, sharing, editing, privacy, and completing the module."""

import pytest
from sqlalchemy import func, select

from lms import clock
from lms.certificates.models import Certificate
from lms.extensions import db
from lms.learning.home import learner_home
from lms.learning.models import Reflection
from tests.conftest import login
from tests.factories import make_user
from tests.learning.helpers import (
    PLAN_WHAT,
    finish_lessons,
    learning_module,
    plan_form,
    post_test,
    start,
)

BASE = "/modul/modul-uji/materi"


@pytest.fixture
def learner(client):
    user = make_user()
    login(client, user)
    return user


@pytest.fixture
def enrollment(learner):
    return start(learner, learning_module())


def reflections() -> list[Reflection]:
    return list(db.session.scalars(select(Reflection).order_by(Reflection.id)))


def reflect(client, text, shared=False, position=1, key="ref1"):
    data = {f"{key}-text": text}
    if shared:
        data[f"{key}-shared"] = "y"
    return client.post(f"{BASE}/{position}/refleksi/{key}", data=data)


def test_reflection_is_saved_private_then_shared_on_edit(client, enrollment):
    response = reflect(client, "  Saya akan memblok Selasa pagi.  ")
    assert response.headers["Location"].endswith(f"{BASE}/1#blok-ref1")
    [saved] = reflections()
    assert (saved.kind, saved.text, saved.shared) == (
        "reflection",
        "Saya akan memblok Selasa pagi.",
        False,
    )
    assert saved.prompt == "Apa rencana Anda?"
    html = client.get(f"{BASE}/1").get_data(as_text=True)
    assert "Saya akan memblok Selasa pagi.</textarea>" in html
    assert "Tersimpan" in html and "pribadi" in html
    reflect(client, "Versi kedua.", shared=True)
    [saved] = reflections()
    assert (saved.text, saved.shared) == ("Versi kedua.", True)
    assert "dibagikan kepada atasan" in client.get(f"{BASE}/1").get_data(as_text=True)


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "Tuliskan jawaban Anda"), ("   ", "Tuliskan jawaban Anda"), ("x" * 5001, "5000")],
)
def test_invalid_reflection_changes_nothing(client, enrollment, text, message):
    reflect(client, "Jawaban awal.")
    response = reflect(client, text, shared=True)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    [saved] = reflections()
    assert (saved.text, saved.shared) == ("Jawaban awal.", False)


def test_unknown_reflection_block_is_404(client, enrollment):
    assert reflect(client, "Teks", key="tidak-ada").status_code == 404
    assert reflect(client, "Teks", key="cek1").status_code == 404  # a check, not a reflection
    assert reflect(client, "Teks", position=2).status_code == 404
    assert reflections() == []


def test_another_learner_neither_sees_nor_changes_my_reflection(client, enrollment):
    reflect(client, "Rahasia saya.")
    client.post("/logout")
    other = make_user("Orang Lain")
    login(client, other)
    assert reflect(client, "Tulisan orang lain.").status_code == 404
    assert client.get(f"{BASE}/1").status_code == 302  # not enrolled: sent to the module page
    other_enrollment = start(other, enrollment.module)
    html = client.get(f"{BASE}/1").get_data(as_text=True)
    assert "Rahasia saya." not in html
    reflect(client, "Tulisan orang lain.")
    mine, theirs = reflections()
    assert (mine.enrollment_id, mine.text) == (enrollment.id, "Rahasia saya.")
    assert (theirs.enrollment_id, theirs.text) == (other_enrollment.id, "Tulisan orang lain.")


def rtl(client, text=PLAN_WHAT):
    return client.post(f"{BASE}/2/rtl", data=plan_form(text=text))


def test_rtl_form_says_the_supervisor_reads_it(client, enrollment):
    html = client.get(f"{BASE}/2").get_data(as_text=True)
    assert "RTL dapat dibaca oleh atasan langsung Anda" in html
    assert "Bagikan kepada atasan" not in html


def test_rtl_before_passing_is_saved_without_completing(client, enrollment):
    response = rtl(client)
    assert response.headers["Location"].endswith(f"{BASE}/2#rtl")
    [saved] = reflections()
    assert (saved.kind, saved.shared) == ("rtl", True)
    db.session.refresh(enrollment)
    assert enrollment.completed_at is None
    assert db.session.scalar(select(func.count(Certificate.id))) == 0


def test_rtl_after_passing_completes_once(client, enrollment, learner):
    finish_lessons(enrollment)
    post_test(enrollment, 88.0, True)
    assert rtl(client, "").status_code == 400
    response = rtl(client)
    assert response.headers["Location"].endswith("/modul/modul-uji")
    page = client.get("/modul/modul-uji").get_data(as_text=True)
    assert "Selamat, modul ini selesai!" in page and "Lihat sertifikat" in page
    rtl(client, "RTL yang diperbaiki: setiap Senin saya menulis tiga hasil utama pekan ini.")
    db.session.refresh(enrollment)
    year = clock.local_date(enrollment.completed_at).year
    assert enrollment.jp_credited == 2
    assert learner_home(learner.id, year).jp_this_year == 2
    [certificate] = db.session.scalars(select(Certificate)).all()
    assert (certificate.enrollment_id, certificate.jp, certificate.score) == (
        enrollment.id,
        2,
        88.0,
    )
    [saved] = reflections()
    assert (
        saved.text == "RTL yang diperbaiki: setiap Senin saya menulis tiga hasil utama pekan ini."
    )


def test_rtl_only_on_the_lesson_that_has_it(client, enrollment):
    assert client.post(f"{BASE}/1/rtl", data={"rtl-text": "x"}).status_code == 404
    assert reflections() == []
