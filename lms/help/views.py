"""Help and trust pages (public) and the admin's list of help contacts per agency."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from lms.extensions import db
from lms.people import services as people
from lms.web.forms import EmptyForm
from lms.web.guards import public, role_required

from . import services
from .forms import ContactForm
from .models import HelpContact

bp = Blueprint("help", __name__)


@bp.get("/bantuan")
@public
def help_page():
    user = current_user if current_user.is_authenticated else None
    mine, others = services.contacts_for(user)
    return render_template("help/help.html", mine=mine, others=others)


@bp.get("/privasi")
@public
def privacy():
    return render_template("help/privacy.html")


@bp.get("/cookie")
@public
def cookies():
    return render_template("help/cookies.html")


@bp.get("/aksesibilitas")
@public
def accessibility():
    return render_template("help/accessibility.html")


@bp.route("/admin/kontak-bantuan", methods=["GET", "POST"])
@bp.route("/admin/kontak-bantuan/<int:contact_id>", methods=["GET", "POST"])
@role_required("admin")
def contacts(contact_id: int | None = None):
    contact = db.get_or_404(HelpContact, contact_id) if contact_id else HelpContact()
    form = ContactForm(obj=contact)
    form.unit_id.choices = [SelectChoice("", _("Seluruh provinsi"))] + [
        SelectChoice(str(unit_id), path) for unit_id, path in people.unit_path_choices()
    ]
    if form.validate_on_submit():
        services.save_contact(contact, form.data)
        db.session.commit()
        flash(_("Kontak bantuan disimpan."), "success")
        return redirect(url_for("help.contacts"))
    status = 400 if form.errors else 200
    page = render_template(
        "help/contacts.html", form=form, contact=contact, contacts=services.all_contacts()
    )
    return page, status


@bp.route("/admin/kontak-bantuan/<int:contact_id>/hapus", methods=["GET", "POST"])
@role_required("admin")
def delete_contact(contact_id: int):
    contact = db.get_or_404(HelpContact, contact_id)
    if EmptyForm().validate_on_submit():
        services.delete_contact(contact)
        db.session.commit()
        flash(_("Kontak bantuan dihapus."), "success")
        return redirect(url_for("help.contacts"))
    return render_template("help/delete_contact.html", contact=contact)
