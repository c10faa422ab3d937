"""Download a report table as CSV (UTF-8 with BOM) or XLSX, with the same columns.

Every CSV and XLSX the app produces is written here (a test looks for any other writer), so
that no cell reaches a spreadsheet as a live formula:

- a text starting with = + - @ (or tab, CR) gets a leading apostrophe;
- in CSV, so does a formula start after a comma, a semicolon or a line break inside a text,
  and every text is quoted: Excel in an Indonesian locale and LibreOffice set to ";" split
  the file on ";", and the tail of "Rahma;=2+5" would otherwise be a cell of its own.

The CSV is for other systems (SIASN, scripts): a spreadsheet that opens it reads an 18-digit NIP
as a number and drops its last digits. The XLSX keeps NIPs as text; the pages say which is which.

Timestamps are written in the configured time zone and their column header names it
("Waktu (WIB)"): a spreadsheet cell cannot carry a zone.
"""

import csv
import io
import re
from datetime import date, datetime
from decimal import Decimal

from flask import Response
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from lms import clock

FORMATS = ("csv", "xlsx")
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A spreadsheet runs a text cell starting with one of these as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A formula start where a spreadsheet may begin a cell inside a CSV text: at the start, or
# after a separator it may split on or a line break, past blanks and quotes.
_CSV_FORMULA = re.compile(r"""(^|[,;\r\n])([\s"']*)([=+\-@])""")
_MIN_WIDTH, _MAX_WIDTH = 8, 50


def _safe_start(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_START) else value


def _safe_csv_text(value: str) -> str:
    return _safe_start(_CSV_FORMULA.sub(r"\1\2'\3", value))


def _csv_cell(value):
    """Numbers stay numbers (written bare); everything else becomes formula-free text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float | Decimal):
        number = round(float(value), 4)
        return int(number) if number.is_integer() else number  # 100, not 100.0
    if isinstance(value, datetime):
        return _local(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return _safe_csv_text(str(value))


def _csv_bytes(headers, rows) -> bytes:
    """The table as CSV: UTF-8 with a BOM (Excel then reads names like Nur’aini right), CRLF,
    every text quoted, numbers bare."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_NONNUMERIC)
    writer.writerow([_safe_csv_text(str(h)) for h in headers])
    writer.writerows([_csv_cell(v) for v in row] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _xlsx_bytes(headers, rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([_safe_start(str(h)) for h in headers])
    widths = [len(str(h)) for h in headers]
    for row in rows:
        sheet.append([_xlsx_cell(v) for v in row])
        for index, value in enumerate(row):
            widths[index] = max(widths[index], len(str(_csv_cell(value))))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, datetime):
                cell.number_format = "dd/mm/yyyy hh:mm"
            elif isinstance(cell.value, date):
                cell.number_format = "dd/mm/yyyy"
    for index, width in enumerate(widths, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = min(max(width + 2, _MIN_WIDTH), _MAX_WIDTH)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_cell(value):
    if isinstance(value, datetime):
        return _local(value)
    return _safe_start(value) if isinstance(value, str) else value


def _local(value: datetime) -> datetime:
    """Local wall time without tzinfo (spreadsheets have no zones; the header names it)."""
    return clock.to_local(value).replace(tzinfo=None)


def _zone_named(headers: list, rows: list) -> list:
    """Headers of columns holding timestamps get the zone: 'Waktu' → 'Waktu (WIB)'."""
    timed = {i for row in rows for i, value in enumerate(row) if isinstance(value, datetime)}
    label = clock.zone_label()
    return [f"{h} ({label})" if i in timed else h for i, h in enumerate(headers)]


def table_response(filename_stem: str, headers: list, rows: list, fmt: str) -> Response:
    """The table as a download; `fmt` must be 'csv' or 'xlsx' (ValueError otherwise)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format: {fmt!r}")
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", filename_stem).strip("-") or "laporan"
    headers = _zone_named(headers, rows)
    if fmt == "csv":
        body, mimetype = _csv_bytes(headers, rows), "text/csv"  # Flask adds charset=utf-8
    else:
        body, mimetype = _xlsx_bytes(headers, rows), XLSX_MIMETYPE
    return Response(
        body,
        mimetype=mimetype,
        headers={
            "Content-Disposition": f'attachment; filename="{stem}.{fmt}"',
            "Cache-Control": "no-store",
        },
    )
