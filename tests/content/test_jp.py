"""JP follows the module's computed duration: 1 JP = 45 minutes, to the nearest JP."""

import pytest

from lms.learning.duration import jp_fits, jp_for

from .helpers import MODULE, check, copy_good, import_, replace

MOD = f"{MODULE}/module.md"
L2 = f"{MODULE}/02-menutup-layanan.md"


@pytest.fixture
def content(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return copy_good(tmp_path / "content")


def test_jp_that_disagrees_with_the_duration_is_an_error(runner, content):
    replace(MOD, "jp: 1", "jp: 3")(content)
    result = check(runner, "./content")
    assert result.exit_code == 1
    assert (
        f"./content/{MOD}:5: JP 3 tidak sesuai durasi modul 23 menit (materi, cek pemahaman, "
        "refleksi, RTL, pre-test dan post-test); 1 JP = 45 menit, jadi tulis jp: 1 atau ubah "
        "isi modul."
    ) in result.output
    assert "Tidak ada yang diimpor." in import_(runner, "./content").output


def test_longer_content_needs_more_jp(runner, content):
    """3,240 more words (27 minutes at 120 words a minute) make 50 minutes: 1 JP; twice as
    many make 77 minutes, nearer to 2 JP."""
    filler = "Pemohon dilayani dengan ramah dan jelas setiap hari kerja. " * 360
    replace(L2, "## Rangkuman", f"{filler}\n\n## Rangkuman")(content)
    result = check(runner, "./content")
    assert result.exit_code == 0, result.output
    assert "durasi 50 menit (1 JP)" in result.output
    replace(L2, "## Rangkuman", f"{filler}\n\n## Rangkuman")(content)  # twice now
    result = check(runner, "./content")
    assert result.exit_code == 1
    assert "JP 1 tidak sesuai durasi modul 77 menit" in result.output
    assert "jadi tulis jp: 2" in result.output


@pytest.mark.parametrize(
    ("minutes", "jp", "fits"),
    [
        (10, 1, True),  # a short module still credits 1 JP
        (67, 1, True),  # 1.49 JP
        (68, 1, False),  # 1.51 JP: write 2
        (68, 2, True),
        (89, 2, True),  # the shipped modules at 10 items per test
        (99, 2, True),  # ... at 5 items per competency per form (15 items)
        (112, 2, True),
        (113, 2, False),
        (113, 3, True),
        (135, 3, True),
    ],
)
def test_the_rounding_rule(minutes, jp, fits):
    assert jp_fits(jp, minutes, 45) is fits
    assert (jp_for(minutes, 45) == jp) is fits


def test_shipped_modules_pass(runner):
    result = check(runner, "content")
    assert result.exit_code == 0, result.output
    for slug, minutes in (
        ("literasi-digital", 99),  # 15-item tests: 5 items per competency per form
        ("manajemen-proyek", 99),
        ("manajemen-waktu", 82),
    ):
        assert f"content/{slug}: " in result.output
        assert f"durasi {minutes} menit (2 JP)" in result.output


@pytest.mark.parametrize(
    "stated",
    [
        "Total waktu belajar sekitar 72 menit.",
        "| Bagian | Perkiraan waktu |\n|---|---|\n| Materi 1 | 9 menit |",
    ],
)
def test_an_overview_that_states_its_own_duration_is_flagged_under_strict(runner, content, stated):
    replace(MOD, "## Tujuan pembelajaran", f"{stated}\n\n## Tujuan pembelajaran")(content)
    assert check(runner, "./content").exit_code == 0  # a warning, not an import blocker
    result = check(runner, "./content", "--strict")
    assert result.exit_code == 1
    assert "uraian modul menyebut durasi sendiri" in result.output
