"""Observable behaviours in module.md: optional, checked, imported with the version."""

from pathlib import Path

import pytest

from lms.content.loader import load_content

from .helpers import MODULE, check, copy_good, import_, replace
from .test_import import module_by_slug

MOD = f"{MODULE}/module.md"
TWO = "behaviours:\n  - Menyapa pemohon dengan nama.\n  - Menuliskan tanggal janji.\n"


@pytest.fixture
def content(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return copy_good(tmp_path / "content")


def with_behaviours(text: str):
    return replace(MOD, "  max_attempts: 0\n", f"  max_attempts: 0\n{text}")


def test_behaviours_are_imported_in_order(runner, content):
    with_behaviours(TWO)(content)
    result = import_(runner, "content")
    assert result.exit_code == 0, result.output
    assert module_by_slug().current_version.behaviours == [
        "Menyapa pemohon dengan nama.",
        "Menuliskan tanggal janji.",
    ]


def test_a_module_without_behaviours_is_fine(runner, content):
    assert import_(runner, "content").exit_code == 0
    assert module_by_slug().current_version.behaviours == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("behaviours: Menyapa pemohon\n", "harus daftar 1 sampai 8 perilaku"),
        ("behaviours: []\n", "harus daftar 1 sampai 8 perilaku"),
        ("behaviours:\n  - ''\n", "setiap perilaku harus berupa teks yang tidak kosong"),
        ("behaviours:\n  - Sama.\n  - sama.\n", "ada perilaku yang ganda"),
        (f"behaviours:\n  - {'x' * 201}\n", "setiap perilaku paling panjang 200 karakter"),
        (
            "behaviour:\n  - Menyapa.\n",
            "kunci 'behaviour' tidak dikenal (maksud Anda 'behaviours'?)",
        ),
    ],
)
def test_bad_behaviours_are_reported_at_their_line(runner, content, text, message):
    with_behaviours(text)(content)
    result = check(runner, "content")
    assert result.exit_code == 1
    assert f"content/{MOD}:12: " in result.output and message in result.output, result.output


def test_each_shipped_module_lists_three_or_four_behaviours(app):
    root = Path(__file__).parents[2] / "content"
    with app.test_request_context():
        content = load_content(str(root))
    assert content.problems == [] and len(content.modules) == 3
    for module in content.modules:
        assert 3 <= len(module.behaviours) <= 4, module.slug
