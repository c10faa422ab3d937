import io
import re
from datetime import datetime

import pypdf
import segno

from lms.certificates.pdf import FOOTER_TOP, PAGE_H, pdf_bytes
from tests.factories import make_certificate, make_unit, make_user

URL = "https://bina.jambiprov.go.id/verify/"
FOOTER_TOP_PT = (PAGE_H - FOOTER_TOP) / 25.4 * 72  # PDF heights count up from the bottom


def _certificate(**overrides):
    unit = make_unit("Bidang Aplikasi Informatika", parent=make_unit("Dinas Kominfo"))
    user = make_user(
        overrides.pop("name", "Siti Nur’aini Pérez"),
        nip="199004042015032004",
        unit=unit,
        grade="III/b",
    )
    user.position = overrides.pop("position", "Pranata Komputer Ahli Pertama")
    defaults = dict(
        title="Literasi Digital dan Keamanan Informasi",
        jp=3,
        score=85,
        completed_on=datetime(2026, 11, 28, 10, 5),
        competencies=("Mengelola Perubahan", "Pelayanan Publik"),
    )
    return make_certificate(user, **(defaults | overrides))


def _text(data: bytes) -> str:
    return " ".join(pypdf.PdfReader(io.BytesIO(data)).pages[0].extract_text().split())


def test_pdf_is_a_small_one_page_a4_landscape_document(app):
    certificate = _certificate()
    data = pdf_bytes(certificate, URL + certificate.code)
    assert data.startswith(b"%PDF-")
    assert len(data) < 200_000
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)
    assert reader.metadata.title == f"Sertifikat {certificate.number}"


def test_pdf_shows_every_required_field(app):
    certificate = _certificate()
    url = URL + certificate.code
    text = _text(pdf_bytes(certificate, url))
    for expected in (
        "PEMERINTAH PROVINSI JAMBI",
        "BPSDM PROVINSI JAMBI",
        "SERTIFIKAT",
        f"Nomor: {certificate.number}",
        "diberikan kepada",
        "Siti Nur’aini Pérez",
        "NIP : 19900404 201503 2 004",
        "Pangkat/Golongan : Penata Muda Tingkat I (III/b)",
        "Jabatan : Pranata Komputer Ahli Pertama",
        "Unit Kerja : Bidang Aplikasi Informatika, Dinas Kominfo",
        "telah menyelesaikan pelatihan e-learning (belajar mandiri)",
        "Literasi Digital dan Keamanan Informasi",
        "Kompetensi: Mengelola Perubahan, Pelayanan Publik",
        "sebanyak 3 Jam Pelajaran (JP)",
        "28 November 2026",
        "LULUS dengan nilai 85,0",
        "Jambi, 28 November 2026",
        "BPSDM Provinsi Jambi",
        certificate.code,
        f"Keaslian sertifikat dapat diperiksa di {url}",
        "sah tanpa tanda tangan basah",
    ):
        assert expected in text, expected


def test_pdf_prints_the_issuer_of_the_certificate(app):
    certificate = _certificate(issuer="Badan Kepegawaian Daerah Provinsi Jambi")
    text = _text(pdf_bytes(certificate, URL + certificate.code))
    assert "BADAN KEPEGAWAIAN DAERAH PROVINSI JAMBI" in text
    assert "BPSDM" not in text


def test_qr_code_encodes_the_verification_url(app):
    certificate = _certificate()
    url = URL + certificate.code
    page = pypdf.PdfReader(io.BytesIO(pdf_bytes(certificate, url))).pages[0]
    (image,) = page.images
    pixels = image.image.convert("L")
    matrix = segno.make(url, error="m", micro=False).matrix
    scale = pixels.width / len(matrix)
    assert scale == int(scale) and pixels.width == pixels.height
    decoded = [
        [
            pixels.getpixel((int((x + 0.5) * scale), int((y + 0.5) * scale))) < 128
            for x in range(len(row))
        ]
        for y, row in enumerate(matrix)
    ]
    assert decoded == [[bool(cell) for cell in row] for row in matrix]
    other = segno.make(URL + "another-code-AAAAAAAA", error="m", micro=False).matrix
    assert decoded != [[bool(cell) for cell in row] for row in other]


def test_long_details_shrink_to_stay_above_the_footer(app):
    certificate = _certificate(
        name="Dr. Hj. Siti Nur’aini Pérez Rahmawati Kusumaningtyas Wulandari, S.Kom., M.Si.",
        position="Pranata Komputer Ahli Pertama pada Subbagian Perencanaan, Evaluasi dan Pelaporan",
        title="Literasi Digital dan Keamanan Informasi bagi ASN di Lingkungan Pemerintah Provinsi "
        "Jambi: Kata Sandi, Phishing, Cadangan Data dan Pelindungan Data Pribadi",
        competencies=tuple(f"Kompetensi Panjang Nomor {n}" for n in range(1, 9)),
    )
    data = pdf_bytes(certificate, URL + certificate.code)
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    heights = {}

    def visit(text, _cm, tm, _font, _size):
        if text.strip():
            heights.setdefault(text.strip(), tm[5])

    reader.pages[0].extract_text(visitor_text=visit)
    assert heights["dan dinyatakan"] > FOOTER_TOP_PT + 8
    assert heights["Kode verifikasi:"] < FOOTER_TOP_PT
    assert re.search(r"Kompetensi Panjang Nomor 8", _text(data))
