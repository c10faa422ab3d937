import csv
import io
import re
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

import lms
from lms.web import exports
from lms.web.exports import table_response

HEADERS = ["Nama", "NIP", "JP tahun ini", "Tanggal selesai", "Catatan"]
ROWS = [
    ["Siti Rahmawati", "198609262015052001", 12, date(2026, 3, 4), "Ikut pelatihan"],
    ["Budi Ñandar", "197001012000011001", 0, None, '=HYPERLINK("http://x")'],
    ["Dewi", "199001012020122001", 2.5, datetime(2026, 5, 6, 7, 8), "-1 tugas"],
]
# The column holds a timestamp (stored UTC, written in WIB), so its header names the zone.
WRITTEN_HEADERS = ["Nama", "NIP", "JP tahun ini", "Tanggal selesai (WIB)", "Catatan"]


def test_csv_has_a_bom_indonesian_headers_and_the_rows(app):
    response = table_response("tim", HEADERS, ROWS, "csv")
    assert response.mimetype == "text/csv"
    assert 'filename="tim.csv"' in response.headers["Content-Disposition"]
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0] == WRITTEN_HEADERS
    assert rows[1] == ["Siti Rahmawati", "198609262015052001", "12", "2026-03-04", "Ikut pelatihan"]
    assert rows[2][1] == "197001012000011001"  # the NIP stays text, all 18 digits
    assert rows[2][0] == "Budi Ñandar" and rows[2][3] == ""
    assert rows[3][2] == "2.5" and rows[3][3] == "2026-05-06 14:08"  # 07:08 UTC


def test_csv_and_xlsx_neutralise_formulas(app):
    rows = list(
        csv.reader(io.StringIO(table_response("t", HEADERS, ROWS, "csv").get_data(as_text=True)))
    )
    assert rows[2][4] == '\'=HYPERLINK("http://x")'
    assert rows[3][4] == "'-1 tugas"
    sheet = load_workbook(io.BytesIO(table_response("t", HEADERS, ROWS, "xlsx").get_data())).active
    assert sheet["E3"].value == '\'=HYPERLINK("http://x")'
    assert sheet["E3"].data_type == "s"


def test_xlsx_has_the_same_headers_and_rows_with_a_bold_header(app):
    response = table_response("peningkatan-pegawai", HEADERS, ROWS, "xlsx")
    assert response.mimetype.endswith("spreadsheetml.sheet")
    assert 'filename="peningkatan-pegawai.xlsx"' in response.headers["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.get_data())).active
    values = list(sheet.iter_rows(values_only=True))
    assert list(values[0]) == WRITTEN_HEADERS
    assert values[1][:3] == ("Siti Rahmawati", "198609262015052001", 12)
    assert values[1][3] == datetime(2026, 3, 4)  # a real date cell, formatted dd/mm/yyyy
    assert sheet["D2"].number_format == "dd/mm/yyyy"
    assert values[3][2] == 2.5
    assert values[3][3] == datetime(2026, 5, 6, 14, 8)  # local wall time, like the CSV
    assert all(cell.font.bold for cell in sheet[1])
    assert not sheet["A2"].font.bold
    assert sheet.column_dimensions["B"].width >= 18  # an 18-digit NIP fits
    assert sheet.freeze_panes == "A2"


def test_the_zone_is_named_by_the_configured_time_zone(app):
    app.config["BABEL_DEFAULT_TIMEZONE"] = "Asia/Jayapura"
    rows = list(
        csv.reader(io.StringIO(table_response("t", HEADERS, ROWS, "csv").get_data(as_text=True)))
    )
    assert rows[0][3] == "Tanggal selesai (WIT)" and rows[3][3] == "2026-05-06 16:08"
    dates_only = [row[:3] + [date(2026, 3, 4)] + row[4:] for row in ROWS]
    body = table_response("t", HEADERS, dates_only, "csv").get_data(as_text=True)
    assert body.splitlines()[0].endswith('"Tanggal selesai","Catatan"')  # no time, no zone


def test_an_empty_table_still_has_its_headers(app):
    body = table_response("kosong", HEADERS, [], "csv").get_data().decode("utf-8-sig")
    assert body.strip() == ",".join(f'"{header}"' for header in HEADERS)


def test_unknown_format_is_refused(app):
    with pytest.raises(ValueError):
        table_response("tim", HEADERS, ROWS, "pdf")


def test_filename_is_reduced_to_safe_characters(app):
    response = table_response('tim"; x=../../etc', HEADERS, [], "csv")
    assert response.headers["Content-Disposition"] == 'attachment; filename="tim-x-etc.csv"'


# Texts that become a formula once a spreadsheet splits them on a comma or a semicolon.
SPLIT_ATTACKS = [
    "Rahma;=2+5+cmd|' /C calc'!A0",
    'Rahma,=HYPERLINK("http://x")',
    'Rahma; "=1+1"',
    "Rahma;\t-2+3",
    "Rahma\n@SUM(A1)",
    'Judul "kutip";+1',
]


@pytest.mark.parametrize("separator", [",", ";"])
def test_no_cell_is_a_formula_whichever_separator_the_spreadsheet_uses(app, separator):
    """Excel in an Indonesian locale and LibreOffice set to ";" split the CSV on semicolons."""
    rows = [[text, "197907242003091001", -3, 2.5] for text in SPLIT_ATTACKS]
    body = table_response("t", ["=Nama;+x", "NIP", "Angka", "Nilai"], rows, "csv").get_data()
    cells = [
        cell.strip(' \t\r\n"')
        for row in csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=separator)
        for cell in row
    ]
    formulas = [
        cell
        for cell in cells
        if cell.startswith(("=", "+", "@"))
        or (cell.startswith("-") and not re.fullmatch(r"-\d+(\.\d+)?", cell))
    ]
    assert formulas == []
    assert "-3" in body.decode("utf-8-sig")  # a number is still a number, not "'-3"


def test_csv_quotes_every_text_and_leaves_numbers_bare(app):
    body = table_response("t", HEADERS, ROWS[:1], "csv").get_data().decode("utf-8-sig")
    line = body.splitlines()[1]
    assert line == '"Siti Rahmawati","198609262015052001",12,"2026-03-04","Ikut pelatihan"'


def test_every_csv_and_xlsx_is_written_by_the_exporter():
    """A csv.writer or an openpyxl workbook anywhere else would skip the formula guard."""
    exporter = Path(exports.__file__).resolve()
    package = Path(lms.__file__).resolve().parent
    writers = re.compile(r"csv\.(writer|DictWriter)|openpyxl|Workbook\(|xlsxwriter")
    found = [
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if path.resolve() != exporter and writers.search(path.read_text(encoding="utf-8"))
    ]
    assert found == []
