"""The audit trail for admins: a filtered list and its CSV. Read-only by design."""

from flask import Blueprint, render_template, request
from flask_babel import gettext as _

from lms.extensions import db
from lms.web import params
from lms.web.exports import table_response
from lms.web.guards import role_required

from . import services
from .forms import AuditFilterForm

bp = Blueprint("audit", __name__, url_prefix="/admin/audit")
PER_PAGE = 50


def _filters() -> tuple[AuditFilterForm, services.Filters | None]:
    """The filter form and, when it is valid, the filters it asks for."""
    form = AuditFilterForm(request.args)
    form.action.choices = [("", _("Semua aksi"))] + [
        (k, str(v)) for k, v in services.ACTIONS.items()
    ]
    form.action.data = form.action.data or ""
    if not form.validate():
        return form, None
    return form, services.Filters(
        form.action.data, form.nip.data or "", form.start.data, form.end.data
    )


def _refused(form: AuditFilterForm):
    """Bad filters: say which, list nothing rather than guess."""
    return render_template("audit/index.html", form=form, page=None, labels=services.ACTIONS), 400


@bp.route("/")
@role_required("admin")
def index():
    form, filters = _filters()
    if filters is None:
        return _refused(form)
    page = db.paginate(
        services.events_query(filters), page=params.page(), per_page=PER_PAGE, error_out=False
    )
    return render_template("audit/index.html", form=form, page=page, labels=services.ACTIONS)


@bp.route("/audit.csv")
@role_required("admin")
def export():
    form, filters = _filters()
    if filters is None:
        return _refused(form)
    rows = services.export_rows(filters)
    return table_response("log-audit", services.EXPORT_HEADERS, rows, "csv")
