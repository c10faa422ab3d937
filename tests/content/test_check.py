import json

import pytest

from .helpers import GOOD, MODULE, check, copy_good, delete, rename, replace, write_bytes

MOD = f"{MODULE}/module.md"
L1 = f"{MODULE}/01-menyambut-pemohon.md"
L2 = f"{MODULE}/02-menutup-layanan.md"
BANK = f"{MODULE}/questions.gift"
REFLECTION = (
    "Ingat satu pemohon yang pernah pulang dari loket Anda tanpa kepastian. "
    "Apa yang akan Anda sampaikan kepadanya sekarang?"
)


@pytest.fixture
def content(tmp_path, monkeypatch):
    """A copy of the example at ./content, so that paths are shown relative, as given."""
    monkeypatch.chdir(tmp_path)
    return copy_good(tmp_path / "content")


def test_example_passes_with_a_summary(runner):
    result = check(runner, str(GOOD))
    assert result.exit_code == 0, result.output
    assert "2 materi, durasi 23 menit (1 JP), 6 soal di bank (6 dapat dinilai)" in result.output
    assert "pre-test dan post-test 3 soal: PLP 2, KOM 1" in result.output
    assert "OK: 2 kompetensi, 1 modul." in result.output


BROKEN = [
    ("yaml", [replace(MOD, "level: dasar", "level: dasar: x")], f"{MOD}:6: YAML tidak valid"),
    ("missing key", [replace(MOD, "jp: 1\n", "")], f"{MOD}:1: kunci 'jp' wajib ada"),
    (
        "missing posttest key",
        [replace(MOD, "  max_attempts: 0\n", "")],
        f"{MOD}:8: kunci 'posttest.max_attempts' wajib ada",
    ),
    (
        "typo in a key",
        [replace(MOD, "level:", "levle:")],
        f"{MOD}:6: kunci 'levle' tidak dikenal (maksud Anda 'level'?)",
    ),
    ("jp zero", [replace(MOD, "jp: 1", "jp: 0")], f"{MOD}:5: jp: harus 1 atau lebih"),
    ("jp text", [replace(MOD, "jp: 1", "jp: satu")], f"{MOD}:5: jp: harus bilangan bulat"),
    ("level", [replace(MOD, "level: dasar", "level: ahli")], f"{MOD}:6: level: harus salah satu"),
    ("pretest zero", [replace(MOD, "pretest: 3", "pretest: 0")], f"{MOD}:7: pretest: harus 1"),
    (
        "pass mark zero",
        [replace(MOD, "pass_mark: 70", "pass_mark: 0")],
        f"{MOD}:10: posttest.pass_mark: harus lebih dari 0",
    ),
    (
        "pass mark above 100",
        [replace(MOD, "pass_mark: 70", "pass_mark: 101")],
        f"{MOD}:10: posttest.pass_mark: harus lebih dari 0 dan paling tinggi 100",
    ),
    (
        "negative attempts",
        [replace(MOD, "max_attempts: 0", "max_attempts: -1")],
        f"{MOD}:11: posttest.max_attempts: harus 0 atau lebih",
    ),
    (
        "pre and post differ",
        [replace(MOD, "  questions: 3", "  questions: 2")],
        f"{MOD}:9: posttest.questions (2) harus sama dengan pretest (3)",
    ),
    (
        "unknown competency",
        [replace(MOD, "[PLP, KOM]", "[PLP, KOMX]")],
        f"{MOD}:4: kompetensi 'KOMX' tidak ada di competencies.yaml",
    ),
    ("no competencies", [replace(MOD, "[PLP, KOM]", "[]")], f"{MOD}:4: competencies: harus"),
    ("no front matter", [replace(MOD, "---\ntitle", "title")], f"{MOD}:1: front matter tidak ada"),
    (
        "front matter not closed",
        [replace(L1, "minutes: 5\n---", "minutes: 5\n")],
        f"{L1}:1: front matter tidak ditutup",
    ),
    (
        "lesson minutes",
        [replace(L1, "minutes: 5", "minutes: 90")],
        f"{L1}:3: minutes: harus dari 1 sampai 60",
    ),
    (
        "lesson without title",
        [replace(L1, "title: Menyambut Pemohon\n", "")],
        f"{L1}:1: kunci 'title' wajib ada",
    ),
    (
        "gap in lesson numbers",
        [rename(L2, "03-menutup-layanan.md")],
        f"{MODULE}/03-menutup-layanan.md:1: materi harus bernomor urut dari 01",
    ),
    (
        "lesson file name",
        [rename(L1, "1-menyambut.md")],
        f"{MODULE}/1-menyambut.md:1: nama berkas materi harus NN-nama.md",
    ),
    (
        "no rtl",
        [replace(L2, "```rtl", "```text")],
        f"{L2}:29: materi terakhir harus diakhiri satu blok ```rtl",
    ),
    (
        "rtl not last",
        [replace(L2, "berhasil.\n```\n", "berhasil.\n```\n\nTerima kasih.\n")],
        f"{L2}:27: blok ```rtl harus menjadi blok terakhir materi",
    ),
    (
        "rtl in an earlier lesson",
        [replace(L1, "## Rangkuman", "```rtl\nRencana?\n```\n\n## Rangkuman")],
        f"{L1}:24: blok ```rtl hanya boleh ada di materi terakhir",
    ),
    (
        "two rtl blocks",
        [replace(L2, "## Rangkuman", "```rtl\nRencana?\n```\n\n## Rangkuman")],
        f"{L2}:20: hanya boleh ada satu blok ```rtl",
    ),
    ("empty reflection", [replace(L2, REFLECTION, "")], f"{L2}:16: blok ```reflection kosong"),
    ("unclosed quiz", [replace(L1, "}\n```\n", "}\n")], f"{L1}:16: blok ```quiz tidak ditutup"),
    (
        "broken question in a lesson quiz",
        [replace(L1, "~“Nomor antrean Bapak berapa?”#", "~#")],
        f"{L1}:20: soal GIFT:",
    ),
    (
        "essay in a lesson quiz",
        [replace(L2, "::Janji tanpa tanggal:: Cukup", "::Esai:: {}\n\nCukup")],
        f"{L2}:13: soal jenis essay tidak dapat dinilai",
    ),
    (
        "broken question in the bank",
        [replace(BANK, "~%50%Tanggal", "~%150%Tanggal")],
        f"{BANK}:14:",
    ),
    (
        "unknown $CATEGORY",
        [replace(BANK, "$CATEGORY: KOM", "$CATEGORY: KOMUNIKASI")],
        f"{BANK}:20: kompetensi 'KOMUNIKASI' pada $CATEGORY tidak ada di competencies.yaml",
    ),
    (
        "$CATEGORY outside the module's competencies",
        [replace(MOD, "[PLP, KOM]", "[PLP]")],
        f"{BANK}:20: kompetensi 'KOM' pada $CATEGORY tidak tercantum",
    ),
    (
        "too few questions",
        [replace(MOD, "pretest: 3", "pretest: 7"), replace(MOD, "questions: 3", "questions: 7")],
        f"{BANK}:1: bank soal hanya punya 6 soal yang dapat dinilai",
    ),
    (
        "essays and descriptions are not counted",
        [
            replace(MOD, "pretest: 3", "pretest: 7"),
            replace(MOD, "questions: 3", "questions: 7"),
            replace(
                BANK, "$CATEGORY: KOM", "::Esai:: Ceritakan. {}\n\nSekadar teks.\n\n$CATEGORY: KOM"
            ),
        ],
        f"{BANK}:1: bank soal hanya punya 6 soal yang dapat dinilai",
    ),
    (
        # PLP gets 3 of 4 per form and has 4 questions: two forms would share two.
        "too few for two forms",
        [replace(MOD, "pretest: 3", "pretest: 4"), replace(MOD, "questions: 3", "questions: 4")],
        f"{BANK}:1: Kompetensi PLP: pre-test dan post-test pertama memakai dua form tanpa soal "
        "yang sama, masing-masing 3 soal kompetensi ini, tetapi bank hanya punya 4 soal bebas "
        "(0 disematkan ke form A, 0 ke B). Tambah 2 soal atau kurangi pretest dan "
        "posttest.questions di module.md.",
    ),
    (
        "too many pinned to one form",
        [
            replace(BANK, "::Sambutan pertama::", "// [tag:form-A]\n::Sambutan pertama::"),
            replace(BANK, "::Tanggal pada", "// [tag:form-A]\n::Tanggal pada"),
            replace(BANK, "::Isi ringkasan", "// [tag:form-A]\n::Isi ringkasan"),
        ],
        f"{BANK}:1: Kompetensi PLP: pre-test dan post-test pertama memakai dua form tanpa soal "
        "yang sama, masing-masing 2 soal kompetensi ini, tetapi bank hanya punya 1 soal bebas "
        "(3 disematkan ke form A, 0 ke B). Tambah 1 soal",
    ),
    (
        "practice repeats a bank question",
        [
            replace(
                L2,
                "::Janji tanpa tanggal::",
                "::Salinan:: Petugas loket sebaiknya menuliskan tanggal pengambilan hasil pada "
                "tanda terima pemohon. {T}\n\n::Janji tanpa tanggal::",
            )
        ],
        f"{L2}:13: cek pemahaman ini sama dengan soal bank (questions.gift baris 10)",
    ),
    (
        "review policy",
        [replace(MOD, "  max_attempts: 0\n", "  max_attempts: 0\n  review: selalu\n")],
        f"{MOD}:12: posttest.review: harus salah satu dari: standar, lulus, tidak",
    ),
    ("no bank", [delete(BANK)], f"{BANK}:1: bank soal questions.gift tidak ada"),
    ("no module.md", [delete(MOD)], f"{MOD}:1: berkas module.md tidak ada"),
    (
        "not UTF-8",
        [write_bytes(L1, b"---\ntitle: Caf\xe9\nminutes: 5\n---\nIsi\n")],
        f"{L1}:2: bukan teks UTF-8",
    ),
    (
        "folder name",
        [rename(MODULE, "Layanan_Loket")],
        "Layanan_Loket/module.md:1: nama folder modul harus",
    ),
    (
        "competency type",
        [replace("competencies.yaml", "type: manajerial", "type: managerial")],
        "competencies.yaml:4: type: harus salah satu dari: teknis, manajerial, sosial-kultural",
    ),
    (
        "duplicate competency",
        [replace("competencies.yaml", "- code: KOM", "- code: PLP")],
        "competencies.yaml:6: kode kompetensi 'PLP' ganda",
    ),
    (
        "competency without description",
        [replace("competencies.yaml", "  description: Kemampuan untuk", "  desc: Kemampuan untuk")],
        "competencies.yaml:9: kunci 'desc' tidak dikenal (maksud Anda 'description'?)",
    ),
]


@pytest.mark.parametrize(
    ("changes", "expected"), [case[1:] for case in BROKEN], ids=[case[0] for case in BROKEN]
)
def test_each_broken_file_is_reported_at_its_line(runner, content, changes, expected):
    for change in changes:
        change(content)
    result = check(runner, "content")
    assert result.exit_code == 1
    assert f"content/{expected}" in result.output, result.output
    assert "masalah ditemukan" in result.output


def test_problems_use_the_path_as_given(runner, content):
    replace(MOD, "jp: 1", "jp: 0")(content)
    result = check(runner, "./content/")
    assert "./content/layanan-loket/module.md:5: jp:" in result.output


def test_windows_line_endings_and_bom_are_read(runner, content):
    for path in content.rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8").replace("\n", "\r\n")
            path.write_bytes(b"\xef\xbb\xbf" + text.encode())
    replace(BANK, "$CATEGORY: KOM", "$CATEGORY: KOMX")(content)
    result = check(runner, "content")
    assert result.exit_code == 1
    assert result.output.splitlines()[0].startswith(f"content/{BANK}:20: kompetensi 'KOMX'")


def test_json_lists_modules_and_questions_in_the_issue_schema(runner):
    result = check(runner, str(GOOD), "--json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert document["problems"] == []
    (module,) = document["modules"]
    assert {k: v for k, v in module.items() if k not in ("lessons", "questions")} == {
        "slug": "layanan-loket",
        "title": "Melayani Pemohon di Loket",
        "summary": module["summary"],
        "competencies": ["PLP", "KOM"],
        "jp": 1,
        "level": "dasar",
        "pretest": 3,
        "posttest": {"questions": 3, "pass_mark": 70, "max_attempts": 0, "review": "standar"},
    }
    assert module["lessons"] == [
        {"file": "01-menyambut-pemohon.md", "title": "Menyambut Pemohon", "minutes": 5},
        {
            "file": "02-menutup-layanan.md",
            "title": "Menutup Layanan dengan Kepastian",
            "minutes": 6,
        },
    ]
    questions = module["questions"]
    assert [(q["type"], q["competency"]) for q in questions] == [
        ("multichoice", "PLP"),
        ("truefalse", "PLP"),
        ("multiresponse", "PLP"),
        ("numerical", "PLP"),
        ("shortanswer", "KOM"),
        ("matching", "KOM"),
    ]
    numerical = questions[3]
    assert numerical["answers"][0]["value"] == 80
    assert numerical["answers"][0]["tolerance"] == 0.5
    assert numerical["answers"][0]["feedback"].startswith("Tepat. IKM = nilai")  # \= resolved
    assert questions[1]["answers"] == [
        {"text": "true", "fraction": 1.0, "feedback": questions[1]["answers"][0]["feedback"]},
        {"text": "false", "fraction": 0.0, "feedback": questions[1]["answers"][1]["feedback"]},
    ]
    assert "_____" in questions[4]["text"]
    assert questions[5]["answers"][0]["right"] == "memastikan apa yang sudah diterima"


def test_json_carries_the_problems_and_fails(runner, content):
    replace(MOD, "jp: 1", "jp: 0")(content)
    result = check(runner, "content", "--json")
    assert result.exit_code == 1
    document = json.loads(result.output)
    assert document["problems"] == [
        {"file": f"content/{MOD}", "line": 5, "message": "jp: harus 1 atau lebih"}
    ]
    assert document["modules"] == []


def test_bank_quality_warns_and_fails_only_when_strict(runner, content):
    replace(BANK, "~Menunggu sampai ia selesai membuka mapnya#", "~Menunggu#")(content)
    replace(BANK, "~Meminta mapnya dan langsung memeriksa semua berkas#", "~Meminta map#")(content)
    result = check(runner, "content")
    assert result.exit_code == 0, result.output
    assert f"{BANK}:4: peringatan: kunci jawaban jauh lebih panjang" in result.output
    # KOM has 1 question per form: below the 5 that per-employee reports need.
    assert f"{MOD}:1: peringatan: kompetensi KOM hanya 1 soal per form" in result.output
    strict = check(runner, "content", "--strict")
    assert strict.exit_code == 1
    assert f"{MOD}:1: kompetensi KOM hanya 1 soal per form; perlu paling sedikit 5" in strict.output
    assert f"{BANK}:1: pada 1 dari 1 soal pilihan ganda, kunci adalah pilihan terpanjang" in (
        strict.output
    )
