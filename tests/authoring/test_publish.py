import pytest
from sqlalchemy import select

from lms.authoring.drafts import draft_of
from lms.certificates.models import Certificate
from lms.extensions import db
from lms.learning import services as learning
from lms.learning.models import Enrollment, ModuleVersion
from lms.quizzes import services as quizzes
from lms.quizzes.models import Attempt, Question
from tests.conftest import login
from tests.factories import (
    add_question,
    answer_checks,
    choice_answers,
    choice_question,
    make_module,
)
from tests.learning.helpers import plan_form

from .helpers import (
    FIRST_BODY,
    add_lesson,
    competency,
    create_module,
    learner,
    ready_module,
    settings_data,
    trainer_client,
)

SLUG = "manajemen-waktu-praktis"


def _publish(client, slug: str = SLUG):
    return client.post(f"/pengajar/modul/{slug}/terbitkan")


def test_an_empty_draft_is_not_published_and_says_why(app):
    competency()
    client, _ = trainer_client(app)
    module = create_module(client, SLUG)
    response = _publish(client)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    for reason in (
        "Uraian modul belum ditulis",
        "Modul belum punya materi",
        "Bank soal baru punya 0",
    ):
        assert reason in page
    db.session.expire_all()
    assert module.current_version_id is None and draft_of(module).published_at is None


def test_the_last_lesson_must_end_with_the_rtl(app):
    client, _ = trainer_client(app)
    ready_module(client)
    assert add_lesson(client, SLUG, "Penutup", "Tanpa RTL di akhir.").status_code == 302
    page = _publish(client).get_data(as_text=True)
    assert "materi terakhir harus diakhiri satu blok ```rtl" in page
    assert "Materi 2, baris 7: blok ```rtl hanya boleh ada di materi terakhir" in page


def test_the_bank_must_hold_enough_questions_of_the_module_competencies(app):
    client, _ = trainer_client(app)
    module = ready_module(client, bank=[choice_question("Satu"), choice_question("Dua", "KJS")])
    response = _publish(client)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Bank soal baru punya 2 soal yang dapat dinilai" in page
    assert "kompetensi KJS yang tidak tercantum" in page
    add_question(draft_of(module).id, choice_question("Tiga"))
    db.session.commit()
    assert "Bank soal baru punya" not in _publish(client).get_data(as_text=True)


def test_a_published_module_appears_in_the_learners_catalogue(app):
    client, _ = trainer_client(app)
    module = ready_module(client)
    browser = app.test_client()
    login(browser, learner())
    assert "Manajemen Waktu Praktis" not in browser.get("/beranda").get_data(as_text=True)
    assert browser.get(f"/modul/{SLUG}").status_code == 404
    assert _publish(client).status_code == 302
    db.session.expire_all()
    assert module.current_version.number == 1 and module.current_version.published_at
    assert draft_of(module) is None
    workspace = client.get(f"/pengajar/modul/{SLUG}").get_data(as_text=True)
    assert "Menerbitkan" in workspace and "Terbit: versi 1" in workspace
    assert "Manajemen Waktu Praktis" in browser.get("/beranda").get_data(as_text=True)
    assert browser.get(f"/modul/{SLUG}").status_code == 200


def test_a_learner_mid_module_finishes_on_the_version_they_started(app):
    client, _ = trainer_client(app)
    module = ready_module(client, bank=[choice_question(f"Soal {n}") for n in range(1, 7)])
    assert _publish(client).status_code == 302
    first = module.current_version
    person = learner()
    browser = app.test_client()
    login(browser, person)
    enrollment = learning.enroll(person, module)  # the pre-test, then lesson 1 in the browser
    quizzes.submit_attempt(quizzes.start_attempt(enrollment, "pre"))
    answer_checks(enrollment, first.lessons[0])
    db.session.commit()
    assert browser.post(f"/modul/{SLUG}/materi/1/selesai").status_code == 302

    edited = {"title": "Memilah Prioritas (Revisi)", "minutes": "9", "body": FIRST_BODY + "\nBaru."}
    assert client.post(f"/pengajar/modul/{SLUG}/materi/1", data=edited).status_code == 302
    assert _publish(client).status_code == 302
    db.session.expire_all()
    second = module.current_version
    assert second.number == 2 and second.lessons[0].title == "Memilah Prioritas (Revisi)"

    page = browser.get(f"/modul/{SLUG}/materi/1").get_data(as_text=True)
    assert "<h1>Memilah Prioritas</h1>" in page and "Revisi" not in page
    assert "Anda mengikuti versi 1" in browser.get(f"/modul/{SLUG}").get_data(as_text=True)
    assert browser.post(f"/modul/{SLUG}/materi/2/selesai").status_code == 302
    attempt = quizzes.start_attempt(db.session.get(Enrollment, enrollment.id), "post")
    quizzes.submit_attempt(attempt, choice_answers(attempt))
    db.session.commit()
    rtl = plan_form()
    assert browser.post(f"/modul/{SLUG}/materi/2/rtl", data=rtl).status_code == 302

    db.session.expire_all()
    assert enrollment.version_id == first.id and enrollment.completed_at is not None
    attempts = db.session.scalars(select(Attempt).where(Attempt.enrollment_id == enrollment.id))
    attempts = attempts.all()
    assert [a.test for a in attempts] == ["pre", "post"]
    assert {a.version_id for a in attempts} == {first.id}
    bank = set(db.session.scalars(select(Question.id).where(Question.version_id == first.id)))
    assert {item.question_id for a in attempts for item in a.items} <= bank
    certificate = db.session.scalar(
        select(Certificate).where(Certificate.enrollment_id == enrollment.id)
    )
    assert certificate.module_version == 1
    assert learning.enroll(learner("Peserta Kemudian"), module).version_id == second.id


def test_discarding_a_draft_keeps_the_published_version(app):
    module = make_module("modul-buang")
    client, _ = trainer_client(app)
    client.post("/pengajar/modul/modul-buang/materi/1/hapus")
    assert draft_of(module) is not None
    assert client.post("/pengajar/modul/modul-buang/buang-draf").status_code == 302
    db.session.expire_all()
    assert draft_of(module) is None
    assert len(module.current_version.lessons) == 2
    assert db.session.scalars(select(ModuleVersion.number)).all() == [1]
    page = client.get("/pengajar/modul/modul-buang").get_data(as_text=True)
    assert "Membuang draf" in page and "Menghapus materi" in page


def test_a_never_published_draft_cannot_be_discarded(app):
    competency()
    client, _ = trainer_client(app)
    module = create_module(client, "modul-awal")
    response = client.post("/pengajar/modul/modul-awal/buang-draf", follow_redirects=True)
    assert "belum pernah terbit" in response.get_data(as_text=True)
    assert draft_of(module) is not None


@pytest.mark.parametrize("enrolled", [False, True])
def test_archiving_hides_the_module_from_the_catalogue_but_not_from_its_learners(app, enrolled):
    module = make_module("modul-arsip", title="Modul Arsip")
    person = learner()
    if enrolled:
        learning.enroll(person, module)
        db.session.commit()
    client, _ = trainer_client(app)
    asked = client.get("/pengajar/modul/modul-arsip/arsipkan").get_data(as_text=True)
    assert "Arsipkan modul Modul Arsip?" in asked and "Ya, arsipkan modul" in asked
    assert "Diarsipkan" not in client.get("/pengajar").get_data(as_text=True)
    assert client.post("/pengajar/modul/modul-arsip/arsipkan").status_code == 302
    assert "Diarsipkan" in client.get("/pengajar").get_data(as_text=True)
    browser = app.test_client()
    login(browser, person)
    home = browser.get("/beranda").get_data(as_text=True)
    assert ("Modul Arsip" in home) is enrolled  # only under "in progress"
    assert browser.get("/modul/modul-arsip").status_code == (200 if enrolled else 404)
    assert client.post("/pengajar/modul/modul-arsip/pulihkan").status_code == 302
    db.session.expire_all()
    assert module.archived is False
    assert "Modul Arsip" in browser.get("/beranda").get_data(as_text=True)
    log = client.get("/pengajar/modul/modul-arsip").get_data(as_text=True)
    assert "Mengarsipkan modul" in log and "Memulihkan modul dari arsip" in log


def test_publish_refuses_a_jp_the_duration_does_not_support(app):
    client, _ = trainer_client(app)
    module = ready_module(client)
    client.post(f"/pengajar/modul/{SLUG}/pengaturan", data=settings_data(jp="3"))
    page = _publish(client)
    assert page.status_code == 400
    assert "JP 3 tidak sesuai durasi modul" in page.get_data(as_text=True)
    assert "jadi isi JP 1 di pengaturan" in page.get_data(as_text=True)
    db.session.expire_all()
    assert module.current_version_id is None


def test_publish_refuses_a_bank_that_cannot_fill_two_disjoint_forms(app):
    client, _ = trainer_client(app)
    module = ready_module(client, bank=[choice_question(f"Soal {n}") for n in range(1, 5)])
    page = _publish(client)  # 4 questions: a 3-item pre-test and a different post-test need 6
    assert page.status_code == 400
    text = page.get_data(as_text=True)
    assert "dua form tanpa soal yang sama, masing-masing 3 soal" in text
    assert "Tambah 2 soal atau kurangi jumlah soal pre-test dan post-test di pengaturan" in text
    db.session.expire_all()
    assert module.current_version_id is None
