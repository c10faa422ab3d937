"""The trainer's workspace: modules, lessons with a learner-exact preview, images, publishing."""

from dataclasses import dataclass

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from lms.errors import DomainError
from lms.extensions import db
from lms.images import MAX_BYTES, ImageRefused
from lms.learning import activities
from lms.learning.models import SETTINGS, Lesson, Module, ModuleVersion
from lms.learning.pages import reflection_forms
from lms.learning.services import competency_map
from lms.web import database
from lms.web.guards import current_roles, role_required
from lms.web.params import to_int

from . import drafts, export, images, lessons, maintainers, services
from .forms import (
    LessonForm,
    MaintainerForm,
    NewModuleForm,
    OverviewForm,
    SettingsForm,
)

bp = Blueprint("authoring", __name__, url_prefix="/pengajar")
TRAINERS = ("trainer", "admin")


@bp.context_processor
def _helpers():
    return {
        "action_label": lambda action: services.ACTION_LABELS.get(action, action),
    }


def form_status(form) -> int:
    return 400 if form.errors else 200


def module_or_404(slug: str) -> Module:
    return services.module_by_slug(slug) or abort(404)


def _maintained_or_403(slug: str) -> Module:
    """The module, if the signed-in trainer maintains it (or is an admin); others may only look."""
    module = module_or_404(slug)
    if not maintainers.may_maintain(current_user.id, current_roles(), module):
        abort(403)
    return module


def _version_or_404(module: Module) -> ModuleVersion:
    return services.editable_version(module) or abort(404)


def _lesson_at(version: ModuleVersion, position: int) -> Lesson | None:
    return next((lesson for lesson in version.lessons if lesson.position == position), None)


@bp.route("")
@role_required(*TRAINERS)
def index():
    return render_template("authoring/index.html", rows=services.module_rows())


def _competency_pairs() -> list[tuple[str, str]]:
    return [(c.code, c.name) for c in services.competencies()]


@bp.route("/modul-baru", methods=["GET", "POST"])
@role_required(*TRAINERS)
def create():
    form = NewModuleForm()
    form.set_competencies(_competency_pairs())
    if form.validate_on_submit():
        try:
            module = services.create_module(form.slug.data, form.settings([]), current_user.id)
        except DomainError as error:
            db.session.rollback()
            error.show_on(form, "slug")
        else:
            db.session.commit()
            flash(_("Modul dibuat sebagai draf. Tulis uraian, materi dan soal, lalu terbitkan."))
            return redirect(url_for(".workspace", slug=module.slug))
    return render_template("authoring/module_form.html", form=form, module=None), form_status(form)


def _workspace(module: Module, problems: list[str] | None = None, status: int = 200):
    version = _version_or_404(module)
    draft = version if version.published_at is None else None
    if problems is None:
        problems = services.publish_problems(module, draft) if draft else []
    return render_template(
        "authoring/workspace.html",
        module=module,
        version=version,
        draft=draft,
        problems=problems,
        overview=services.overview_source(version),
        gradeable=services.gradeable_count(version),
        names=competency_map(),
        changes=services.change_log(module),
        maintainers=maintainers.maintainers(module),
        may_change=maintainers.may_maintain(current_user.id, current_roles(), module),
        maintainer_form=MaintainerForm(),
    ), status


@bp.route("/modul/<slug>")
@role_required(*TRAINERS)
def workspace(slug: str):
    return _workspace(module_or_404(slug))


def _settings_data(version: ModuleVersion) -> dict:
    codes = list(version.competency_codes)
    data = {name: getattr(version, name) for name in SETTINGS}
    return data | {"main_competency": codes[0] if codes else "", "other_competencies": codes[1:]}


@bp.route("/modul/<slug>/pengaturan", methods=["GET", "POST"])
@role_required(*TRAINERS)
def settings(slug: str):
    module = _maintained_or_403(slug)
    version = _version_or_404(module)
    form = SettingsForm(data=_settings_data(version))
    form.set_competencies(_competency_pairs())
    if form.validate_on_submit():
        previous = list(version.competency_codes)
        services.update_settings(module, form.settings(previous), current_user.id)
        db.session.commit()
        flash(_("Pengaturan tersimpan di draf."), "success")
        return redirect(url_for(".workspace", slug=slug))
    page = render_template("authoring/module_form.html", form=form, module=module)
    return page, form_status(form)


@bp.route("/modul/<slug>/uraian", methods=["GET", "POST"])
@role_required(*TRAINERS)
def overview(slug: str):
    module = _maintained_or_403(slug)
    version = _version_or_404(module)
    form = OverviewForm(data={"source": services.overview_source(version)})
    if form.validate_on_submit():
        services.update_overview(module, form.source.data, current_user.id)
        db.session.commit()
        flash(_("Uraian modul tersimpan di draf."), "success")
        return redirect(url_for(".workspace", slug=slug))
    page = render_template("authoring/overview.html", form=form, module=module, version=version)
    return page, form_status(form)


def _lesson_page(module, version, form, position, *, problems=(), uploaded=None, status=200):
    return render_template(
        "authoring/lesson_form.html",
        module=module,
        version=version,
        form=form,
        position=position,
        lesson=_lesson_at(version, position),
        problems=problems,
        uploaded=uploaded,
        images=images.module_images(module),
    ), status


def _save_lesson(module: Module, form: LessonForm, position: int | None) -> Lesson:
    """Add (position None) or update a lesson of the draft, opening the draft if needed."""
    draft = drafts.open_draft(module, current_user.id)
    values = (form.title.data, form.minutes.data, form.body.data)
    if position is None:
        return lessons.add_lesson(module, draft, current_user.id, *values)
    lesson = _lesson_at(draft, position) or abort(404)
    return lessons.update_lesson(module, draft, lesson, current_user.id, *values)


def _lesson_form_view(slug: str, position: int | None):
    module = _maintained_or_403(slug)
    version = _version_or_404(module)
    lesson = _lesson_at(version, position) if position else None
    if position and lesson is None:
        abort(404)
    form = LessonForm(obj=lesson, data={"body": lesson.source} if lesson else {})
    shown = position or len(version.lessons) + 1
    if form.validate_on_submit():
        try:
            saved = _save_lesson(module, form, position)
        except lessons.LessonRefused as refused:
            db.session.rollback()
            return _lesson_page(module, version, form, shown, problems=refused.problems, status=400)
        db.session.commit()
        flash(_("Materi tersimpan di draf."), "success")
        return redirect(url_for(".edit_lesson", slug=slug, position=saved.position))
    return _lesson_page(module, version, form, shown, status=form_status(form))


@bp.route("/modul/<slug>/materi-baru", methods=["GET", "POST"])
@role_required(*TRAINERS)
def new_lesson(slug: str):
    return _lesson_form_view(slug, None)


@bp.route("/modul/<slug>/materi/<int:position>", methods=["GET", "POST"])
@role_required(*TRAINERS)
def edit_lesson(slug: str, position: int):
    return _lesson_form_view(slug, position)


@dataclass
class PreviewEnrollment:
    """What the learner's lesson page reads from an enrolment, for a learner who just started."""

    version: ModuleVersion
    posttest_passed_at: None = None
    id: None = None


def _preview_page(module: Module, version: ModuleVersion, lesson: Lesson):
    """The learner's own lesson template, as a learner who has just started would see it."""
    titles = {item.position: item.title for item in version.lessons} | {
        lesson.position: lesson.title
    }
    flash(_("Pratinjau: beginilah peserta melihat materi ini. Formulir di sini tidak menyimpan."))
    return render_template(
        "learning/lesson.html",
        slug=module.slug,
        enrollment=PreviewEnrollment(version),
        lesson=lesson,
        titles=sorted(titles.items()),
        done=set(),
        items=activities.practice_items(lesson),
        forms=reflection_forms(lesson, {}),
        errors={},
        saved={},
        preview=True,
    )


@bp.route("/modul/<slug>/pratinjau/<int:position>", methods=["GET", "POST"])
@role_required(*TRAINERS)
def preview(slug: str, position: int):
    with database.before_writing():  # stores nothing: render without the write lock
        return _preview(slug, position)


def _preview(slug: str, position: int):
    module = module_or_404(slug)
    version = _version_or_404(module)
    saved = _lesson_at(version, position)
    if request.method == "GET" or position > len(version.lessons) + 1:
        return _preview_page(module, version, saved or abort(404))
    form = LessonForm()
    if not form.validate_on_submit():
        return _lesson_page(module, version, form, position, status=400)
    body = lessons.normalise_body(form.body.data)
    try:
        lesson = lessons.render(module, version, position, form.title.data, form.minutes.data, body)
    except lessons.LessonRefused as refused:
        return _lesson_page(module, version, form, position, problems=refused.problems, status=400)
    lesson.id = saved.id if saved else None  # the same id gives the same order of options
    return _preview_page(module, version, lesson)


@bp.route("/modul/<slug>/gambar", methods=["POST"])
@role_required(*TRAINERS)
def upload(slug: str):
    """Store an image and show the editor again with the text as it was typed, plus the snippet."""
    module = _maintained_or_403(slug)
    version = _version_or_404(module)
    form = LessonForm()
    position = to_int(request.form.get("position")) or 0
    if _lesson_at(version, position) is None:
        position = len(version.lessons) + 1
    upload = request.files.get("image")
    if upload is None or not upload.filename:
        form.image.errors = [_("Pilih berkas gambar terlebih dahulu.")]
        return _lesson_page(module, version, form, position, status=400)
    data = upload.stream.read(MAX_BYTES + 1)
    try:
        image = images.store_image(
            module, data, upload.filename, current_app.config["UPLOAD_DIR"], current_user.id
        )
    except ImageRefused as refused:
        db.session.rollback()
        form.image.errors = [str(refused)]
        return _lesson_page(module, version, form, position, status=400)
    db.session.commit()
    return _lesson_page(module, version, form, position, uploaded=image)


@bp.route("/modul/<slug>/materi/<int:position>/<any(naik, turun):direction>", methods=["POST"])
@role_required(*TRAINERS)
def move_lesson(slug: str, position: int, direction: str):
    module = _maintained_or_403(slug)
    draft = drafts.open_draft(module, current_user.id)
    lesson = _lesson_at(draft, position) or abort(404)
    lessons.move_lesson(module, draft, lesson, -1 if direction == "naik" else 1, current_user.id)
    db.session.commit()
    return redirect(url_for(".workspace", slug=slug, _anchor="materi"))


@bp.route("/modul/<slug>/materi/<int:position>/hapus", methods=["POST"])
@role_required(*TRAINERS)
def delete_lesson(slug: str, position: int):
    module = _maintained_or_403(slug)
    draft = drafts.open_draft(module, current_user.id)
    lesson = _lesson_at(draft, position) or abort(404)
    title = lesson.title
    lessons.remove_lesson(module, draft, lesson, current_user.id)
    db.session.commit()
    flash(_("Materi “%(title)s” dihapus dari draf.", title=title), "success")
    return redirect(url_for(".workspace", slug=slug, _anchor="materi"))


@bp.route("/modul/<slug>/terbitkan", methods=["POST"])
@role_required(*TRAINERS)
def publish(slug: str):
    module = _maintained_or_403(slug)
    try:
        version = services.publish_draft(module, current_user.id)
    except services.PublishRefused as refused:
        db.session.rollback()
        flash(str(refused), "error")
        return _workspace(module, refused.problems, status=400)
    db.session.commit()
    flash(_("Versi %(n)d terbit bagi peserta baru.", n=version.number), "success")
    return redirect(url_for(".workspace", slug=slug))


@bp.route("/modul/<slug>/buang-draf", methods=["POST"])
@role_required(*TRAINERS)
def discard(slug: str):
    module = _maintained_or_403(slug)
    draft = drafts.draft_of(module) or abort(404)
    try:
        drafts.discard(module, draft, current_user.id)
    except DomainError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for(".workspace", slug=slug))
    db.session.commit()
    flash(_("Draf dibuang. Versi terbit tidak berubah."), "success")
    return redirect(url_for(".workspace", slug=slug))


@bp.route("/modul/<slug>/<any(arsipkan, pulihkan):action>", methods=["GET", "POST"])
@role_required(*TRAINERS)
def archive(slug: str, action: str):
    """GET asks before archiving (a page, no JavaScript needed); POST archives or restores."""
    module = _maintained_or_403(slug)
    if request.method == "GET":
        return render_template("authoring/archive.html", module=module, action=action)
    services.set_archived(module, action == "arsipkan", current_user.id)
    db.session.commit()
    if module.archived:
        flash(_("Modul diarsipkan: tidak tampil lagi di katalog."), "success")
    else:
        flash(_("Modul dipulihkan dan kembali tampil di katalog."), "success")
    return redirect(url_for(".workspace", slug=slug))


@bp.route("/modul/<slug>/ekspor")
@role_required(*TRAINERS)
def export_zip(slug: str):
    """The published version as a content folder zip; ?versi=draf for the draft."""
    module = _maintained_or_403(slug)
    wanted = drafts.draft_of(module) if request.args.get("versi") == "draf" else None
    version = wanted or module.current_version or _version_or_404(module)
    data = export.module_zip(module, version, current_app.config["UPLOAD_DIR"])
    suffix = "-draf" if version.published_at is None else ""
    name = f"{module.slug}-versi-{version.number}{suffix}.zip"
    return Response(
        data,
        mimetype="application/zip",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
