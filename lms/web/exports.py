"""Download a report table as CSV (UTF-8 with BOM, for Excel) or XLSX, with the same columns.

Timestamps are written in the configured time zone and their column header names it
("Waktu (WIB)"): a spreadsheet cell cannot carry a zone."""

import csv
import io
import re
from datetime import date, datetime

from flask import Response
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from lms import clock

FORMATS = ("csv", "xlsx")
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A spreadsheet runs a text cell starting with one of these as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_MIN_WIDTH, _MAX_WIDTH = 8, 50


def _safe_text(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_START) else value


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return _local(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".")
    return _safe_text(str(value))


def _csv_bytes(headers, rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([_safe_text(str(h)) for h in headers])
    writer.writerows([_csv_cell(v) for v in row] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _xlsx_bytes(headers, rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([str(h) for h in headers])
    widths = [len(str(h)) for h in headers]
    for row in rows:
        sheet.append([_xlsx_cell(v) for v in row])
        for index, value in enumerate(row):
            widths[index] = max(widths[index], len(_csv_cell(value)))
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
    return _safe_text(value) if isinstance(value, str) else value


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
        body, mimetype = _csv_bytes(headers, rows), "text/csv; charset=utf-8"
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
