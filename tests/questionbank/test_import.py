"""Importing GIFT and Moodle XML files into a bank: preview, confirm, all or nothing."""

import io
import re
from datetime import datetime
from html import unescape
from pathlib import Path

import pytest
from sqlalchemy import select

from lms.content.importer import import_content
from lms.content.loader import load_content
from lms.extensions import db
from lms.learning.models import Module
from lms.questionbank import transfer, views
from lms.questions.gift import category_code, parse_gift, question_to_dict
from tests.conftest import login
from tests.factories import make_module, make_user

from .helpers import BANK, as_trainer, bank_module, bank_of, changes, draft, question_count

DATA = Path(__file__).parent / "data"
CONTENT = Path(__file__).parents[2] / "content"
TOKEN = re.compile(r'name="token" type="hidden" value="([^"]+)"')

GIFT = """// Tiga soal untuk diimpor
$CATEGORY: $course$/top/Manajemen Waktu/PDO

::Delegasi::Tugas apa yang paling tepat didelegasikan?{=Rekap rutin ~Penilaian kinerja}

::Menit JP::Berapa menit satu JP pada umumnya?{#45}

$CATEGORY: $course$/top/Umum

::Refleksi::Tuliskan satu kebiasaan yang ingin Anda ubah.{}
"""


def upload(client, data: bytes, name: str = "soal.gift"):
    return client.post(
        f"{BANK}/impor",
        data={"file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def confirm(client, page: str):
    token = TOKEN.search(page)[1]
    return client.post(f"{BANK}/impor/simpan", data={"token": token})


def text_of(response) -> str:
    """The page as read: tags dropped, entities decoded."""
    return unescape(re.sub(r"<[^>]+>", "", response.get_data(as_text=True)))


def test_gift_import_previews_then_adds_on_confirm(app, client):
    module = bank_module()
    trainer = as_trainer(client)
    preview = upload(client, GIFT.encode())
    page = text_of(preview)
    assert preview.status_code == 200
    assert "3 soal akan ditambahkan ke draf" in page
    for shown in ("Pilihan ganda: 1", "Numerik: 1", "Esai: 1", "Delegasi", "Menit JP"):
        assert shown in page
    # The trainer checks the questions themselves, not only their titles.
    assert "Tugas apa yang paling tepat didelegasikan?" in page
    assert "Berapa menit satu JP pada umumnya?" in page
    assert "'$course$/top/Umum': kategori ini bukan kompetensi modul" in page
    assert draft(module) is None and question_count() == 6  # nothing yet
    response = confirm(client, preview.get_data(as_text=True))
    assert response.headers["Location"] == BANK
    added = bank_of(draft(module))[6:]
    assert [(q.position, q.kind, q.title, q.competency_code) for q in added] == [
        (7, "multichoice", "Delegasi", "PDO"),
        (8, "numerical", "Menit JP", "PDO"),
        (9, "essay", "Refleksi", "ORH"),  # not a module competency: the first one
    ]
    assert added[2].gradeable is False
    assert [(c.action, c.user_id) for c in changes()][-1] == ("question.import", trainer.id)
    assert "3 soal dari soal.gift (GIFT)" in changes("question.import")[0].detail


def test_moodles_own_gift_fixture_imports_nine_of_nine(app, client):
    """Moodle's questions.gift.txt (its equivalent in our words) goes into a bank whole."""
    module = bank_module()
    as_trainer(client)
    fixture = Path(__file__).parents[1] / "questions" / "data" / "moodle_fixture_equivalent.gift"
    preview = upload(client, fixture.read_bytes(), "questions.gift.txt")
    assert preview.status_code == 200, text_of(preview)
    assert "9 soal akan ditambahkan ke draf" in text_of(preview)
    confirm(client, preview.get_data(as_text=True))
    assert [q.title for q in bank_of(draft(module))[6:]] == [
        "Q8", "Kegiatan Moodle", "Q2", "warna", "Q5", "Isian singkat", "Q1", "2-08 TSL", "2-08 TSL",
    ]  # fmt: skip


def test_confirming_twice_adds_once(app, client):
    module = bank_module()
    as_trainer(client)
    page = upload(client, GIFT.encode()).get_data(as_text=True)
    confirm(client, page)
    again = client.post(f"{BANK}/impor/simpan", data={"token": TOKEN.search(page)[1]})
    assert again.status_code == 302
    assert len(bank_of(draft(module))) == 9


@pytest.mark.parametrize("token", ["", "x" * 32, "../../etc/passwd"])
def test_unknown_tokens_import_nothing(app, client, token):
    module = bank_module()
    as_trainer(client)
    response = client.post(f"{BANK}/impor/simpan", data={"token": token}, follow_redirects=True)
    assert "Pratinjau impor tidak ditemukan" in text_of(response)
    assert draft(module) is None


def test_another_users_preview_cannot_be_confirmed(app, client):
    module = bank_module()
    as_trainer(client, "Pengajar A")
    page = upload(client, GIFT.encode()).get_data(as_text=True)
    other = app.test_client()
    login(other, make_user("Pengajar B", roles=("trainer",)))
    other.post(f"{BANK}/impor/simpan", data={"token": TOKEN.search(page)[1]})
    assert draft(module) is None


def test_broken_gift_names_each_line_and_imports_nothing(app, client):
    module = bank_module()
    as_trainer(client)
    response = upload(client, (DATA / "broken.gift").read_bytes())
    page = text_of(response)
    assert response.status_code == 400
    assert "Berkas tidak dapat diimpor: 3 masalah" in page
    assert "baris 6:" in page and "judul tidak ditutup" in page
    assert "baris 8:" in page and "%200%" in page
    assert "baris 10:" in page and "tidak ada jawaban yang bernilai 100%" in page
    assert TOKEN.search(response.get_data(as_text=True)) is None
    assert draft(module) is None and question_count() == 6


def test_questions_breaking_bank_rules_are_named_by_line(app, client):
    bank_module()
    as_trainer(client)
    long_title = "x" * 300
    source = f"Benar?{{T}}\n\n::{long_title}::Soal dengan judul sangat panjang.{{T}}\n"
    page = text_of(upload(client, source.encode()))
    assert "baris 3:" in page and "Judul paling panjang 255 karakter." in page


def test_moodle_xml_import_reads_every_kind(app, client):
    module = bank_module()
    as_trainer(client)
    preview = upload(client, (DATA / "moodle.xml").read_bytes(), "kuis.xml")
    page = text_of(preview)
    assert preview.status_code == 200 and "(Moodle XML)" in page
    assert "8 soal akan ditambahkan ke draf" in page
    confirm(client, preview.get_data(as_text=True))
    added = {q.kind: q for q in bank_of(draft(module))[6:]}
    assert list(added) == [
        "multichoice", "multiresponse", "truefalse", "shortanswer",
        "numerical", "matching", "essay", "description",
    ]  # fmt: skip
    assert [q.competency_code for q in added.values()] == ["ORH"] * 5 + ["PDO"] * 3
    choice = added["multichoice"].data
    assert (choice["title"], choice["format"]) == ("Dua disposisi segera", "html")
    assert [a["fraction"] for a in choice["answers"]] == [1.0, 0.3333333, -0.5]
    assert choice["answers"][2]["feedback_html"] == "Kemudahan bukan ukuran prioritas."
    assert choice["general_feedback_html"] == "<p>Libatkan atasan sejak awal.</p>"
    several = added["multiresponse"].data  # Markdown text, HTML answers: all HTML now
    assert several["format"] == "html" and "<strong>dua</strong>" in several["text"]
    assert [a["fraction"] for a in several["answers"]] == [0.5, 0.5, -1.0]
    truth = added["truefalse"].data
    assert [(a["text"], a["fraction"]) for a in truth["answers"]] == [
        ("true", 0.0),
        ("false", 1.0),
    ]
    assert truth["format"] == "moodle"
    short = added["shortanswer"].data
    assert [(a["text"], a["fraction"]) for a in short["answers"]] == [
        ("jam pelajaran", 1.0),
        ("JP", 1.0),
        ("jam", 0.5),
    ]
    number = added["numerical"].data
    assert [(a["value"], a["tolerance"], a["fraction"]) for a in number["answers"]] == [
        (22.0, 0.5, 1.0),
        (29.5, 0.0, 0.5),
        (None, None, 0.0),  # '*': any other answer, with its feedback
    ]
    pairs = added["matching"].data["answers"]
    assert [(a["left"], a["right"]) for a in pairs] == [
        ("<p>JP</p>", "jam pelajaran"),
        ("<p>RTL</p>", "rencana tindak lanjut"),
        ("<p>EPP</p>", "evaluasi pasca pelatihan"),
        ("", "evaluasi penyelenggaraan"),
    ]
    essay = added["essay"].data
    assert essay["format"] == "plain" and "\nJelaskan alasannya." in essay["text"]
    assert (added["essay"].gradeable, added["description"].gradeable) == (False, False)
    assert "<h2>Kuis akhir</h2>" in added["description"].data["text_html"]


XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'


@pytest.mark.parametrize(
    ("xml", "messages"),
    [
        (
            XML_HEAD + '<!DOCTYPE quiz [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
            "<quiz>&b;</quiz>",
            ["<!DOCTYPE> atau <!ENTITY> tidak diterima"],
        ),
        (XML_HEAD + "<quiz>\n<question></quiz>", ["baris 3:", "XML tidak valid: mismatched tag"]),
        (XML_HEAD + "<kuis/>", ["elemen utamanya harus <quiz>"]),
        (
            XML_HEAD + "<quiz>"
            '<question type="essay"><questiontext><text>Baik</text></questiontext></question>'
            '<question type="cloze"><questiontext><text>{1:SA:=x}</text></questiontext></question>'
            '<question type="truefalse"><questiontext><text>Ya?</text></questiontext>'
            '<answer fraction="100"><text>ya</text></answer></question>'
            '<question type="multichoice"><questiontext><text>Pilih</text></questiontext>'
            '<answer fraction="50"><text>A</text></answer>'
            '<answer fraction="0"><text>B</text></answer></question>'
            "</quiz>",
            [
                "soal ke-2: jenis soal 'cloze' tidak didukung",
                "soal ke-3: jawaban benar/salah harus 'true' atau 'false'.",
                "soal ke-4: Tandai satu jawaban benar",
            ],
        ),
    ],
)
def test_bad_moodle_xml_is_refused_with_reasons(app, client, xml, messages):
    module = bank_module()
    as_trainer(client)
    response = upload(client, xml.encode(), "kuis.xml")
    page = text_of(response)
    assert response.status_code == 400
    for message in messages:
        assert message in page
    assert draft(module) is None and question_count() == 6


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "Berkas tidak berisi soal."),
        (b"// hanya komentar\n", "Berkas tidak berisi soal."),
        ("Soal?{=ya ~tidak}".encode("utf-16"), "Berkas harus berupa teks UTF-8"),
        (b"x" * 1001, "Berkas terlalu besar"),
    ],
)
def test_unusable_files_are_refused(app, client, monkeypatch, data, message):
    # A small limit: a 2 MB body would be spooled to a file the test client never closes.
    monkeypatch.setattr(views, "MAX_IMPORT_BYTES", 1000)
    bank_module()
    as_trainer(client)
    response = upload(client, data)
    assert response.status_code == 400
    assert message in text_of(response)


def test_a_file_with_more_questions_than_one_import_allows_is_refused(app, client, monkeypatch):
    monkeypatch.setattr(transfer, "MAX_IMPORT_QUESTIONS", 2)
    module = bank_module()
    as_trainer(client)
    response = upload(client, GIFT.encode())
    assert response.status_code == 400
    assert "Berkas berisi 3 soal; satu impor paling banyak 2 soal." in text_of(response)
    assert 'name="token"' not in response.get_data(as_text=True)
    assert draft(module) is None and question_count() == 6


def test_upload_without_a_file_asks_for_one(app, client):
    bank_module()
    as_trainer(client)
    response = client.post(f"{BANK}/impor", data={}, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "Pilih berkas soal yang akan diimpor." in text_of(response)


SHIPPED = sorted(path.name for path in CONTENT.iterdir() if (path / "questions.gift").is_file())


@pytest.mark.parametrize("slug", SHIPPED)
def test_shipped_banks_survive_import_then_export(app, client, slug):
    """questions.gift → import into an empty bank → export → the same questions."""
    import_content(load_content(str(CONTENT)), datetime(2026, 1, 1))
    shipped = db.session.scalar(select(Module).where(Module.slug == slug)).current_version
    codes = tuple(shipped.competency_codes)
    copy = make_module(f"salinan-{slug}", competencies=codes, questions=0)
    as_trainer(client)
    source = (CONTENT / slug / "questions.gift").read_text(encoding="utf-8")
    preview = client.post(
        f"/pengajar/modul/{copy.slug}/soal/impor",
        data={"file": (io.BytesIO(source.encode()), "questions.gift")},
        content_type="multipart/form-data",
    )
    assert preview.status_code == 200, text_of(preview)[:3000]
    token = TOKEN.search(preview.get_data(as_text=True))[1]
    client.post(f"/pengajar/modul/{copy.slug}/soal/impor/simpan", data={"token": token})
    imported = bank_of(draft(copy))
    # The bank holds exactly what the content importer made of the same file.
    assert [q.data for q in imported] == [q.data for q in bank_of(shipped)]
    exported = client.get(f"/pengajar/modul/{copy.slug}/soal/ekspor").get_data(as_text=True)
    assert _questions(exported, codes) == _questions(source, codes)


def _questions(gift: str, codes: tuple[str, ...]) -> list[dict]:
    parsed, errors = parse_gift(gift)
    assert errors == []
    return [question_to_dict(q, category_code(q.category) or codes[0]) for q in parsed]
