"""What the pages show, put together: tables and charts in a fixed number of queries."""

from dataclasses import dataclass, field
from datetime import date

from flask_babel import format_date
from flask_babel import gettext as _
from markupsafe import Markup

from lms.people.services import unit_paths

from . import charts, levels, result_tables, results, services, study, tables
from .periods import Period, month_label


@dataclass
class Overview:
    period: Period
    total: services.Participation
    participation: tables.Table
    completions: tables.Table
    chart: Markup


def _short_month(month: date) -> str:
    return format_date(month, "MMM yy")


def completion_chart(months: list[services.MonthCount]) -> Markup:
    first, last = month_label(months[0].month), month_label(months[-1].month)
    total = sum(m.completions for m in months)
    return charts.bar_chart(
        _("Modul diselesaikan per bulan"),
        _(
            "Diagram batang jumlah modul yang diselesaikan setiap bulan, %(first)s sampai "
            "%(last)s; seluruhnya %(total)s modul. Angkanya ada di tabel di bawah diagram.",
            first=first,
            last=last,
            total=total,
        ),
        [_short_month(m.month) for m in months],
        [m.completions for m in months],
        x_label=_("Bulan"),
        y_label=_("Modul diselesaikan"),
    )


def overview(period: Period, today: date, jp_target: int) -> Overview:
    rows = services.participation(period, today, jp_target)
    total = services.province_total(rows)
    months = services.completions_by_month(services.chart_months(period, today))
    return Overview(
        period=period,
        total=total,
        participation=tables.participation(rows, total, jp_target),
        completions=tables.completions(months),
        chart=completion_chart(months),
    )


def ngain_chart(total: levels.Learning) -> Markup:
    gain = total.gain
    labels = [
        _("Tinggi (g ≥ 0,7)"),
        _("Sedang (0,3 ≤ g < 0,7)"),
        _("Rendah (0 ≤ g < 0,3)"),
        _("Penurunan (g < 0)"),
    ]
    values = [gain.tinggi, gain.sedang, gain.rendah, gain.penurunan]
    return charts.bar_chart(
        _("Sebaran kategori N-Gain"),
        _(
            "Diagram batang jumlah peserta per kategori N-Gain: tinggi %(high)s, sedang "
            "%(medium)s, rendah %(low)s, penurunan %(drop)s, dari %(n)s pasangan dengan N-Gain "
            "individu.",
            high=gain.tinggi,
            medium=gain.sedang,
            low=gain.rendah,
            drop=gain.penurunan,
            n=gain.with_gain,
        ),
        labels,
        values,
        x_label=_("Kategori N-Gain"),
        y_label=_("Pasangan"),
    )


@dataclass
class Levels:
    period: Period
    dimension: str
    reaction: tables.Table
    learning: tables.Table
    ngain_chart: Markup
    study: tables.Table
    behaviour: tables.Table
    behaviour_change: tables.Table
    competencies: tables.Table
    results: tables.Table
    groups: tables.Table
    unit_ids: list[int] = field(default_factory=list)


def four_levels(period: Period, dimension: str, low_participation: float) -> Levels:
    """L1-L3 for the province and per module or per top-level unit; the L4 summary, with the
    units whose trained share is below `low_participation` percent as a comparison group."""
    l2_total = levels.learning(period)[0]
    paths = unit_paths()
    summary = results.results_summary(period)
    return Levels(
        period=period,
        dimension=dimension,
        reaction=tables.reaction(
            levels.reaction(period, dimension), levels.reaction(period)[0], dimension
        ),
        learning=tables.learning(levels.learning(period, dimension), l2_total, dimension),
        ngain_chart=ngain_chart(l2_total),
        study=study.study_table(study.study_by_module(period)),
        behaviour=tables.behaviour(
            levels.behaviour(period, dimension), levels.behaviour(period)[0], dimension
        ),
        behaviour_change=tables.behaviour_change(
            levels.behaviour_change(period, dimension),
            levels.behaviour_change(period)[0],
            dimension,
        ),
        competencies=tables.behaviour_competencies(levels.behaviour_by_competency(period)),
        results=result_tables.results_summary(summary, paths, low_participation),
        groups=result_tables.participation_groups(
            results.participation_groups(summary, low_participation), low_participation
        ),
        unit_ids=sorted((row.unit_id for row in summary), key=lambda i: paths[i].lower()),
    )


@dataclass
class UnitResults:
    unit_id: int
    path: str
    start: date | None
    start_set_by_admin: bool
    table: tables.Table
    waiting_chart: Markup
    ikm_chart: Markup


def unit_results(period: Period, unit_id: int, path: str, today: date) -> UnitResults:
    """One unit's indicators over the 12 months to the period's end, beside its training."""
    months = services.chart_months(period, today)
    series = results.unit_series(unit_id, months)
    start, by_admin = results.programme_start(unit_id)
    marker = months.index(start) if start in months else None
    labels = [_short_month(m) for m in months]
    common = {
        "x_label": _("Bulan"),
        "marker": marker,
        "marker_label": _("Program dimulai"),
    }
    waiting = charts.line_chart(
        _("Waktu tunggu layanan %(unit)s", unit=path),
        _series_desc(_("rata-rata waktu tunggu (menit)"), months, start),
        labels,
        [charts.Series(_("Waktu tunggu"), [p.waiting_minutes for p in series])],
        y_label=_("Menit"),
        **common,
    )
    ikm = charts.line_chart(
        _("IKM dan pegawai terlatih, %(unit)s", unit=path),
        _series_desc(
            _("IKM (0–100) dan persentase pegawai yang telah menyelesaikan modul"), months, start
        ),
        labels,
        [
            charts.Series(_("IKM"), [p.ikm for p in series]),
            charts.Series(_("Pegawai terlatih (%)"), [p.trained_share for p in series]),
        ],
        y_label=_("IKM / persen"),
        top=100,
        **common,
    )
    return UnitResults(
        unit_id, path, start, by_admin, result_tables.unit_series(series, path), waiting, ikm
    )


def _series_desc(what: str, months: list[date], start: date | None) -> str:
    text = _(
        "Diagram garis %(what)s per bulan, %(first)s sampai %(last)s.",
        what=what,
        first=month_label(months[0]),
        last=month_label(months[-1]),
    )
    if start is not None:
        text += " " + _("Program dimulai %(month)s.", month=month_label(start))
    return text + " " + _("Angkanya ada di tabel di bawah diagram.")
