"""`flask lms questions import|export`."""

from pathlib import Path

import pytest

from lms.questionbank.cli import questions_cli
from lms.questions.gift import parse_gift
from tests.factories import make_user

from .helpers import SLUG, bank_module, bank_of, changes, draft, question_count
from .test_import import GIFT

DATA = Path(__file__).parent / "data"


@pytest.fixture
def gift_file(tmp_path):
    path = tmp_path / "bank.gift"
    path.write_text(GIFT, encoding="utf-8")
    return path


def run(runner, *args):
    return runner.invoke(questions_cli, [str(arg) for arg in args])


def test_import_adds_to_the_draft_as_the_first_admin(app, runner, gift_file):
    module = bank_module()
    admin = make_user("Admin", roles=("admin",))
    make_user("Admin Kedua", roles=("admin",))
    result = run(runner, "import", gift_file, "--module", SLUG)
    assert result.exit_code == 0, result.output
    assert "3 soal ditambahkan ke draf modul-uji" in result.output
    assert [q.title for q in bank_of(draft(module))[6:]] == ["Delegasi", "Menit JP", "Refleksi"]
    assert [(c.action, c.user_id) for c in changes()] == [
        ("draft.open", admin.id),
        ("question.import", admin.id),
    ]
    # The unknown category is worth a note on standard error, not a failure.
    assert f"{gift_file}:10: '$course$/top/Umum': kategori ini bukan kompetensi" in result.output


def test_import_records_the_trainer_named_by_nip(app, runner, tmp_path):
    bank_module()
    trainer = make_user("Widyaiswara", roles=("trainer",))
    spaced = f"{trainer.nip[:8]} {trainer.nip[8:14]} {trainer.nip[14]} {trainer.nip[15:]}"
    result = run(runner, "import", DATA / "moodle.xml", "--module", SLUG, "--nip", spaced)
    assert result.exit_code == 0, result.output
    assert "8 soal ditambahkan" in result.output
    assert {c.user_id for c in changes()} == {trainer.id}


def test_dry_run_reports_and_writes_nothing(app, runner, gift_file):
    module = bank_module()
    result = run(runner, "import", gift_file, "--module", SLUG, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "Uji coba: 3 soal akan ditambahkan ke modul-uji" in result.output
    assert "Pilihan ganda 1, Numerik 1, Esai 1" in result.output
    assert draft(module) is None and changes() == []


def test_gift_errors_name_file_and_line_and_write_nothing(app, runner):
    module = bank_module()
    make_user("Admin", roles=("admin",))
    path = DATA / "broken.gift"
    result = run(runner, "import", path, "--module", SLUG)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert f"{path}:6: soal tidak terbaca: judul tidak ditutup dengan '::'" in lines
    assert any(line.startswith(f"{path}:8: ") for line in lines)
    assert any(line.startswith(f"{path}:10: ") for line in lines)
    assert "3 masalah ditemukan. Tidak ada yang diimpor." in lines
    assert draft(module) is None and question_count() == 6


def test_skip_bad_imports_the_sound_questions_and_names_the_skipped(app, runner):
    """Moodle's other choice, asked for: the good questions go in, each bad one is reported."""
    module = bank_module()
    make_user("Admin", roles=("admin",))
    path = DATA / "broken.gift"
    sound = len(parse_gift(path.read_text(encoding="utf-8"))[0])
    result = run(runner, "import", path, "--module", SLUG, "--skip-bad")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert f"{path}:6: soal tidak terbaca: judul tidak ditutup dengan '::'" in lines
    assert "Soal bermasalah di atas dilewati." in lines
    assert f"{sound} soal ditambahkan ke draf modul-uji" in result.output
    assert len(bank_of(draft(module))) == 6 + sound > 6
    assert "3 soal bermasalah dilewati" in changes("question.import")[0].detail


def test_xml_errors_name_the_question(app, runner, tmp_path):
    module = bank_module()
    path = tmp_path / "kuis.xml"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><quiz>'
        '<question type="essay"><questiontext><text>Baik</text></questiontext></question>'
        '<question type="ddwtos"><questiontext><text>[[1]]</text></questiontext></question>'
        "</quiz>",
        encoding="utf-8",
    )
    result = run(runner, "import", path, "--module", SLUG, "--dry-run")
    assert result.exit_code == 1
    assert f"{path}: question 2: jenis soal 'ddwtos' tidak didukung" in result.output
    assert draft(module) is None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--module", "tidak-ada"], "Modul 'tidak-ada' tidak ditemukan."),
        (["--module", SLUG, "--nip", "199001012015011001"], "bukan pengajar atau admin"),
        (["--module", SLUG], "Belum ada admin aktif. Sebutkan pengajar dengan --nip."),
    ],
)
def test_import_refusals(app, runner, gift_file, args, message):
    module = bank_module()
    make_user("Peserta", nip="199001012015011001")
    result = run(runner, "import", gift_file, *args)
    assert result.exit_code == 1
    assert message in result.output
    assert draft(module) is None


def test_export_prints_the_bank_as_gift(app, runner):
    bank_module()
    result = run(runner, "export", "--module", SLUG)
    assert result.exit_code == 0, result.output
    questions, errors = parse_gift(result.output)
    assert errors == [] and [q.title for q in questions] == [f"Soal {n}" for n in range(1, 7)]


def test_export_then_import_doubles_the_bank_with_the_same_questions(app, runner, tmp_path):
    module = bank_module()
    make_user("Admin", roles=("admin",))
    path = tmp_path / "ekspor.gift"
    path.write_text(run(runner, "export", "--module", SLUG).output, encoding="utf-8")
    assert run(runner, "import", path, "--module", SLUG).exit_code == 0
    bank = [_without_html(q.data) for q in bank_of(draft(module))]
    assert bank[6:] == bank[:6]


def _without_html(data: dict) -> dict:
    """The question as written (the factory's hand-made *_html keys are not the renderer's)."""
    answers = [{k: v for k, v in a.items() if not k.endswith("_html")} for a in data["answers"]]
    return {k: v for k, v in data.items() if not k.endswith("_html")} | {"answers": answers}


def test_commands_are_part_of_the_lms_group(app, runner):
    result = runner.invoke(args=["lms", "questions", "export", "--module", "tidak-ada"])
    assert result.exit_code == 1 and "tidak ditemukan" in result.output
