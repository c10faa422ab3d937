"""The admin's employee list with JP this year, and one employee's learning record.

A record holds personal data (UU No. 27 Tahun 2022): every opening, and every export of the
list, is written to the audit trail.
"""

from flask import Blueprint, abort, current_app, render_template, request
from flask_login import current_user

from lms import clock
from lms.audit import context as audit
from lms.evaluation.services import ACTION_PLAN_LABELS
from lms.extensions import db
from lms.people.identity import grade_label, is_pppk
from lms.people.services import unit_path_choices, unit_paths
from lms.questions.plan import MIN_PER_FORM
from lms.team.services import competency_name_map, paginate_rows
from lms.web import exports, params
from lms.web.guards import current_roles, role_required

from . import services, tables
from .forms import EmployeeFilterForm

bp = Blueprint("records", __name__)


@bp.route("/admin/pegawai")
@role_required("admin")
def users():
    target = current_app.config["JP_TARGET_PER_YEAR"]
    pppk_max = current_app.config["PPPK_JP_MAX_PER_YEAR"]
    form = EmployeeFilterForm(request.args)
    form.set_choices(unit_path_choices(), target)
    if not form.validate():
        abort(400)
    year = clock.today().year
    query = services.employee_rows(
        year,
        target,
        search=(form.q.data or "").strip(),
        unit_id=form.unit.data,
        jp_filter=form.jp.data or None,
    )
    paths = unit_paths()
    if form.format.data:
        rows = db.session.execute(query).all()
        audit.record("employee_export", request.query_string.decode()[:200], f"{len(rows)} baris")
        db.session.commit()
        table = tables.employee_table(rows, paths, year, target, pppk_max)
        return exports.table_response(f"pegawai-jp-{year}", *table, form.format.data)
    page = paginate_rows(query, params.page())
    return render_template(
        "records/users.html",
        form=form,
        page=page,
        paths=paths,
        year=year,
        target=target,
        pppk_max=pppk_max,
        filtered=any(request.args.get(k) for k in ("q", "unit", "jp")),
    )


@bp.route("/pegawai/<int:user_id>/rekam-belajar")
@role_required("learner")
def record(user_id: int):
    is_admin = "admin" in current_roles()
    person = services.can_see_record(current_user.id, is_admin, user_id)
    if person is None:
        abort(404)
    record = services.learning_record(person, clock.today().year)
    audit.record("record_view", f"{person.nip} {person.name}")
    db.session.commit()
    page = render_template(
        "records/record.html",
        record=record,
        person=person,
        is_admin=is_admin,
        unit_path=unit_paths().get(person.unit_id, ""),
        grade=grade_label(person.grade),
        pppk=is_pppk(person.grade),
        competency_names=competency_name_map(),
        action_plan_labels=ACTION_PLAN_LABELS,
        min_items=MIN_PER_FORM,
        target=current_app.config["JP_TARGET_PER_YEAR"],
        pppk_max=current_app.config["PPPK_JP_MAX_PER_YEAR"],
    )
    # Personal data: not kept by a shared browser's cache or a proxy.
    return page, 200, {"Cache-Control": "no-store"}
