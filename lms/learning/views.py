"""The learner's pages: home, module, lessons with their checks and reflections, the survey."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy.exc import IntegrityError, OperationalError

from lms import clock
from lms.errors import DomainError
from lms.extensions import db
from lms.people.identity import is_pppk
from lms.questions.base import ResponseError
from lms.questions.kinds import collect_values
from lms.web.database import commit_keeping_loaded
from lms.web.fragments import cached_renders
from lms.web.guards import role_required

from . import activities, plans, services, study
from .forms import CatalogueFilterForm, ReflectionForm, RtlForm, SurveyForm, competency_choices
from .home import learner_home
from .models import Enrollment, Lesson, Module
from .pages import reflection_forms
from .tasks import task_list

bp = Blueprint("learning", __name__)


def record_page(enrollment: Enrollment | None, others_open: bool = True) -> bool:
    """Time on task: this request closes the learner's previous page and opens this one."""
    cap = current_app.config["STUDY_PAGE_CAP_MINUTES"]
    return study.record_page(current_user.id, enrollment, clock.utcnow(), cap, others_open)


def _visit(enrollment: Enrollment | None, others_open: bool = True, changed: bool = False) -> None:
    """Record and commit a page view (time on task, the lesson opened) on a GET; `changed`:
    the view has something else to store. Nothing to store: no write, no commit."""
    try:
        if record_page(enrollment, others_open) or changed:
            commit_keeping_loaded()  # the page then renders from what is loaded
    except OperationalError:
        # A GET runs in SQLite's deferred transaction, which may fail to take the write lock
        # when busy; one page's interval is not worth an error page.
        db.session.rollback()


@bp.app_template_global()
def catalogue_cards(cards: list) -> Markup:
    """The catalogue, each card rendered once per version, learner's status and language."""
    pieces = []
    for card in cards:
        version, enrollment = card.version, card.enrollment
        status = "" if enrollment is None else "completed" if enrollment.completed_at else "started"
        key = (version.id, version.published_at, status, card.minutes, *card.competencies)
        pieces.append((key, {"card": card, "status": status}))
    return cached_renders("learning/_catalogue_card.html", pieces)


@bp.route("/beranda")
@role_required("learner")
def home():
    year = clock.today().year
    home = learner_home(current_user.id, year)
    _visit(None, others_open=home.page_open)
    form = CatalogueFilterForm(request.args)
    form.kompetensi.choices = competency_choices(home.competencies, _("Semua kompetensi"))
    valid = form.validate()
    catalogue = home.catalogue_for(form.kompetensi.data if valid else None)
    return render_template(
        "learning/home.html",
        home=home,
        form=form,
        catalogue=catalogue,
        jp_target=current_app.config["JP_TARGET_PER_YEAR"],
        pppk_max=current_app.config["PPPK_JP_MAX_PER_YEAR"]
        if is_pppk(current_user.grade)
        else None,
        year=year,
    ), (200 if valid else 400)


def _pppk_max(grade: str) -> int | None:
    """A PPPK's maximum JP entitlement; None for a PNS, who has the annual target instead."""
    return current_app.config["PPPK_JP_MAX_PER_YEAR"] if is_pppk(grade) else None


def _module_or_404(slug: str) -> Module:
    return services.module_by_slug(slug) or abort(404)


@bp.route("/modul/<slug>")
@role_required("learner")
def module(slug: str):
    module = _module_or_404(slug)
    enrollment = services.enrollment_for(current_user.id, module.id)
    page = services.module_page(module, enrollment) or abort(404)
    _visit(enrollment)
    return render_template("learning/module.html", page=page, slug=slug, task_list=task_list(page))


def _lesson_or_404(slug: str, position: int) -> tuple[Enrollment, Lesson]:
    """The learner's lesson, in their enrolment's version, once the pre-test is submitted."""
    module = _module_or_404(slug)
    enrollment = services.enrollment_for(current_user.id, module.id)
    if enrollment is None or enrollment.pretest_score is None:
        abort(404)
    lesson = services.lesson_at(enrollment.version_id, position) or abort(404)
    return enrollment, lesson


def _lesson_url(slug: str, position: int, anchor: str | None = None) -> str:
    return url_for("learning.lesson", slug=slug, position=position, _anchor=anchor)


def _render_lesson(slug, enrollment, lesson, *, items=None, forms=None, errors=None, status=200):
    """The lesson page; `errors` by block key, or "selesai" for the finish button."""
    saved = activities.reflections_of(enrollment, lesson)
    forms = reflection_forms(lesson, saved) | (forms or {})
    done = services.done_positions([enrollment.id]).get(enrollment.id, set())
    # One primary button per page: "Tandai selesai", which also sends the last open text
    # block's form (finish_form); once the lesson is done, "Simpan RTL" while it may change.
    open_blocks = [
        block
        for block in lesson.blocks
        if block.get("kind") in ("reflection", "rtl")
        and getattr(saved.get(block["key"]), "acknowledged_at", None) is None
    ]
    # The "not answered yet" note is shown only beside the finish button of a lesson not done.
    unanswered = [] if lesson.position in done else services.unanswered_checks(enrollment, lesson)
    return render_template(
        "learning/lesson.html",
        slug=slug,
        enrollment=enrollment,
        lesson=lesson,
        titles=services.lesson_titles(enrollment.version_id),
        done=done,
        items=items if items is not None else activities.practice_items(lesson),
        forms=forms,
        errors=errors or {},
        saved=saved,
        finish_form=open_blocks[-1]["key"] if open_blocks and lesson.position not in done else None,
        open_rtl=any(block["kind"] == "rtl" for block in open_blocks),
        unanswered=unanswered,
    ), status


@bp.route("/modul/<slug>/materi/<int:position>")
@role_required("learner")
def lesson(slug: str, position: int):
    module = _module_or_404(slug)
    enrollment = services.enrollment_for(current_user.id, module.id)
    if enrollment is None or enrollment.pretest_score is None:
        if services.visible_version(module, enrollment) is None:
            abort(404)
        flash(_("Kerjakan pre-test terlebih dahulu untuk membuka materi."), "info")
        return redirect(url_for("learning.module", slug=slug))
    lesson = services.lesson_at(enrollment.version_id, position) or abort(404)
    _visit(enrollment, changed=services.open_lesson(enrollment, lesson))
    return _render_lesson(slug, enrollment, lesson)


@bp.route("/modul/<slug>/materi/<int:position>/cek/<key>", methods=["POST"])
@role_required("learner")
def check(slug: str, position: int, key: str):
    enrollment, lesson = _lesson_or_404(slug, position)
    items = activities.practice_items(lesson)
    block_items = items.get(key) or abort(404)
    record_page(enrollment)
    try:
        values = {
            item.number: collect_values(request.form, item.number, item.presented)
            for item in block_items
        }
        activities.check_practice(enrollment, lesson, key, block_items, values)
    except ResponseError:
        db.session.rollback()
        abort(400)
    except DomainError as error:
        errors = {key: str(error)}
        return _render_lesson(slug, enrollment, lesson, items=items, errors=errors, status=400)
    db.session.commit()
    return _render_lesson(slug, enrollment, lesson, items=items)


FIELD_OF_PART = {"what": "text", "due": "due", "success": "success", "people": "people"}


def _save_block(enrollment, lesson, block, form) -> bool:
    """Validate and store a reflection or RTL form; False when the page must show errors."""
    if not form.validate_on_submit():
        return False
    try:
        if block["kind"] == "rtl":
            plan = plans.PlanInput(
                form.text.data or "",
                form.due.data or "",
                form.success.data or "",
                form.people.data or "",
            )
            plans.save_rtl(enrollment, lesson, block, plan)
        else:
            activities.save_reflection(
                enrollment, lesson, block, form.text.data, bool(form.shared.data)
            )
    except plans.PlanRefused as refused:
        db.session.rollback()
        for part, message in refused.problems.items():
            form[FIELD_OF_PART[part]].errors.append(str(message))
        return False
    except DomainError as error:
        db.session.rollback()
        error.show_on(form, "text")
        return False
    except IntegrityError:  # the same form sent twice at once: the first one is stored
        db.session.rollback()
    return True


def _text_form(block: dict, formdata=None):
    form_class = RtlForm if block["kind"] == "rtl" else ReflectionForm
    return form_class(formdata=formdata, prefix=block["key"])


@bp.route("/modul/<slug>/materi/<int:position>/refleksi/<key>", methods=["POST"])
@role_required("learner")
def reflection(slug: str, position: int, key: str):
    enrollment, lesson = _lesson_or_404(slug, position)
    block = activities.find_block(lesson, ("reflection",), key) or abort(404)
    record_page(enrollment)
    form = ReflectionForm(prefix=key)
    if not _save_block(enrollment, lesson, block, form):
        return _render_lesson(slug, enrollment, lesson, forms={key: form}, status=400)
    db.session.commit()
    flash(_("Refleksi tersimpan."), "success")
    return redirect(_lesson_url(slug, position, f"blok-{key}"))


@bp.route("/modul/<slug>/materi/<int:position>/rtl", methods=["POST"])
@role_required("learner")
def rtl(slug: str, position: int):
    enrollment, lesson = _lesson_or_404(slug, position)
    block = next((b for b in lesson.blocks if b.get("kind") == "rtl"), None) or abort(404)
    record_page(enrollment)
    form = RtlForm(prefix=block["key"])
    if not _save_block(enrollment, lesson, block, form):
        return _render_lesson(slug, enrollment, lesson, forms={block["key"]: form}, status=400)
    completed = services.try_complete(enrollment)
    db.session.commit()
    if completed:
        flash(_("Selamat, modul ini selesai! Sertifikat Anda sudah terbit."), "success")
        return redirect(url_for("learning.module", slug=slug))
    flash(_("Rencana Tindak Lanjut tersimpan."), "success")
    return redirect(_lesson_url(slug, position, "rtl"))


def _save_typed_text(enrollment, lesson) -> dict:
    """Save the reflection or RTL text sent along with "Tandai selesai" (the finish button
    submits the text block's form); the forms with errors, empty when all is saved."""
    failed = {}
    for block in lesson.blocks:
        key = block.get("kind") in ("reflection", "rtl") and block["key"]
        if key and (request.form.get(f"{key}-text") or "").strip():
            form = _text_form(block, request.form)
            if not _save_block(enrollment, lesson, block, form):
                failed[key] = form
    return failed


@bp.route("/modul/<slug>/materi/<int:position>/selesai", methods=["POST"])
@role_required("learner")
def done(slug: str, position: int):
    enrollment, lesson = _lesson_or_404(slug, position)
    failed = _save_typed_text(enrollment, lesson)
    if failed:  # nothing is marked done; the typed text stays in the boxes with the errors
        return _render_lesson(slug, enrollment, lesson, forms=failed, status=400)
    try:
        services.mark_lesson_done(enrollment, lesson)
    except DomainError as error:
        db.session.commit()  # the typed text is saved; only the lesson stays open
        return _render_lesson(slug, enrollment, lesson, errors={"selesai": str(error)}, status=400)
    record_page(enrollment)
    db.session.commit()
    if services.lesson_at(enrollment.version_id, position + 1) is not None:
        return redirect(_lesson_url(slug, position + 1))
    if enrollment.lessons_done >= len(services.lesson_titles(enrollment.version_id)):
        flash(_("Semua materi selesai. Langkah berikutnya: post-test."), "success")
    return redirect(url_for("learning.module", slug=slug, _anchor="langkah"))


@bp.route("/modul/<slug>/evaluasi", methods=["GET", "POST"])
@role_required("learner")
def survey(slug: str):
    module = _module_or_404(slug)
    enrollment = services.enrollment_for(current_user.id, module.id) or abort(404)
    back = redirect(url_for("learning.module", slug=slug))
    refusal = activities.survey_refusal(enrollment)
    if refusal:
        flash(refusal, "info")
        return back
    form = SurveyForm()
    if form.validate_on_submit():
        ratings = {name: form[name].data for name in activities.SURVEY_RATINGS}
        try:
            activities.submit_survey(enrollment, ratings, form.comment.data or "")
            db.session.commit()
            flash(_("Terima kasih atas penilaian Anda."), "success")
        except (DomainError, IntegrityError):  # sent twice at once: the first one counts
            db.session.rollback()
            flash(_("Anda sudah mengisi evaluasi modul ini. Terima kasih."), "info")
        return back
    status = 400 if form.errors else 200
    page = render_template("learning/survey.html", form=form, enrollment=enrollment, slug=slug)
    return page, status
