"""The Level 4 tables: the units' service results before and after the program, the program
and comparison groups, one unit's months, and the indicators as recorded."""

from flask_babel import format_decimal
from flask_babel import gettext as _

from . import results
from .indicators import ikm_grade
from .models import ELEMENTS
from .periods import month_label
from .tables import DEC1, DEC2, PCT, TEXT, Column, Table, rounded


def _grade(ikm: float | None) -> str:
    grade = ikm_grade(ikm)
    return f"{grade[0]} ({grade[1]})" if grade else ""


def _group_label(low: bool) -> str:
    return _("Pembanding (partisipasi rendah)") if low else _("Program")


def results_summary(
    rows: list[results.UnitResults], paths: dict[int, str], threshold: float
) -> Table:
    columns = [
        Column(_("Unit Kerja"), TEXT),
        Column(_("Program dimulai"), TEXT),
        Column(_("Pegawai terlatih (%)"), PCT),
        Column(_("Kelompok"), TEXT),
        Column(_("IKM sebelum"), DEC2),
        Column(_("Responden sebelum")),
        Column(_("IKM sesudah"), DEC2),
        Column(_("Responden sesudah")),
        Column(_("Mutu sesudah"), TEXT),
        Column(_("Waktu tunggu sebelum (menit)"), DEC1),
        Column(_("Waktu tunggu sesudah (menit)"), DEC1),
        Column(_("IKM periode ini"), DEC2),
        Column(_("IKM bulan yang sama tahun sebelumnya"), DEC2),
        Column(_("Waktu tunggu periode ini (menit)"), DEC1),
        Column(_("Waktu tunggu bulan yang sama tahun sebelumnya (menit)"), DEC1),
        Column(_("Bulan tanpa bobot (data lama)")),
    ]
    body = [
        [
            paths.get(row.unit_id, ""),
            month_label(row.start) if row.start else _("belum ada"),
            rounded(row.trained_share),
            _group_label(row.low_participation(threshold)),
            rounded(row.before.ikm, 2),
            row.before.respondents,
            rounded(row.after.ikm, 2),
            row.after.respondents,
            _grade(row.after.ikm),
            rounded(row.before.waiting),
            rounded(row.after.waiting),
            rounded(row.this_period.ikm, 2),
            rounded(row.year_earlier.ikm, 2),
            rounded(row.this_period.waiting),
            rounded(row.year_earlier.waiting),
            row.unweighted,
        ]
        for row in sorted(rows, key=lambda r: paths.get(r.unit_id, "").lower())
    ]
    return Table("l4-ringkasan", _("Level 4 – Hasil: sebelum dan sesudah program"), columns, body)


def participation_groups(groups: list[results.GroupResults], threshold: float) -> Table:
    columns = [
        Column(_("Kelompok"), TEXT),
        Column(_("Unit")),
        Column(_("IKM periode ini"), DEC2),
        Column(_("IKM bulan yang sama tahun sebelumnya"), DEC2),
        Column(_("Perubahan IKM"), DEC2),
        Column(_("Responden periode ini")),
        Column(_("Waktu tunggu periode ini (menit)"), DEC1),
        Column(_("Waktu tunggu bulan yang sama tahun sebelumnya (menit)"), DEC1),
        Column(_("Perubahan waktu tunggu (menit)"), DEC1),
    ]
    body = [
        [
            _group_label(group.low_participation),
            group.units,
            rounded(group.this_period.ikm, 2),
            rounded(group.year_earlier.ikm, 2),
            rounded(group.ikm_change, 2),
            group.this_period.respondents,
            rounded(group.this_period.waiting),
            rounded(group.year_earlier.waiting),
            rounded(group.waiting_change),
        ]
        for group in groups
    ]
    title = _(
        "Level 4 – Unit program dan unit pembanding (pegawai terlatih di bawah %(n)s%%)",
        n=format_decimal(threshold, format="#,##0.#"),
    )
    return Table("l4-kelompok", title, columns, body)


def unit_series(series: list[results.MonthResult], unit_path: str) -> Table:
    columns = [
        Column(_("Bulan"), TEXT),
        Column(_("Waktu tunggu (menit)"), DEC1),
        Column(_("Layanan diukur")),
        Column(_("IKM"), DEC2),
        Column(_("Responden")),
        Column(_("Mutu pelayanan"), TEXT),
        Column(_("Modul diselesaikan")),
        Column(_("Pegawai terlatih (%)"), PCT),
    ]
    body = [
        [
            month_label(point.month),
            rounded(point.waiting_minutes),
            point.waiting_n,
            rounded(point.ikm, 2),
            point.respondents,
            _grade(point.ikm),
            point.completions,
            rounded(point.trained_share),
        ]
        for point in series
    ]
    return Table("l4-unit", _("Indikator %(unit)s per bulan", unit=unit_path), columns, body)


def _ikm_source(row) -> str:
    if row.ikm is None:
        return ""
    return _("data lama tanpa unsur") if row.legacy_ikm else _("9 unsur")


def indicators(rows, paths: dict[int, str]) -> Table:
    columns = [
        Column(_("Unit Kerja"), TEXT),
        Column(_("Bulan"), TEXT),
        Column(_("Waktu tunggu (menit)"), DEC1),
        Column(_("Layanan diukur")),
        Column(_("IKM"), DEC2),
        Column(_("Mutu pelayanan"), TEXT),
        Column(_("Responden")),
        Column(_("Sumber IKM"), TEXT),
        *(Column(name.upper(), DEC2) for name in ELEMENTS),
        Column(_("Catatan"), TEXT),
    ]
    body = [
        [
            paths.get(row.unit_id, ""),
            month_label(row.month),
            row.waiting_minutes,
            row.waiting_n,
            rounded(row.ikm, 2),
            _grade(row.ikm),
            row.respondents,
            _ikm_source(row),
            *(getattr(row, name) for name in ELEMENTS),
            row.note,
        ]
        for row in rows
    ]
    return Table("indikator", _("Indikator layanan yang tercatat"), columns, body)
