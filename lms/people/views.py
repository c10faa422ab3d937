"""Admin screens for units and employees."""

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from lms.audit import context as audit
from lms.errors import DomainError
from lms.extensions import db
from lms.web import database, exports
from lms.web.addresses import public_base_url
from lms.web.forms import EmptyForm
from lms.web.guards import role_required

from . import handouts, services
from .forms import HandoutForm, ImportForm, UnitForm, UserForm, unit_choices
from .importer import COLUMNS, TEMPLATE_ROW, import_employees
from .models import Unit, User

bp = Blueprint("people", __name__, url_prefix="/admin")
LIST_CHANGED = _l("Daftar penerima berubah sejak Anda memeriksanya. Periksa lagi, lalu konfirmasi.")
NOBODY = _l("Tidak ada pegawai di unit ini yang perlu dibuatkan kata sandi.")


@bp.route("/unit", methods=["GET", "POST"])
@role_required("admin")
def units():
    form = UnitForm()
    form.parent_id.choices = unit_choices(services.unit_path_choices())
    if form.validate_on_submit():
        try:
            services.save_unit(Unit(), form.name.data, form.parent_id.data)
        except DomainError as error:
            error.show_on(form, "name")
        else:
            db.session.commit()
            flash(_("Unit ditambahkan."), "success")
            return redirect(url_for("people.units"))
    page = render_template(
        "people/units.html",
        form=form,
        tree=services.unit_tree(),
        headcount=services.headcount_by_unit(),
    )
    return page, 400 if form.errors else 200


@bp.route("/unit/<int:unit_id>", methods=["GET", "POST"])
@role_required("admin")
def edit_unit(unit_id: int):
    unit = db.get_or_404(Unit, unit_id)
    form = UnitForm(obj=unit)
    form.parent_id.choices = unit_choices(
        [c for c in services.unit_path_choices() if c[0] != unit.id]
    )
    if form.validate_on_submit():
        try:
            services.save_unit(unit, form.name.data, form.parent_id.data)
        except DomainError as error:
            db.session.rollback()
            error.show_on(form, "parent_id")
        else:
            db.session.commit()
            flash(_("Unit disimpan."), "success")
            return redirect(url_for("people.units"))
    status = 400 if form.errors else 200
    return render_template("people/unit_form.html", form=form, unit=unit), status


def _granted_roles(form: UserForm) -> set[str]:
    return {r for r, on in (("trainer", form.is_trainer), ("admin", form.is_admin)) if on.data}


@bp.route("/pegawai/baru", methods=["GET", "POST"])
@bp.route("/pegawai/<int:user_id>", methods=["GET", "POST"])
@role_required("admin")
def edit_user(user_id: int | None = None):
    user = db.get_or_404(User, user_id) if user_id else User(active=True)
    form = UserForm(obj=user)
    form.unit_id.choices = unit_choices(services.unit_path_choices())
    if request.method == "GET" and user.id:
        form.supervisor_nip.data = user.supervisor.nip if user.supervisor else ""
        acting = user.acting_supervisor
        form.acting_supervisor_nip.data = acting.nip if acting else ""
        form.is_trainer.data = "trainer" in user.granted_roles
        form.is_admin.data = "admin" in user.granted_roles
    if form.validate_on_submit():
        deactivating = user.active and user.id and not form.active.data
        if deactivating and user.id != current_user.id and "confirm" not in request.form:
            # Deactivating locks the employee out: ask on a page of its own first (the service
            # refuses an admin's own account, so that case goes straight to its message).
            fields = [(k, v) for k, v in request.form.items(multi=True) if k != "csrf_token"]
            return render_template("people/deactivate.html", user=user, fields=fields)
        before = (user.id, set(user.granted_roles), user.active)
        try:
            services.save_user(
                user,
                form.data,
                form.supervisor_nip.data,
                _granted_roles(form),
                actor_id=current_user.id,
            )
        except DomainError as error:
            db.session.rollback()
            error.show_on(form, "nip")
        else:
            _audit_user_changes(user, *before)
            db.session.commit()
            flash(_("Data pegawai disimpan."), "success")
            return redirect(url_for("people.edit_user", user_id=user.id))
    status = 400 if form.errors else 200
    return render_template("people/user_form.html", form=form, user=user), status


def _who(user: User) -> str:
    return f"{user.nip} {user.name}"


def _audit_user_changes(user: User, old_id: int | None, old_roles: set, was_active: bool) -> None:
    if old_id is None:
        audit.record("user_create", _who(user))
    if user.granted_roles != old_roles:
        roles = ", ".join(sorted(user.granted_roles)) or "-"
        audit.record("role_change", _who(user), f"{', '.join(sorted(old_roles)) or '-'} → {roles}")
    if was_active != user.active:
        audit.record("user_reactivate" if user.active else "user_deactivate", _who(user))


@bp.route("/pegawai/<int:user_id>/kata-sandi-sementara", methods=["POST"])
@role_required("admin")
def temporary_password(user_id: int):
    with database.before_writing():
        user = db.get_or_404(User, user_id)
        if not EmptyForm().validate_on_submit():
            return redirect(url_for("people.edit_user", user_id=user.id))
        password, password_hash = services.new_temporary_password(
            current_app.config["PASSWORD_HASH_METHOD"]
        )
    services.issue_temporary_password(user, password_hash)
    audit.record("temporary_password", _who(user))
    db.session.commit()
    page = render_template("people/temporary_password.html", user=user, password=password)
    return page, 200, {"Cache-Control": "no-store"}


@bp.route("/pegawai/<int:user_id>/keluarkan", methods=["POST"])
@role_required("admin")
def sign_out_everywhere(user_id: int):
    user = db.get_or_404(User, user_id)
    if EmptyForm().validate_on_submit():
        services.revoke_sessions(user)
        audit.record("sessions_revoked", _who(user))
        db.session.commit()
        flash(_("Semua sesi pegawai ini telah diakhiri."), "success")
    return redirect(url_for("people.edit_user", user_id=user.id))


@bp.route("/pegawai/impor", methods=["GET", "POST"])
@role_required("admin")
def import_users():
    form = ImportForm()
    result = None
    if form.validate_on_submit():
        result = import_employees(form.file.data.read())
        if result.errors:
            db.session.rollback()
        else:
            audit.record(
                "user_import",
                form.file.data.filename or "",
                f"baru {result.created}, diperbarui {result.updated}, tetap {result.unchanged}",
            )
            db.session.commit()
            flash(
                _(
                    "Impor selesai: %(created)s baru, %(updated)s diperbarui, %(same)s tetap.",
                    created=result.created,
                    updated=result.updated,
                    same=result.unchanged,
                ),
                "success",
            )
            return redirect(url_for("people.import_users"))
    status = 400 if form.errors or (result and result.errors) else 200
    return render_template("people/import.html", form=form, result=result), status


@bp.route("/pegawai/impor/templat.csv")
@role_required("admin")
def import_template():
    return exports.table_response("templat-impor-pegawai", list(COLUMNS), [TEMPLATE_ROW], "csv")


@bp.route("/pegawai/kata-sandi-massal", methods=["GET", "POST"])
@role_required("admin")
def bulk_passwords():
    """Choose a unit (GET: who would get a password), then create them all (POST: the slips)."""
    posted = request.method == "POST"
    form = HandoutForm() if posted else HandoutForm(request.args, meta={"csrf": False})
    form.unit_id.choices = unit_choices(services.unit_path_choices())
    valid = form.validate()
    if posted and valid:
        handout = _issue_handout(form)
        if handout is not None:
            return handout
    chosen = valid and form.unit_id.data is not None
    people = handouts.recipients(form.unit_id.data, form.only_new.data) if chosen else []
    if chosen:
        form.expected.data = len(people)
    page = render_template("people/bulk_passwords.html", form=form, people=people, chosen=chosen)
    return page, 400 if form.errors else 200


def _issue_handout(form: HandoutForm):
    """The printed slips, or None with the reason on the form (nothing changed)."""
    unit_id, only_new = form.unit_id.data, form.only_new.data
    if unit_id is None:
        form.unit_id.errors.append(_("Pilih unit kerja."))
        return None
    with database.before_writing():
        count = len(handouts.recipients(unit_id, only_new))
        try:
            if count != form.expected.data:
                raise DomainError(LIST_CHANGED)
            passwords = handouts.make_passwords(count)
        except DomainError as error:
            error.show_on(form, "unit_id")
            return None
    users = handouts.recipients(unit_id, only_new)
    if not users or len(users) != count:
        form.unit_id.errors.append(str(LIST_CHANGED if users else NOBODY))
        return None
    paths = services.unit_paths()
    slips = handouts.issue(users, passwords, paths)
    nips = ", ".join(slip.nip for slip in slips)
    audit.record("temporary_password_bulk", paths[unit_id], f"{len(slips)} pegawai: {nips}")
    db.session.commit()
    page = render_template(
        "people/handout.html", slips=slips, unit=paths[unit_id], address=public_base_url()
    )
    # Shown once: the passwords exist only in this response, which no cache may keep.
    return page, 200, {"Cache-Control": "no-store"}
