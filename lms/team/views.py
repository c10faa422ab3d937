"""The supervisor's pages: team overview, gains, assignments, evaluations (the employee page and
the acknowledgement of action plans are in employee.py, on the same blueprint).

Scope is the supervisor's reporting subtree; anything outside it answers 404.
"""

from datetime import datetime

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from lms import clock
from lms.assignments import services as assignments
from lms.assignments.services import OutOfScope
from lms.audit import context as audit
from lms.errors import DomainError
from lms.evaluation import services as evaluation
from lms.extensions import db
from lms.learning.models import Module
from lms.people.services import unit_paths
from lms.web import exports, params
from lms.web.guards import role_required
from lms.web.redirects import is_local_path

from . import (
    employee,  # noqa: F401  the employee page's routes, on the same blueprint
    gain_queries,
    services,
    tables,
)
from .blueprint import bp, delay_days, export_format
from .forms import (
    AssignForm,
    DueDateForm,
    OverviewFilterForm,
    behaviour_ratings,
    evaluation_form,
    int_choices,
    unit_choices,
)


def _back(default: str):
    target = request.form.get("next", "")
    return redirect(target if is_local_path(target) else default)


@bp.route("")
@role_required("supervisor")
def overview():
    target = current_app.config["JP_TARGET_PER_YEAR"]
    pppk_max = current_app.config["PPPK_JP_MAX_PER_YEAR"]
    paths = unit_paths()
    form = OverviewFilterForm(request.args)
    form.unit.choices = unit_choices(_("Semua unit"), services.team_units(current_user.id, paths))
    if not form.validate():
        abort(400)
    sort = form.sort.data
    query, binds = services.team_overview(
        current_user.id,
        today=clock.today(),
        jp_target=target,
        unit_id=form.unit.data,
        status=form.status.data or None,
        sort=sort.lstrip("-"),
        descending=sort.startswith("-"),
    )
    if form.format.data:
        rows = db.session.execute(query, binds).all()
        table = tables.overview_table(rows, paths, target, pppk_max)
        return exports.table_response("tim", *table, form.format.data)
    page = services.paginate_rows(query, params.page(), params=binds)
    waiting = evaluation.count_due_for_evaluation(current_user.id, delay_days(), clock.utcnow())
    return render_template(
        "team/overview.html",
        form=form,
        page=page,
        evaluations_waiting=waiting,
        paths=paths,
        target=target,
        pppk_max=pppk_max,
        sort=sort,
    )


@bp.route("/peningkatan")
@role_required("supervisor")
def gains():
    team = services.team_ids(current_user.id)
    fmt = export_format()
    if fmt:
        table = request.args.get("tabel", "pegawai")
        if table == "pegawai":
            rows = db.session.execute(gain_queries.enrollment_gains(team))
            headers, body = tables.enrollment_gains_table(gain_queries.as_gains(rows))
        elif table == "kompetensi":
            headers, body = tables.competency_gains_table(
                gain_queries.competency_gains(team), gain_queries.group_gain(team)
            )
        else:
            abort(400)
        return exports.table_response(f"peningkatan-{table}", headers, body, fmt)
    page = services.paginate_rows(gain_queries.enrollment_gains(team), params.page())
    return render_template(
        "team/gains.html",
        page=page,
        gains=gain_queries.as_gains(page.items),
        total=gain_queries.group_gain(team),
        competencies=gain_queries.competency_gains(team),
    )


@bp.route("/tugas", methods=["GET", "POST"])
@role_required("supervisor")
def assignments_page():
    form = AssignForm()
    members = services.team_members(current_user.id)
    form.user_ids.choices = int_choices((m.id, f"{m.name} · {m.nip}") for m in members)
    form.module_ids.choices = int_choices(services.assignable_modules())
    if request.method == "GET":
        wanted = params.int_arg("pegawai")
        form.user_ids.data = [m.id for m in members if m.id == wanted]
    if form.validate_on_submit():
        try:
            result = services.assign(
                current_user.id,
                form.user_ids.data,
                form.module_ids.data,
                form.due_date.data,
                form.note.data or "",
                today=clock.today(),
            )
        except OutOfScope:
            abort(404)
        except DomainError as error:
            error.show_on(form, "user_ids")
        except IntegrityError:
            # Another request assigned the same module at the same moment.
            db.session.rollback()
            flash(_("Tugas yang sama baru saja dibuat. Periksa daftar di bawah."), "error")
            return redirect(url_for("team.assignments_page"))
        else:
            audit.record(
                "assignment_create",
                f"pegawai {_ids(form.user_ids.data)}; modul {_ids(form.module_ids.data)}",
                f"baru {result.created}, diperbarui {result.updated}, "
                f"batas {form.due_date.data.isoformat()}",
            )
            db.session.commit()
            flash(_assigned_message(result), "success")
            return redirect(url_for("team.assignments_page"))
    return _assignment_list(form)


def _ids(ids: list[int]) -> str:
    return ",".join(str(i) for i in sorted(ids))


def _assigned_message(result: assignments.AssignResult) -> str:
    message = _("%(n)s tugas baru dibuat.", n=result.created)
    if result.updated:
        message += " " + _(
            "%(n)s tugas yang sudah ada diperbarui batas waktu dan catatannya.", n=result.updated
        )
    return message


def _assignment_list(form: AssignForm):
    status = request.args.get("status") or None
    if status is not None and status not in services.ASSIGNMENT_STATUSES:
        abort(400)
    query = services.assignment_rows(current_user.id, clock.today(), status)
    fmt = export_format()
    if fmt and request.method == "GET":
        rows = db.session.execute(query).all()
        return exports.table_response("tugas", *tables.assignments_table(rows), fmt)
    page = services.paginate_rows(query, params.page())
    return render_template(
        "team/assignments.html",
        form=form,
        page=page,
        status=status,
        statuses=services.ASSIGNMENT_STATUSES,
        today=clock.today(),
    ), 400 if form.errors else 200


@bp.route("/tugas/<int:assignment_id>/batal", methods=["GET", "POST"])
@role_required("supervisor")
def cancel_assignment(assignment_id: int):
    """GET asks first (a page, no JavaScript needed); POST cancels."""
    try:
        assignment = assignments.scoped_assignment(current_user.id, assignment_id)
        if request.method == "GET":
            module = db.session.get(Module, assignment.module_id)
            return render_template("team/cancel.html", assignment=assignment, module=module)
        services.cancel_assignment(current_user.id, assignment_id)
    except OutOfScope:
        abort(404)
    except DomainError as error:
        flash(str(error), "error")
        return _back(url_for("team.assignments_page"))
    audit.record("assignment_cancel", f"tugas {assignment_id}")
    db.session.commit()
    flash(_("Tugas dibatalkan."), "success")
    return _back(url_for("team.assignments_page"))


@bp.route("/tugas/<int:assignment_id>/batas-waktu", methods=["POST"])
@role_required("supervisor")
def change_due_date(assignment_id: int):
    try:
        assignments.scoped_assignment(current_user.id, assignment_id)
    except OutOfScope:
        abort(404)
    form = DueDateForm()
    try:
        if not form.validate():
            raise DomainError(" ".join(str(e) for e in form.due_date.errors))
        assignments.change_due_date(
            current_user.id, assignment_id, form.due_date.data, today=clock.today()
        )
    except DomainError as error:
        flash(str(error), "error")
    else:
        audit.record(
            "assignment_change", f"tugas {assignment_id}", f"batas {form.due_date.data.isoformat()}"
        )
        db.session.commit()
        flash(_("Batas waktu diubah."), "success")
    return _back(url_for("team.assignments_page"))


@bp.route("/evaluasi")
@role_required("supervisor")
def evaluations():
    query = evaluation.due_for_evaluation(current_user.id, delay_days(), clock.utcnow())
    fmt = export_format()
    if fmt:
        rows = db.session.scalars(query).unique().all()
        return exports.table_response("evaluasi", *tables.evaluations_due_table(rows), fmt)
    page = db.paginate(query, page=params.page(), per_page=services.PER_PAGE, error_out=False)
    return render_template("team/evaluations.html", page=page, delay=delay_days())


@bp.route("/evaluasi/<int:enrollment_id>", methods=["GET", "POST"])
@role_required("supervisor")
def evaluate(enrollment_id: int):
    enrollment = evaluation.scoped_completed_enrollment(current_user.id, enrollment_id)
    if enrollment is None:
        abort(404)
    employee_page = url_for("team.employee", user_id=enrollment.user_id)
    delay, now = delay_days(), clock.utcnow()
    closed = _evaluation_closed(enrollment, delay, now)
    if closed:
        flash(closed, "error")
        return redirect(employee_page)
    codes = enrollment.version.competency_codes
    names = services.competency_name_map()
    form = evaluation_form(
        codes, [names.get(code, code) for code in codes], behaviours=enrollment.version.behaviours
    )
    if form.validate_on_submit() and _save_evaluation(form, enrollment, delay, now):
        flash(_("Evaluasi pasca pelatihan tersimpan."), "success")
        return redirect(employee_page)
    page = render_template(
        "team/evaluate.html",
        form=form,
        enrollment=enrollment,
        rtls=services.enrollment_rtls(enrollment.id),
    )
    return page, 400 if form.errors else 200


def _evaluation_closed(enrollment, delay: int, now: datetime) -> str | None:
    """Why the form is not open for this enrolment (already given, too early), or None."""
    if evaluation.evaluation_for(enrollment.id) is not None:
        return _("Evaluasi pasca pelatihan untuk modul ini sudah diisi.")
    if not evaluation.is_due(enrollment, delay, now):
        return _("Evaluasi baru dapat diisi %(n)s hari setelah modul selesai.", n=delay)
    return None


def _save_evaluation(form, enrollment, delay: int, now: datetime) -> bool:
    """Record and commit the evaluation; on a broken rule put the message on its field."""
    codes = form.codes
    ratings = {code: form[f"rating_{i}"].data for i, code in enumerate(codes)}
    try:
        evaluation.record(
            current_user.id,
            enrollment,
            ratings,
            form.action_plan.data,
            form.note.data or "",
            delay_days=delay,
            now=now,
            behaviours=behaviour_ratings(form, len(enrollment.version.behaviours)),
        )
    except DomainError as error:
        field = f"rating_{codes.index(error.field)}" if error.field in codes else error.field
        form[field if field in form else "action_plan"].errors.append(str(error))
        return False
    except IntegrityError:
        # A second submission raced the first: the evaluation is stored once.
        db.session.rollback()
        form.action_plan.errors.append(_("Evaluasi pasca pelatihan untuk modul ini sudah diisi."))
        return False
    db.session.commit()
    return True
