import pytest
from sqlalchemy import func, select

from lms.authoring.drafts import draft_of
from lms.authoring.models import AuthoringChange
from lms.extensions import db
from lms.learning.models import Module, ModuleVersion
from tests.factories import make_module

from .helpers import competency, create_module, settings_data, trainer_client


def test_creating_a_module_makes_a_draft_that_learners_do_not_see(app):
    competency()
    competency("PDO", "Pengembangan Diri dan Orang Lain")
    client, trainer = trainer_client(app)
    module = create_module(client, other_competencies=["PDO"], review_policy="lulus")
    draft = draft_of(module)
    assert draft.review_policy == "lulus"
    assert module.current_version_id is None
    assert (draft.number, draft.title, draft.jp, draft.level) == (
        1,
        "Manajemen Waktu Praktis",
        1,
        "dasar",
    )
    assert draft.competency_codes == ["ORH", "PDO"]
    assert (draft.pretest_questions, draft.pass_mark, draft.max_attempts) == (3, 70, 3)
    page = client.get("/pengajar").get_data(as_text=True)
    assert "Manajemen Waktu Praktis" in page and "Belum terbit" in page and "Draf versi 1" in page
    assert "Widyaiswara Uji" in page  # who changed it last


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("slug", "Modul Baru", "huruf kecil"),
        ("slug", "modul--ganda", "huruf kecil"),
        ("slug", "-awal", "huruf kecil"),
        ("slug", "", "Masukkan alamat modul"),
        ("title", "", "Masukkan judul"),
        ("summary", "  ", "Masukkan ringkasan"),
        ("main_competency", "", "Pilih kompetensi utama"),
        ("main_competency", "XYZ", "Pilihan tidak valid"),
        ("other_competencies", ["XYZ"], "Pilihan tidak valid"),
        ("jp", "0", "Isi dari 1 sampai 100"),
        ("jp", "dua", "bilangan bulat"),
        ("level", "ahli", "Pilihan tidak valid"),
        ("pretest_questions", "0", "Isi dari 1 sampai 100"),
        ("posttest_questions", "4", "Harus sama dengan jumlah soal pre-test"),
        ("pass_mark", "0", "Isi dari 1 sampai 100"),
        ("pass_mark", "101", "Isi dari 1 sampai 100"),
        ("max_attempts", "-1", "Isi dari 0 sampai 100"),
        ("review_policy", "selalu", "Pilihan tidak valid"),  # never looser than the default
    ],
)
def test_bad_settings_are_refused_and_nothing_is_created(app, field, value, message):
    competency()
    client, _ = trainer_client(app)
    data = {"slug": "modul-baru", **settings_data()}
    data[field] = value
    response = client.post("/pengajar/modul-baru", data=data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Module.id))) == 0


def test_a_slug_in_use_is_refused(app):
    competency()
    client, _ = trainer_client(app)
    create_module(client, "modul-saya")
    response = client.post("/pengajar/modul-baru", data={"slug": "modul-saya", **settings_data()})
    assert response.status_code == 400
    assert "sudah dipakai" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Module.id))) == 1


def test_editing_a_published_module_opens_a_draft_and_keeps_the_published_version(app):
    module = make_module("modul-terbit", competencies=("ORH", "PDO"))
    client, _ = trainer_client(app)
    form = client.get("/pengajar/modul/modul-terbit/pengaturan").get_data(as_text=True)
    assert 'value="Modul Uji"' in form
    response = client.post(
        "/pengajar/modul/modul-terbit/pengaturan",
        data=settings_data(
            title="Modul Uji Revisi", main_competency="PDO", other_competencies=["ORH"], jp="3"
        ),
    )
    assert response.status_code == 302
    db.session.expire_all()
    draft = draft_of(module)
    assert (draft.number, draft.title, draft.jp) == (2, "Modul Uji Revisi", 3)
    assert draft.competency_codes == ["PDO", "ORH"]
    assert [lesson.title for lesson in draft.lessons] == ["Materi 1", "Materi 2"]
    published = db.session.get(ModuleVersion, module.current_version_id)
    assert (published.number, published.title, published.jp) == (1, "Modul Uji", 2)
    page = client.get("/pengajar/modul/modul-terbit").get_data(as_text=True)
    assert "Draf versi 2" in page and "Terbit: versi 1" in page


def test_other_competencies_keep_their_order(app):
    for code in ("ORH", "PDO", "KJS"):
        competency(code, f"Kompetensi {code}")
    module = make_module("urutan", competencies=("ORH", "PDO", "KJS"))
    client, _ = trainer_client(app)
    client.post(
        "/pengajar/modul/urutan/pengaturan",
        data=settings_data(main_competency="ORH", other_competencies=["KJS", "PDO"]),
    )
    db.session.expire_all()
    assert draft_of(module).competency_codes == ["ORH", "PDO", "KJS"]


def test_the_overview_is_stored_as_markdown_and_rendered_sanitised(app):
    competency()
    client, _ = trainer_client(app)
    module = create_module(client, "modul-uraian")
    source = (
        "## Tujuan\n\nAnda mampu **memilah**.\n\n<script>alert(1)</script>\n\n"
        "[x](javascript:alert(1))"
    )
    response = client.post("/pengajar/modul/modul-uraian/uraian", data={"source": source})
    assert response.status_code == 302
    draft = draft_of(module)
    assert "<h2>Tujuan</h2>" in draft.overview_html
    assert "<strong>memilah</strong>" in draft.overview_html
    assert "<script" not in draft.overview_html and "href" not in draft.overview_html
    form = client.get("/pengajar/modul/modul-uraian/uraian").get_data(as_text=True)
    assert "Anda mampu **memilah**." in form  # the Markdown comes back for editing


def test_every_change_is_in_the_log_with_who_did_it(app):
    competency()
    client, trainer = trainer_client(app, "Ibu Widya")
    module = create_module(client, "modul-log")
    client.post("/pengajar/modul/modul-log/uraian", data={"source": "Isi."})
    client.post("/pengajar/modul/modul-log/pengaturan", data=settings_data(jp="4"))
    actions = db.session.scalars(
        select(AuthoringChange.action)
        .where(AuthoringChange.module_id == module.id)
        .order_by(AuthoringChange.id)
    ).all()
    assert actions == ["module.create", "overview.update", "settings.update"]
    assert {c.user_id for c in db.session.scalars(select(AuthoringChange))} == {trainer.id}
    page = client.get("/pengajar/modul/modul-log").get_data(as_text=True)
    for label in ("Membuat modul", "Mengubah uraian modul", "Mengubah pengaturan", "JP 1 → 4"):
        assert label in page
    assert page.count("Ibu Widya") >= 3


def test_unknown_module_is_404(app):
    client, _ = trainer_client(app)
    assert client.get("/pengajar/modul/tidak-ada").status_code == 404
