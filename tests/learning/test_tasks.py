"""The module page as a task list: each step with its status in words, the reason when locked."""

import re

import pytest

from lms.extensions import db
from tests.conftest import login
from tests.factories import finish_lesson, make_user
from tests.learning.helpers import finish_lessons, learning_module, post_test, start, write_rtl


@pytest.fixture
def learner(client):
    user = make_user()
    login(client, user)
    return user


def tasks(client) -> list[str]:
    """Each task of the list as text: name, status, note (the lessons one by one)."""
    html = client.get("/modul/modul-uji").get_data(as_text=True)
    listed = html[
        html.index('<ol class="tasks">') : html.index("</section>", html.index("tugas-title"))
    ]
    items = re.findall(r"<li[^>]*>(.*?)(?=<li|</ol>)", listed, re.S)
    text = [re.sub(r"\s+", " ", re.sub(r"<[^>]+>|✓", " ", item)).strip() for item in items]
    return [t for t in text if t]


def test_a_newcomer_sees_what_opens_what(client, learner):
    learning_module()
    assert tasks(client) == [
        "Pre-test Belum dimulai 3 soal; membuka materi.",
        "Materi Kerjakan pre-test terlebih dahulu.",
        "Materi 1 ± 6 menit Belum bisa dimulai",
        "Materi 2 ± 11 menit Belum bisa dimulai",
        "Post-test Belum bisa dimulai Selesaikan semua materi terlebih dahulu (0 dari 2 selesai).",
        "Rencana Tindak Lanjut Belum bisa dimulai Kerjakan pre-test terlebih dahulu.",
        "Sertifikat Belum bisa dimulai Terbit setelah Anda lulus post-test dan menulis RTL.",
        "Evaluasi modul Belum bisa dimulai Dapat diisi setelah modul selesai; tidak wajib.",
    ]


def test_progress_through_the_list(client, learner):
    module = learning_module()
    enrollment = start(learner, module)
    finish_lesson(enrollment, module.current_version.lessons[0])
    db.session.commit()
    listed = tasks(client)
    assert listed[0] == "Pre-test Selesai"
    assert listed[1] == "Materi 1 dari 2 selesai"
    assert listed[2:4] == ["Materi 1 ± 6 menit Selesai", "Materi 2 ± 11 menit Belum dimulai"]
    assert listed[5] == "Rencana Tindak Lanjut Belum dimulai Ditulis di akhir materi terakhir."
    finish_lessons(enrollment)
    post_test(enrollment, 30.0, False)
    assert tasks(client)[4] == "Post-test Belum dimulai Belum lulus (nilai kelulusan 70)."
    write_rtl(enrollment)
    post_test(enrollment, 90.0, True)
    assert tasks(client)[4:] == [
        "Post-test Selesai Lulus.",
        "Rencana Tindak Lanjut Selesai",
        "Sertifikat Selesai",
        "Evaluasi modul Belum dimulai Tidak wajib.",
    ]
    html = client.get("/modul/modul-uji").get_data(as_text=True)
    assert html.index('id="langkah"') < html.index('id="tugas-title"')  # next step on top
    assert 'href="/modul/modul-uji/evaluasi">Evaluasi modul</a>' in html


def test_the_kept_list_follows_each_learners_own_progress(app, client, learner):
    """The list is rendered once per state of progress and kept (lms.web.fragments): a learner
    at the same point gets the same list, one further on their own, never a stale one."""
    module = learning_module()
    other = make_user()
    mine, theirs = start(learner, module), start(other, module)
    finish_lesson(mine, module.current_version.lessons[0])
    db.session.commit()
    assert tasks(client)[1] == "Materi 1 dari 2 selesai"
    second = app.test_client()
    login(second, other)
    assert tasks(second)[1:4] == [
        "Materi 0 dari 2 selesai",
        "Materi 1 ± 6 menit Belum dimulai",
        "Materi 2 ± 11 menit Belum dimulai",
    ]
    finish_lessons(theirs)
    assert tasks(second)[1] == "Materi 2 dari 2 selesai"
    assert tasks(client)[1] == "Materi 1 dari 2 selesai"
    assert client.post("/bahasa", data={"lang": "en"}).status_code == 302
    assert tasks(client)[1] == "Lessons 1 of 2 done"


def test_each_completed_learner_links_their_own_certificate(app, client, learner):
    module = learning_module()
    other = make_user()
    second = app.test_client()
    login(second, other)
    for enrollment in (start(learner, module), start(other, module)):
        finish_lessons(enrollment)
        write_rtl(enrollment)
        post_test(enrollment, 90.0, True)
    links = [
        re.findall(r'href="(/sertifikat/\d+\.pdf)">Sertifikat</a>', page)
        for page in (
            client.get("/modul/modul-uji").get_data(as_text=True),
            second.get("/modul/modul-uji").get_data(as_text=True),
        )
    ]
    assert len(links[0]) == len(links[1]) == 1
    assert links[0] != links[1]
    assert client.get(links[0][0]).status_code == 200
    assert second.get(links[0][0]).status_code == 404
