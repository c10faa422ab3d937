"""Whose module it is: admins name and release its maintainers; any trainer copies a module into
a new one of their own."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from lms.errors import DomainError
from lms.extensions import db
from lms.web.guards import role_required

from . import maintainers, services
from .forms import DuplicateForm, MaintainerForm
from .views import TRAINERS, form_status, module_or_404

bp = Blueprint("module_ownership", __name__, url_prefix="/pengajar")


@bp.route("/modul/<slug>/salin", methods=["GET", "POST"])
@role_required(*TRAINERS)
def duplicate(slug: str):
    source = module_or_404(slug)
    form = DuplicateForm()
    if form.validate_on_submit():
        try:
            copy = services.duplicate_module(
                source, form.slug.data, form.title.data, current_user.id
            )
        except DomainError as error:
            db.session.rollback()
            error.show_on(form, "slug")
        else:
            db.session.commit()
            flash(_("Salinan dibuat sebagai draf yang Anda kelola. Sesuaikan, lalu terbitkan."))
            return redirect(url_for("authoring.workspace", slug=copy.slug))
    latest = services.editable_version(source)
    page = render_template(
        "authoring/duplicate.html",
        form=form,
        module=source,
        source_title=latest.title if latest else source.slug,
    )
    return page, form_status(form)


@bp.route("/modul/<slug>/pengelola", methods=["POST"])
@role_required("admin")
def add_maintainer(slug: str):
    module = module_or_404(slug)
    form = MaintainerForm()
    try:
        if not form.validate():
            raise DomainError(" ".join(str(e) for e in form.nip.errors))
        maintainers.add_by_nip(module, form.nip.data, current_user.id)
    except DomainError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(_("Pengelola ditambahkan."), "success")
    return redirect(url_for("authoring.workspace", slug=slug, _anchor="pengelola"))


@bp.route("/modul/<slug>/pengelola/<int:user_id>/lepas", methods=["POST"])
@role_required("admin")
def remove_maintainer(slug: str, user_id: int):
    maintainers.remove(module_or_404(slug), user_id, current_user.id)
    db.session.commit()
    flash(_("Pengelola dilepas."), "success")
    return redirect(url_for("authoring.workspace", slug=slug, _anchor="pengelola"))
