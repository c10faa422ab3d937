"""The certificate as an A4 landscape PDF (fpdf2) with a QR code of its verification URL (segno).

The document is always in Indonesian, whatever the interface language: it is an official record
that employees upload to SIASN.
"""

import io
from pathlib import Path

import segno
from fpdf import FPDF
from fpdf.enums import Align, XPos, YPos

from lms import clock

from .models import Certificate
from .services import format_date, format_nip, format_score, unit_label

FONT_DIR = Path(__file__).resolve().parents[2] / "static" / "fonts"
FONT = "DejaVuSerif"
PLACE = "Jambi"
GOVERNMENT = "PEMERINTAH PROVINSI JAMBI"
QR_ERROR = "m"
QR_SCALE = 4
QR_BORDER = 0  # the white page around it is the quiet zone

GREEN = (11, 93, 59)
GOLD = (197, 138, 0)
INK = (29, 37, 33)
MUTED = (82, 96, 90)

PAGE_W, PAGE_H = 297, 210
TEXT_W = 235  # the width the centred lines may use
LABEL_W, VALUE_W = 43, 127
BODY_TOP, BODY_BOTTOM, FOOTER_TOP = 62, 156, 160
SCALES = (1.0, 0.92, 0.85, 0.78, 0.72)  # tried in turn until long details fit
EMBLEM_MM = 25
HEADING_W = 190  # the issuer's name keeps clear of the emblem in the top left corner


def pdf_bytes(
    certificate: Certificate,
    verify_url: str,
    place: str = PLACE,
    emblem: bytes | None = None,
    signed_by: str | None = None,
) -> bytes:
    """The certificate as PDF; `verify_url` goes into the QR code and the printed text.

    `emblem` is the issuer's re-encoded picture; `signed_by` names the holder of the
    certificate that will sign the PDF (the caller signs it), None when it stays unsigned.
    """
    pdf = _new_document(certificate)
    _frame(pdf)
    if emblem:
        pdf.image(io.BytesIO(emblem), x=22, y=15, w=EMBLEM_MM, h=EMBLEM_MM, keep_aspect_ratio=True)
    _heading(pdf, certificate)
    _body(pdf, certificate)
    _verification(pdf, certificate, verify_url, signed_by)
    if certificate.signatory_name:
        _signatory_block(pdf, certificate, place, signed_by)
    else:
        _issuer_block(pdf, certificate, place)
    return bytes(pdf.output())


def qr_png(url: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(url, error=QR_ERROR, micro=False).save(
        buffer, kind="png", scale=QR_SCALE, border=QR_BORDER
    )
    return buffer.getvalue()


def _new_document(certificate: Certificate) -> FPDF:
    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_margins(0, 0, 0)
    pdf.c_margin = 0
    for style, suffix in (("", ""), ("B", "-Bold"), ("I", "-Italic")):
        pdf.add_font(FONT, style, FONT_DIR / f"{FONT}{suffix}.ttf")
    pdf.set_title(f"Sertifikat {certificate.number}")
    pdf.set_subject(certificate.module_title)
    pdf.set_author(certificate.issuer)
    pdf.set_creator("Bina ASN")
    pdf.set_lang("id")
    pdf.set_creation_date(clock.to_local(certificate.completed_on))
    pdf.add_page()
    return pdf


def _frame(pdf: FPDF) -> None:
    pdf.set_draw_color(*GREEN)
    pdf.set_line_width(1.4)
    pdf.rect(8, 8, PAGE_W - 16, PAGE_H - 16)
    pdf.set_draw_color(*GOLD)
    pdf.set_line_width(0.35)
    inset = 11.5
    pdf.rect(inset, inset, PAGE_W - 2 * inset, PAGE_H - 2 * inset)
    for x in (inset, PAGE_W - inset):
        for y in (inset, PAGE_H - inset):
            _diamond(pdf, x, y, 2.2)


def _diamond(pdf: FPDF, x: float, y: float, r: float) -> None:
    pdf.set_fill_color(*GOLD)
    pdf.polygon([(x, y - r), (x + r, y), (x, y + r), (x - r, y)], style="F")


def _centred(pdf: FPDF, text: str, style: str, size: float, height: float, color=INK) -> None:
    pdf.set_font(FONT, style, size)
    pdf.set_text_color(*color)
    pdf.set_x((PAGE_W - TEXT_W) / 2)
    pdf.cell(TEXT_W, height, text, align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _fitted(
    pdf: FPDF,
    text: str,
    style: str,
    size: float,
    min_size: float,
    max_lines: int,
    width: float = TEXT_W,
):
    """Print centred text, shrinking the font until it takes at most `max_lines` lines."""
    pdf.set_font(FONT, style, size)
    while size > min_size and len(_lines(pdf, text, width)) > max_lines:
        size -= 0.5
        pdf.set_font(FONT, style, size)
    pdf.set_x((PAGE_W - width) / 2)
    pdf.multi_cell(width, size * 0.47, text, align=Align.C, new_x=XPos.LMARGIN)


def _lines(pdf: FPDF, text: str, width: float) -> list[str]:
    return pdf.multi_cell(width, 5, text, dry_run=True, output="LINES")


def _heading(pdf: FPDF, certificate: Certificate) -> None:
    pdf.set_y(17)
    pdf.set_char_spacing(0.8)
    _centred(pdf, GOVERNMENT, "B", 10.5, 5, GREEN)
    pdf.set_char_spacing(0)
    pdf.set_text_color(*GREEN)
    _fitted(pdf, certificate.issuer.upper(), "B", 13, 9, 1, HEADING_W)
    pdf.set_draw_color(*GOLD)
    pdf.set_line_width(0.5)
    pdf.line(PAGE_W / 2 - 32, 31.5, PAGE_W / 2 + 32, 31.5)
    _diamond(pdf, PAGE_W / 2, 31.5, 1.4)
    pdf.set_y(35)
    pdf.set_char_spacing(5)
    _centred(pdf, "SERTIFIKAT", "B", 32, 13, GREEN)
    pdf.set_char_spacing(0)
    _centred(pdf, f"Nomor: {certificate.number}", "", 11, 6)


def _body(pdf: FPDF, certificate: Certificate) -> None:
    """Centre the holder and the achievement between heading and footer, smaller if need be."""
    for scale in SCALES:
        with pdf.offset_rendering() as dummy:
            dummy.set_y(BODY_TOP)
            _holder(dummy, certificate, scale)
            _achievement(dummy, certificate, scale)
            height = dummy.y - BODY_TOP
        if height <= BODY_BOTTOM - BODY_TOP:
            break
    pdf.set_y(BODY_TOP + max(0, (BODY_BOTTOM - BODY_TOP - height) / 2))
    _holder(pdf, certificate, scale)
    _achievement(pdf, certificate, scale)


def _holder(pdf: FPDF, certificate: Certificate, k: float) -> None:
    rows = (
        ("NIP", format_nip(certificate.holder_nip)),
        ("Pangkat/Golongan", certificate.holder_grade),
        ("Jabatan", certificate.holder_position),
        ("Unit Kerja", unit_label(certificate.holder_unit)),
    )
    _centred(pdf, "diberikan kepada", "I", 12 * k, 6 * k, MUTED)
    pdf.ln(1 * k)
    pdf.set_text_color(*INK)
    _fitted(pdf, certificate.holder_name, "B", 22 * k, 14 * k, 1)
    pdf.ln(2.5 * k)
    left = (PAGE_W - LABEL_W - VALUE_W) / 2
    for label, value in rows:
        pdf.set_font(FONT, "", 11 * k)
        pdf.set_x(left)
        pdf.cell(LABEL_W - 3, 5.8 * k, label, new_x=XPos.RIGHT, new_y=YPos.TOP)
        pdf.cell(3, 5.8 * k, ":", new_x=XPos.RIGHT, new_y=YPos.TOP)
        pdf.multi_cell(VALUE_W, 5.8 * k, value or "–", align=Align.L, new_x=XPos.LMARGIN)


def _achievement(pdf: FPDF, certificate: Certificate, k: float) -> None:
    pdf.ln(3 * k)
    line = "telah menyelesaikan pelatihan e-learning (belajar mandiri)"
    _centred(pdf, line, "I", 12 * k, 6 * k, MUTED)
    pdf.ln(0.5 * k)
    pdf.set_text_color(*GREEN)
    _fitted(pdf, certificate.module_title, "B", 17 * k, 12 * k, 2)
    if certificate.competencies:
        pdf.ln(0.5 * k)
        pdf.set_text_color(*MUTED)
        competencies = "Kompetensi: " + ", ".join(certificate.competencies)
        _fitted(pdf, competencies, "", 10 * k, 8 * k, 2)
    pdf.ln(2.5 * k)
    completed = format_date(certificate.completed_on)
    line = f"sebanyak {certificate.jp} Jam Pelajaran (JP), diselesaikan pada tanggal {completed},"
    _centred(pdf, line, "", 11.5 * k, 6 * k)
    score = format_score(certificate.score)
    pdf.set_x((PAGE_W - TEXT_W) / 2)
    pdf.cell(
        TEXT_W,
        6 * k,
        f"dan dinyatakan **LULUS** dengan nilai **{score}**.",
        align=Align.C,
        markdown=True,
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )


def _verification(
    pdf: FPDF, certificate: Certificate, verify_url: str, signed_by: str | None
) -> None:
    top, size, left = FOOTER_TOP, 28, 22
    pdf.image(io.BytesIO(qr_png(verify_url)), x=left, y=top, w=size, h=size)
    text_x, text_w = left + size + 5, 112
    pdf.set_xy(text_x, top + 1)
    pdf.set_text_color(*MUTED)
    pdf.set_font(FONT, "", 8.5)
    pdf.cell(text_w, 4.2, "Kode verifikasi:", new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_font(FONT, "B", 10)
    pdf.set_text_color(*INK)
    pdf.cell(text_w, 5.5, certificate.code, new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_font(FONT, "", 8.5)
    pdf.set_text_color(*MUTED)
    pdf.cell(
        text_w, 4.2, "Keaslian sertifikat dapat diperiksa di", new_x=XPos.LEFT, new_y=YPos.NEXT
    )
    pdf.set_text_color(*GREEN)
    pdf.multi_cell(text_w, 4.2, verify_url, align=Align.L, wrapmode="CHAR", new_x=XPos.LEFT)
    pdf.set_text_color(*MUTED)
    pdf.cell(
        text_w, 4.2, "atau dengan memindai kode QR di samping.", new_x=XPos.LEFT, new_y=YPos.NEXT
    )
    pdf.set_font(FONT, "I", 8)
    if signed_by:
        note = f"Dokumen ini ditandatangani secara elektronik (PAdES) oleh {signed_by}."
    else:
        note = "Dokumen ini tidak ditandatangani secara elektronik."
    pdf.multi_cell(text_w, 3.8, note, align=Align.L, new_x=XPos.LEFT)


def _issuer_block(pdf: FPDF, certificate: Certificate, place: str) -> None:
    """Where a signature would be: place and date, the issuer, and why no signature is needed."""
    left, width = 178, 96
    pdf.set_xy(left, FOOTER_TOP)
    pdf.set_text_color(*INK)
    pdf.set_font(FONT, "", 11)
    place_date = f"{place}, {format_date(certificate.completed_on)}"
    pdf.cell(width, 6, place_date, align=Align.C, new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_font(FONT, "B", 11)
    pdf.multi_cell(width, 5.6, certificate.issuer, align=Align.C, new_x=XPos.LEFT)
    pdf.set_draw_color(*GOLD)
    pdf.set_line_width(0.3)
    pdf.line(left + 18, 182, left + width - 18, 182)
    pdf.set_xy(left, 183.5)
    pdf.set_font(FONT, "I", 8.5)
    pdf.set_text_color(*MUTED)
    pdf.multi_cell(
        width,
        4.2,
        "Sertifikat elektronik ini sah tanpa tanda tangan basah.\nDiterbitkan melalui Bina ASN.",
        align=Align.C,
        new_x=XPos.LEFT,
    )


def _signatory_block(
    pdf: FPDF, certificate: Certificate, place: str, signed_by: str | None
) -> None:
    """Place and date, the signatory's position, name and NIP, as on a signed letter."""
    left, width = 178, 96
    pdf.set_xy(left, FOOTER_TOP)
    pdf.set_text_color(*INK)
    pdf.set_font(FONT, "", 10.5)
    place_date = f"{place}, {format_date(certificate.completed_on)}"
    pdf.cell(width, 5.5, place_date, align=Align.C, new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_font(FONT, "B", 10)
    lines = _lines(pdf, certificate.signatory_position, width)[:2]
    pdf.multi_cell(width, 4.6, "\n".join(lines), align=Align.C, new_x=XPos.LEFT)
    pdf.set_xy(left, 176.5)
    pdf.set_font(FONT, "I", 8)
    pdf.set_text_color(*(GREEN if signed_by else MUTED))
    mark = "Ditandatangani secara elektronik" if signed_by else "Tanpa tanda tangan elektronik"
    pdf.cell(width, 4, mark, align=Align.C, new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_xy(left, 183)
    pdf.set_text_color(*INK)
    size = 10.5
    pdf.set_font(FONT, "BU", size)
    while size > 7 and pdf.get_string_width(certificate.signatory_name) > width:
        size -= 0.5
        pdf.set_font(FONT, "BU", size)
    pdf.cell(width, 5, certificate.signatory_name, align=Align.C, new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_font(FONT, "", 9.5)
    nip = f"NIP {format_nip(certificate.signatory_nip)}"
    pdf.cell(width, 4.6, nip, align=Align.C, new_x=XPos.LEFT)
