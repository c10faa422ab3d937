import re

from lms.authoring.drafts import draft_of
from lms.authoring.models import AuthoringChange
from lms.extensions import db
from lms.learning import services as learning
from tests.conftest import login

from .helpers import (
    FIRST_BODY,
    LAST_BODY,
    add_lesson,
    competency,
    create_module,
    learner,
    ready_module,
    trainer_client,
)

BROKEN = """Pengantar singkat.

```quiz
::Baik::Soal yang benar? {=Ya ~Tidak}

::Rusak::Soal tanpa jawaban benar? {~Salah ~Salah juga}
```
"""


def _article(html: str) -> str:
    """The lesson itself, without the per-session CSRF token values."""
    article = re.search(r'<article class="lesson">.*?</article>', html, re.S).group(0)
    return re.sub(r'name="csrf_token" value="[^"]*"', 'name="csrf_token"', article)


def test_a_lesson_is_stored_with_the_blocks_the_content_importer_makes(app):
    competency()
    client, _ = trainer_client(app)
    module = create_module(client, "modul-materi")
    response = add_lesson(client, "modul-materi", "Memilah Prioritas", FIRST_BODY, minutes=9)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/pengajar/modul/modul-materi/materi/1")
    lesson = draft_of(module).lessons[0]
    assert (lesson.title, lesson.minutes, lesson.source) == ("Memilah Prioritas", 9, FIRST_BODY)
    assert [(b["kind"], b["key"]) for b in lesson.blocks] == [
        ("html", "b1"),
        ("quiz", "q1"),
        ("reflection", "r1"),
    ]
    assert "<strong>antrean pagi</strong>" in lesson.blocks[0]["html"]
    question = lesson.blocks[1]["questions"][0]
    assert question["competency"] == "ORH" and question["text_html"]
    editor = client.get("/pengajar/modul/modul-materi/materi/1").get_data(as_text=True)
    assert "Di loket DPMPTSP, **antrean pagi** didahulukan." in editor


def test_unsafe_html_in_a_lesson_is_dropped(app):
    competency()
    client, _ = trainer_client(app)
    module = create_module(client, "modul-aman")
    body = 'Teks <img src=x onerror="alert(1)"> aman.\n\n<iframe src="https://x"></iframe>\n\n![g](/media/abc.png)'
    assert add_lesson(client, "modul-aman", "Aman", body).status_code == 302
    html = draft_of(module).lessons[0].blocks[0]["html"]
    assert "onerror" not in html and "iframe" not in html
    assert '<img src="/media/abc.png" alt="g">' in html


def test_a_broken_quiz_block_is_refused_with_its_line_and_nothing_changes(app):
    competency()
    client, _ = trainer_client(app)
    module = create_module(client, "modul-rusak")
    assert add_lesson(client, "modul-rusak", "Materi Awal", FIRST_BODY).status_code == 302
    response = client.post(
        "/pengajar/modul/modul-rusak/materi/1",
        data={"title": "Judul Baru", "minutes": "5", "body": BROKEN},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "<title>Kesalahan: " in page and 'id="error-summary"' in page
    assert '<a href="#body">Baris 6: soal GIFT' in page
    assert "Soal tanpa jawaban benar?" in page  # the text stays in the box for fixing
    db.session.expire_all()
    lesson = draft_of(module).lessons[0]
    assert (lesson.title, lesson.source) == ("Materi Awal", FIRST_BODY)


def test_an_unclosed_block_and_an_empty_lesson_are_refused(app):
    competency()
    client, _ = trainer_client(app)
    module = create_module(client, "modul-kosong")
    unclosed = add_lesson(client, "modul-kosong", "A", "Teks.\n\n```reflection\nRenungkan.\n")
    assert unclosed.status_code == 400
    assert "Baris 3" in unclosed.get_data(as_text=True)
    assert "tidak ditutup" in unclosed.get_data(as_text=True)
    empty = add_lesson(client, "modul-kosong", "B", "```rtl\n```\n")
    assert empty.status_code == 400 and "kosong" in empty.get_data(as_text=True)
    assert draft_of(module).lessons == []


def test_lessons_move_up_and_down_and_are_removed(app):
    competency()
    client, _ = trainer_client(app)
    module = create_module(client, "modul-urut")
    for title in ("Satu", "Dua", "Tiga"):
        assert add_lesson(client, "modul-urut", title, f"Isi {title}.").status_code == 302
    assert client.post("/pengajar/modul/modul-urut/materi/3/naik").status_code == 302
    assert client.post("/pengajar/modul/modul-urut/materi/1/turun").status_code == 302
    db.session.expire_all()
    assert [(item.position, item.title) for item in draft_of(module).lessons] == [
        (1, "Tiga"),
        (2, "Satu"),
        (3, "Dua"),
    ]
    assert client.post("/pengajar/modul/modul-urut/materi/1/naik").status_code == 302  # no-op
    assert client.post("/pengajar/modul/modul-urut/materi/2/hapus").status_code == 302
    db.session.expire_all()
    remaining = [(item.position, item.title) for item in draft_of(module).lessons]
    assert remaining == [(1, "Tiga"), (2, "Dua")]
    assert client.post("/pengajar/modul/modul-urut/materi/9/hapus").status_code == 404
    actions = [c.action for c in db.session.scalars(db.select(AuthoringChange))]
    assert actions.count("lesson.move") == 2 and actions.count("lesson.delete") == 1


def test_preview_is_what_the_learner_gets(app):
    client, _ = trainer_client(app)
    module = ready_module(client)
    preview = client.get("/pengajar/modul/manajemen-waktu-praktis/pratinjau/1")
    last = client.get("/pengajar/modul/manajemen-waktu-praktis/pratinjau/2")
    assert preview.status_code == last.status_code == 200
    assert "Rencana Tindak Lanjut (RTL)" in last.get_data(as_text=True)
    assert client.post("/pengajar/modul/manajemen-waktu-praktis/terbitkan").status_code == 302
    person = learner()
    enrollment = learning.enroll(person, module)
    learning.record_test_result(enrollment, "pre", 40.0, False)
    db.session.commit()
    learner_client = app.test_client()
    login(learner_client, person)
    page = learner_client.get("/modul/manajemen-waktu-praktis/materi/1")
    assert page.status_code == 200
    expected = _article(page.get_data(as_text=True))
    assert "Cek pemahaman" in expected and "Refleksi" in expected
    shown = _article(preview.get_data(as_text=True))
    # The preview's buttons are disabled so a trainer cannot post as a learner; all else is equal.
    assert shown.count(" disabled>") == expected.count('<button type="submit"')
    assert shown.replace(" disabled>", ">") == expected


def test_preview_of_unsaved_text_renders_it_without_saving(app):
    client, _ = trainer_client(app)
    module = ready_module(client)
    response = client.post(
        "/pengajar/modul/manajemen-waktu-praktis/pratinjau/1",
        data={"title": "Judul Belum Disimpan", "minutes": "7", "body": "## Baru\n\nTeks *baru*."},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<h1>Judul Belum Disimpan</h1>" in page and "<em>baru</em>" in page
    assert "Pratinjau" in page
    db.session.expire_all()
    assert draft_of(module).lessons[0].title == "Memilah Prioritas"
    broken = client.post(
        "/pengajar/modul/manajemen-waktu-praktis/pratinjau/1",
        data={"title": "X", "minutes": "7", "body": BROKEN},
    )
    assert broken.status_code == 400 and "Baris 6" in broken.get_data(as_text=True)


def test_a_new_lesson_is_previewed_at_the_next_position(app):
    client, _ = trainer_client(app)
    ready_module(client)
    response = client.post(
        "/pengajar/modul/manajemen-waktu-praktis/pratinjau/3",
        data={"title": "Materi Ketiga", "minutes": "5", "body": LAST_BODY},
    )
    assert response.status_code == 200
    assert "Materi 3 dari 3" in response.get_data(as_text=True)
    assert client.get("/pengajar/modul/manajemen-waktu-praktis/pratinjau/3").status_code == 404


def _table(rows: int) -> str:
    return "| No | Tugas |\n|---|---|\n" + "".join(f"| {n} | Tugas {n} |\n" for n in range(rows))


def test_a_table_longer_than_the_bound_is_refused_on_preview_and_save(app):
    client, _ = trainer_client(app)
    module = ready_module(client)
    allowed = client.post(
        "/pengajar/modul/manajemen-waktu-praktis/pratinjau/1",
        data={"title": "Daftar", "minutes": "7", "body": _table(998)},
    )
    assert allowed.status_code == 200 and "<td>Tugas 997</td>" in allowed.text
    message = "Tabel paling banyak 1000 baris; isi ini memuat 1001 baris tabel."
    for path in ("pratinjau/1", "materi/1"):
        response = client.post(
            f"/pengajar/modul/manajemen-waktu-praktis/{path}",
            data={"title": "Daftar", "minutes": "7", "body": _table(999)},
        )
        assert response.status_code == 400 and message in response.text
    db.session.expire_all()
    assert draft_of(module).lessons[0].title == "Memilah Prioritas"
