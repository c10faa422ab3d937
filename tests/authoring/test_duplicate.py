"""Any trainer may copy a module into a new one they maintain; the original stays as it was."""

from sqlalchemy import func, select

from lms.authoring.drafts import draft_of
from lms.authoring.maintainers import maintainers
from lms.extensions import db
from lms.learning.models import Module, ModuleVersion
from lms.quizzes.models import Question
from tests.conftest import login
from tests.factories import make_user

from .helpers import ready_module, trainer_client

SOURCE = "manajemen-waktu-praktis"


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _module(slug: str) -> Module | None:
    return db.session.scalar(select(Module).where(Module.slug == slug))


def _lessons(version: ModuleVersion) -> list[tuple]:
    return [
        (item.position, item.title, item.minutes, item.study_minutes, item.source, item.blocks)
        for item in version.lessons
    ]


def _questions(version: ModuleVersion) -> list[tuple]:
    query = select(Question).where(Question.version_id == version.id).order_by(Question.position)
    return [
        (item.position, item.kind, item.title, item.competency_code, item.gradeable, item.data)
        for item in db.session.scalars(query)
    ]


def test_a_trainer_copies_a_module_they_do_not_maintain(app):
    owner_client, owner = trainer_client(app, "Pembuat Modul")
    ready_module(owner_client, SOURCE)
    other, other_trainer = trainer_client(app, "Pengajar Lain", maintains=False)
    page = other.get(f"/pengajar/modul/{SOURCE}").get_data(as_text=True)
    assert f'href="/pengajar/modul/{SOURCE}/salin"' in page
    before = (_count(ModuleVersion), [q.id for q in db.session.scalars(select(Question))])
    response = other.post(
        f"/pengajar/modul/{SOURCE}/salin",
        data={"title": "Manajemen Waktu untuk Dinas Kesehatan", "slug": "waktu-dinkes"},
    )
    assert response.status_code == 302 and response.location == "/pengajar/modul/waktu-dinkes"
    copy, source = _module("waktu-dinkes"), _module(SOURCE)
    [draft] = db.session.scalars(select(ModuleVersion).where(ModuleVersion.module_id == copy.id))
    original = source.current_version or draft_of(source)
    assert draft.published_at is None and draft.number == 1
    assert draft.title == "Manajemen Waktu untuk Dinas Kesehatan"
    assert _lessons(draft) == _lessons(original) and len(draft.lessons) > 0
    assert (
        _questions(draft) == _questions(original) and len(_questions(draft)) == len(before[1]) == 6
    )
    assert [m.id for m in maintainers(copy)] == [other_trainer.id]
    assert [m.id for m in maintainers(source)] == [owner.id]  # the original is untouched
    assert _count(ModuleVersion) == before[0] + 1
    workspace = other.get("/pengajar/modul/waktu-dinkes").get_data(as_text=True)
    assert "Membuat modul sebagai salinan" in workspace and f"salinan {SOURCE}" in workspace


def test_bad_copy_input_says_what_is_wrong_and_creates_nothing(app):
    owner_client, _ = trainer_client(app, "Pembuat Modul")
    ready_module(owner_client, SOURCE)
    other, _ = trainer_client(app, "Pengajar Lain", maintains=False)
    modules = _count(Module)
    taken = other.post(f"/pengajar/modul/{SOURCE}/salin", data={"title": "Salinan", "slug": SOURCE})
    assert taken.status_code == 400 and "sudah dipakai" in taken.get_data(as_text=True)
    empty = other.post(f"/pengajar/modul/{SOURCE}/salin", data={"title": "", "slug": "baru"})
    assert empty.status_code == 400 and "Tulis judul modul baru." in empty.get_data(as_text=True)
    bad = other.post(f"/pengajar/modul/{SOURCE}/salin", data={"title": "X", "slug": "Bukan Alamat"})
    assert bad.status_code == 400
    assert _count(Module) == modules


def test_only_trainers_copy_and_an_unknown_module_is_404(app):
    owner_client, _ = trainer_client(app, "Pembuat Modul")
    ready_module(owner_client, SOURCE)
    learner = app.test_client()
    login(learner, make_user("Peserta"))
    data = {"title": "Salinan", "slug": "salinan"}
    assert learner.post(f"/pengajar/modul/{SOURCE}/salin", data=data).status_code == 403
    assert owner_client.get("/pengajar/modul/tidak-ada/salin").status_code == 404
    assert _module("salinan") is None


def test_the_copy_page_marks_the_trainer_menu_as_current(app):
    owner_client, _ = trainer_client(app, "Pembuat Modul")
    ready_module(owner_client, SOURCE)
    page = owner_client.get(f"/pengajar/modul/{SOURCE}/salin").get_data(as_text=True)
    assert '<a href="/pengajar" aria-current="page">Pengajar</a>' in page
