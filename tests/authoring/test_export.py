import io
import json
import shutil
import zipfile
from pathlib import Path

import yaml
from sqlalchemy import select

from lms.authoring.export import file_slug
from lms.extensions import db
from lms.learning.models import Module
from lms.quizzes.models import Question
from tests.conftest import login
from tests.factories import make_user

from .helpers import ready_module, settings_data, trainer_client

SLUG = "manajemen-waktu-praktis"


def _bank(version_id: int) -> list[tuple]:
    rows = db.session.scalars(
        select(Question).where(Question.version_id == version_id).order_by(Question.position)
    )
    return [(q.position, q.kind, q.title, q.competency_code, q.gradeable, q.data) for q in rows]


def _lessons(version) -> list[tuple]:
    return [(l.position, l.title, l.minutes, l.source, l.blocks) for l in version.lessons]  # noqa: E741


def test_export_zip_passes_content_check_and_imports_as_the_same_module(app, runner, tmp_path):
    client, _ = trainer_client(app)
    module = ready_module(client)
    # A bank of 3 fills two forms that share no question only for tests of 1; two short
    # lessons and two test items make about 16 minutes, which `content check` credits as 1 JP.
    one = settings_data(pretest_questions="1", posttest_questions="1", jp="1")
    assert client.post(f"/pengajar/modul/{SLUG}/pengaturan", data=one).status_code == 302
    assert client.post(f"/pengajar/modul/{SLUG}/terbitkan").status_code == 302
    response = client.get(f"/pengajar/modul/{SLUG}/ekspor")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/zip"
    assert f'filename="{SLUG}-versi-1.zip"' in response.headers["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    assert sorted(archive.namelist()) == [
        "competencies.yaml",
        f"{SLUG}/01-memilah-prioritas.md",
        f"{SLUG}/02-rencana-pekan.md",
        f"{SLUG}/module.md",
        f"{SLUG}/questions.gift",
    ]
    folder = tmp_path / "content"
    archive.extractall(folder)
    check = runner.invoke(args=["lms", "content", "check", str(folder)])
    assert check.exit_code == 0, check.output
    assert "OK: 1 kompetensi, 1 modul." in check.output

    shutil.move(folder / SLUG, folder / "salinan-modul")  # import it "elsewhere": a new slug
    imported = runner.invoke(args=["lms", "content", "import", str(folder)])
    assert imported.exit_code == 0, imported.output
    db.session.expire_all()
    original = module.current_version
    copy = db.session.scalar(select(Module).where(Module.slug == "salinan-modul")).current_version
    assert _lessons(copy) == _lessons(original)
    assert _bank(copy.id) == _bank(original.id)
    settings = ("title", "summary", "overview_html", "level", "jp", "pretest_questions")
    settings += ("posttest_questions", "pass_mark", "max_attempts", "competency_codes")
    assert [getattr(copy, s) for s in settings] == [getattr(original, s) for s in settings]


def test_the_draft_can_be_exported_with_the_images_it_uses(app, tmp_path):
    app.config["UPLOAD_DIR"] = str(tmp_path)
    (tmp_path / ("a" * 32 + ".png")).write_bytes(b"\x89PNG gambar")
    (tmp_path / ("b" * 32 + ".png")).write_bytes(b"\x89PNG tidak dipakai")
    client, _ = trainer_client(app)
    ready_module(client)
    body = f"Lihat gambar.\n\n![Alur layanan](/media/{'a' * 32}.png)\n"
    client.post(
        f"/pengajar/modul/{SLUG}/materi/1", data={"title": "Alur", "minutes": "5", "body": body}
    )
    response = client.get(f"/pengajar/modul/{SLUG}/ekspor?versi=draf")
    assert f'filename="{SLUG}-versi-1-draf.zip"' in response.headers["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    assert archive.read(f"{SLUG}/media/{'a' * 32}.png") == b"\x89PNG gambar"
    assert f"{SLUG}/media/{'b' * 32}.png" not in archive.namelist()
    assert "title: Alur\nminutes: 5\n" in archive.read(f"{SLUG}/01-alur.md").decode()


def test_file_names_come_from_lesson_titles():
    assert (
        file_slug("Memilah Prioritas: Matriks Penting–Mendesak")
        == "memilah-prioritas-matriks-penting-mendesak"
    )
    assert file_slug("Évaluasi & RTL") == "evaluasi-rtl"
    assert file_slug("???") == "materi"


def _questions_json(runner, path: str) -> dict:
    result = runner.invoke(args=["lms", "content", "check", "--json", path])
    assert result.exit_code == 0, result.output
    return {module["slug"]: module["questions"] for module in json.loads(result.output)["modules"]}


def test_the_shipped_modules_export_as_they_were_written(app, runner, tmp_path):
    content = str(Path(app.root_path).parent / "content")
    assert runner.invoke(args=["lms", "content", "import", content]).exit_code == 0
    client = app.test_client()  # imported modules have no maintainer: an admin exports them
    login(client, make_user("Admin", roles=("admin",)))
    shipped = _questions_json(runner, content)
    for slug, questions in shipped.items():
        archive = zipfile.ZipFile(io.BytesIO(client.get(f"/pengajar/modul/{slug}/ekspor").data))
        archive.extractall(tmp_path / slug)
        assert _questions_json(runner, str(tmp_path / slug)) == {slug: questions}
        for lesson in sorted((Path(content) / slug).glob("[0-9][0-9]-*.md")):
            exported = archive.read(f"{slug}/{lesson.name[:3]}{file_slug(_title(lesson))}.md")
            assert exported.decode().split("---\n", 2)[2] == lesson.read_text().split("---\n", 2)[2]


def _title(lesson: Path) -> str:
    front = lesson.read_text().split("---\n", 2)[1]
    return yaml.safe_load(front)["title"]
