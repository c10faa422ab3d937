"""One employee's page for their supervisor, and the acknowledgement of their action plans.

The acknowledgement re-renders the page with the form's errors, so both live here. Scope is the
supervisor's reporting subtree (anything outside answers 404); an RTL is read and acknowledged
by the direct (or acting) supervisor only.
"""

from datetime import timedelta

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from lms import clock
from lms.errors import DomainError
from lms.evaluation import action_plans
from lms.evaluation import services as evaluation
from lms.extensions import db
from lms.learning import study
from lms.learning.models import Enrollment
from lms.people.services import is_direct_report, unit_paths
from lms.questions.plan import MIN_PER_FORM
from lms.team import gains as hake
from lms.web import exports
from lms.web.guards import role_required

from . import gain_queries, members, services, tables
from .blueprint import bp, delay_days, export_format
from .forms import acknowledge_form, behaviour_ratings


@bp.route("/pegawai/<int:user_id>")
@role_required("supervisor")
def employee(user_id: int):
    person = services.member(current_user.id, user_id) or abort(404)
    return _employee_page(person)


def _employee_page(person, ack_forms: dict | None = None, status: int = 200):
    enrollments = members.member_enrollments(person.id)
    attempts = members.member_attempts(person.id)
    assigned = members.member_assignments(person.id, clock.today())
    times = study.study_times([row.Enrollment for row in enrollments])
    competencies = gain_queries.person_competency_gains(services.person_ids(person.id))
    fmt = export_format()
    if fmt:
        tables_of = {
            "modul": lambda: tables.member_modules_table(enrollments, times),
            "kompetensi": lambda: tables.member_competencies_table(competencies),
            "tes": lambda: tables.member_attempts_table(attempts),
            "tugas": lambda: tables.member_assignments_table(assigned),
        }
        return _employee_export(person, fmt, tables_of)
    evaluations = evaluation.evaluations_by_enrollment(person.id)
    now, delay = clock.utcnow(), delay_days()
    direct = is_direct_report(current_user.id, person.id)
    due = {
        row.Enrollment.id
        for row in enrollments
        if direct
        and row.Enrollment.id not in evaluations
        and evaluation.is_due(row.Enrollment, delay, now)
    }
    reflections = members.member_reflections(person.id) if direct else []
    ack_forms = {
        row.Reflection.enrollment_id: acknowledge_form(
            row.behaviours, f"e{row.Reflection.enrollment_id}"
        )
        for row in reflections
        if row.Reflection.kind == "rtl" and row.Reflection.acknowledged_at is None
    } | (ack_forms or {})
    return render_template(
        "team/employee.html",
        person=person,
        unit_path=unit_paths().get(person.unit_id, ""),
        enrollments=enrollments,
        times=times,
        study_cap=current_app.config["STUDY_PAGE_CAP_MINUTES"],
        gain=gain_queries.group_gain(services.person_ids(person.id)),
        module_gains={row.Enrollment.id: _gain(row.Enrollment) for row in enrollments},
        competencies=competencies,
        min_items=MIN_PER_FORM,
        attempts=attempts,
        certificates=members.member_certificates(person.id),
        direct=direct,
        reflections=reflections,
        plan_summaries=[] if direct else members.member_plan_summaries(person.id),
        ack_forms=ack_forms,
        assignments=assigned,
        evaluations=evaluations,
        due=due,
        delay=timedelta(days=delay),
        competency_names=services.competency_name_map(),
        action_plan_labels=evaluation.ACTION_PLAN_LABELS,
        statuses=services.ASSIGNMENT_STATUSES,
    ), status


@bp.route("/rtl/<int:enrollment_id>/akui", methods=["POST"])
@role_required("supervisor")
def acknowledge(enrollment_id: int):
    """The direct (or acting) supervisor acknowledges an RTL and rates the baseline."""
    enrollment = db.get_or_404(Enrollment, enrollment_id)
    if not is_direct_report(current_user.id, enrollment.user_id):
        abort(404)
    behaviours = enrollment.version.behaviours
    form = acknowledge_form(behaviours, f"e{enrollment.id}")
    if form.validate_on_submit():
        try:
            action_plans.acknowledge(
                current_user.id,
                enrollment,
                behaviour_ratings(form, len(behaviours)),
                clock.utcnow(),
            )
        except DomainError as error:
            db.session.rollback()
            if error.field in form:
                form[error.field].errors.append(str(error))
            else:
                flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("RTL diakui. Pegawai dapat melihat pengakuan Anda."), "success")
            return redirect(url_for("team.employee", user_id=enrollment.user_id, _anchor="rtl"))
    return _employee_page(enrollment.user, {enrollment.id: form}, status=400)


def _gain(enrollment) -> tuple[float | None, str | None]:
    value = gain_queries.enrollment_gain(enrollment)
    return value, hake.category(value)


def _employee_export(person, fmt: str, tables_of: dict):
    """One of the page's tables as a download; the builders run only for the one asked for."""
    table = request.args.get("tabel", "")
    if table not in tables_of:
        abort(400)
    return exports.table_response(f"pegawai-{person.nip}-{table}", *tables_of[table](), fmt)
