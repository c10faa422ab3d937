"""The admin's programme evaluation (Monitoring dan Evaluasi): participation, the four levels,
service indicators and the printable report."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from lms import clock
from lms.audit import context as audit
from lms.errors import DomainError
from lms.extensions import db
from lms.learning.models import SURVEY_SCALES
from lms.people.services import unit_path_choices, unit_paths
from lms.web import exports, params
from lms.web.guards import role_required

from . import indicators as recording
from . import periods, reports, result_tables, results, tables
from .forms import IndicatorForm, ProgrammeStartForm
from .levels import DIMENSIONS
from .models import ELEMENTS, ServiceIndicator
from .periods import PeriodError

bp = Blueprint("monev", __name__, url_prefix="/monev")


@bp.context_processor
def _survey_scales():
    """The survey's own anchors for the level-1 legend, so the two never disagree."""
    return {"survey_scales": SURVEY_SCALES.values()}


@bp.context_processor
def _helpers() -> dict:
    return {"month_label": periods.month_label}


@bp.errorhandler(PeriodError)
def _bad_period(error: PeriodError):
    choices = periods.recent_choices(clock.today())
    page = render_template(
        "monev/period_error.html", message=str(error), choices=choices, asked=request.args
    )
    return page, 400


def _period() -> periods.Period:
    return periods.parse(request.args.get("period"), clock.today())


def _export(found: list[tables.Table], stem: str):
    """The table named in ?tabel= as a download, or None when no format was asked for."""
    fmt = request.args.get("format")
    if not fmt:
        return None
    wanted = next((t for t in found if t.key == request.args.get("tabel")), None)
    if fmt not in exports.FORMATS or wanted is None:
        abort(400)
    return exports.table_response(f"{wanted.key}-{stem}", wanted.headers, wanted.all_rows, fmt)


def _picker_choices(period: periods.Period) -> list[tuple[str, str]]:
    choices = periods.recent_choices(clock.today())
    if period.key not in dict(choices):
        choices.insert(0, (period.key, period.label))
    return choices


@bp.route("")
@role_required("admin")
def overview():
    period = _period()
    report = reports.overview(period, clock.today(), current_app.config["JP_TARGET_PER_YEAR"])
    download = _export([report.participation, report.completions], period.key)
    if download is not None:
        return download
    return render_template(
        "monev/overview.html",
        report=report,
        period=period,
        choices=_picker_choices(period),
        target=current_app.config["JP_TARGET_PER_YEAR"],
    )


def _low_participation() -> float:
    return current_app.config["L4_LOW_PARTICIPATION_PERCENT"]


def _unit_choice(unit_ids: list[int]) -> int | None:
    wanted = params.int_arg("unit")
    if wanted is not None and wanted not in unit_ids:
        abort(404)
    return wanted if wanted is not None else (unit_ids[0] if unit_ids else None)


@bp.route("/level")
@role_required("admin")
def four_levels():
    period = _period()
    dimension = request.args.get("per", "modul")
    if dimension not in DIMENSIONS:
        abort(400)
    report = reports.four_levels(period, dimension, _low_participation())
    unit_id = _unit_choice(report.unit_ids)
    paths = unit_paths()
    unit = reports.unit_results(period, unit_id, paths[unit_id], clock.today()) if unit_id else None
    found = [
        report.reaction,
        report.learning,
        report.study,
        report.behaviour,
        report.behaviour_change,
        report.competencies,
    ]
    found += [report.results, report.groups] + ([unit.table] if unit else [])
    download = _export(found, period.key)
    if download is not None:
        return download
    start_form = ProgrammeStartForm(formdata=None)
    if unit is not None:
        start_form.unit_id.data = unit.unit_id
        start_form.start_month.data = unit.start if unit.start_set_by_admin else None
    return render_template(
        "monev/levels.html",
        report=report,
        unit=unit,
        start_form=start_form,
        paths=paths,
        period=period,
        choices=_picker_choices(period),
    )


@bp.route("/laporan")
@role_required("admin")
def printable():
    period = _period()
    target = current_app.config["JP_TARGET_PER_YEAR"]
    paths = unit_paths()
    level_report = reports.four_levels(period, "modul", _low_participation())
    return render_template(
        "monev/report.html",
        period=period,
        overview=reports.overview(period, clock.today(), target),
        levels=level_report,
        by_unit=reports.four_levels(period, "unit", _low_participation()),
        units=[
            reports.unit_results(period, i, paths[i], clock.today()) for i in level_report.unit_ids
        ],
        target=target,
        printed=clock.utcnow(),
        issuer=current_app.config["CERTIFICATE_ISSUER"],
    )


def _indicator_form(indicator: ServiceIndicator) -> IndicatorForm:
    form = IndicatorForm(obj=indicator if request.method == "GET" else None)
    choices = unit_path_choices()
    form.unit_id.choices = [("", _("Pilih unit kerja"))] + choices
    return form


def _save(indicator: ServiceIndicator, form: IndicatorForm) -> bool:
    """Validate and store; on a refused value the message lands on its field."""
    if not form.validate_on_submit():
        return False
    try:
        recording.save_indicator(
            indicator,
            unit_id=form.unit_id.data,
            month=form.month.data,
            waiting_minutes=form.waiting_minutes.data,
            waiting_n=form.waiting_n.data,
            elements=[form[name].data for name in ELEMENTS],
            respondents=form.respondents.data,
            note=form.note.data or "",
            recorded_by_id=current_user.id,
            today=clock.today(),
            now=clock.utcnow(),
        )
    except DomainError as error:
        db.session.rollback()
        error.show_on(form, "unit_id")
        return False
    audit.record(
        "l4_entry",
        f"indikator {indicator.id} unit {form.unit_id.data} bulan {form.month.data}",
        f"tunggu {form.waiting_minutes.data} menit (n {form.waiting_n.data}), "
        f"IKM {indicator.ikm} dari {indicator.respondents} responden",
    )
    db.session.commit()
    return True


@bp.route("/indikator", methods=["GET", "POST"])
@role_required("admin")
def indicators():
    form = _indicator_form(ServiceIndicator())
    if _save(ServiceIndicator(), form):
        flash(_("Indikator layanan tersimpan."), "success")
        return redirect(url_for("monev.indicators"))
    unit_id = params.int_arg("unit")
    query, paths = recording.indicators_query(unit_id), unit_paths()
    if request.args.get("format"):
        return _export([result_tables.indicators(db.session.scalars(query).all(), paths)], "semua")
    page = db.paginate(query, page=params.page(), error_out=False)
    return render_template(
        "monev/indicators.html",
        form=form,
        page=page,
        table=result_tables.indicators(page.items, paths),
        unit_id=unit_id,
    ), 400 if form.errors else 200


@bp.route("/indikator/<int:indicator_id>", methods=["GET", "POST"])
@role_required("admin")
def edit_indicator(indicator_id: int):
    indicator = db.get_or_404(ServiceIndicator, indicator_id)
    form = _indicator_form(indicator)
    if _save(indicator, form):
        flash(_("Indikator layanan diperbarui."), "success")
        return redirect(url_for("monev.indicators"))
    return render_template(
        "monev/indicator_form.html", form=form, indicator=indicator
    ), 400 if form.errors else 200


@bp.route("/indikator/mulai", methods=["POST"])
@role_required("admin")
def programme_start():
    form = ProgrammeStartForm()
    unit_id = form.unit_id.data
    if not str(unit_id or "").isdigit():
        abort(400)
    try:
        if not form.validate_on_submit():
            raise DomainError(" ".join(str(e) for e in form.start_month.errors))
        results.set_programme_start(
            int(unit_id), form.start_month.data, current_user.id, clock.today()
        )
    except DomainError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        audit.record("l4_entry", f"awal program unit {unit_id}", str(form.start_month.data))
        db.session.commit()
        flash(_("Awal program unit disimpan."), "success")
    return redirect(url_for("monev.four_levels", unit=unit_id, period=request.args.get("period")))
