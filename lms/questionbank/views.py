"""The question bank pages: list, add, edit, preview, delete, import, export, item analysis."""

from pathlib import Path

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

from lms import clock
from lms.authoring.maintainers import may_maintain
from lms.errors import DomainError
from lms.extensions import db
from lms.learning.models import Module, ModuleVersion
from lms.questions.kinds import KINDS
from lms.web import database, params
from lms.web.exports import FORMATS, table_response
from lms.web.guards import current_roles, role_required

from . import analysis, pending, services, transfer
from .forms import ConfirmImportForm, ImportForm, question_form
from .services import QuestionRefused

bp = Blueprint("questionbank", __name__, url_prefix="/pengajar")

STAFF = ("trainer", "admin")
TESTS = ("post", "pre")
MAX_IMPORT_BYTES = 2 * 1024 * 1024


@bp.context_processor
def _kinds():
    return {"question_kinds": KINDS}


def _module(slug: str) -> Module:
    module = services.module_by_slug(slug)
    if module is None:
        abort(404)
    return module


def _bank_of(slug: str, *, change: bool = False) -> tuple[Module, ModuleVersion]:
    """The module and the version its bank shows; `change` refuses all but maintainers (403)."""
    module = _module(slug)
    if change and not may_maintain(current_user.id, current_roles(), module):
        abort(403)
    version = services.shown_version(module)
    if version is None:
        abort(404)
    return module, version


@bp.get("/modul/<slug>/soal")
@role_required(*STAFF)
def bank(slug: str):
    module, version = _bank_of(slug)
    return render_template(
        "questionbank/bank.html",
        module=module,
        version=version,
        questions=services.bank(version.id),
    )


@bp.route("/modul/<slug>/soal/baru/<kind>", methods=["GET", "POST"])
@role_required(*STAFF)
def new(slug: str, kind: str):
    if kind not in KINDS:
        abort(404)
    module, version = _bank_of(slug, change=True)
    form = question_form(kind, services.competency_choices(version))
    return _edit(module, version, form, None)


@bp.route("/modul/<slug>/soal/<int:position>/ubah", methods=["GET", "POST"])
@role_required(*STAFF)
def edit(slug: str, position: int):
    module, version = _bank_of(slug, change=True)
    question = services.question_at(version.id, position)
    if question is None:
        abort(404)
    shown = question.data if request.method == "GET" else None
    form = question_form(question.kind, services.competency_choices(version), shown)
    return _edit(module, version, form, question)


def _edit(module, version, form, question):
    """Save, preview without saving, or add an answer row; nothing changes on a problem."""
    action, preview, refused = request.form.get("action", "save"), None, False
    if request.method == "POST" and action == "more" and hasattr(form, "rows"):
        form.rows.append_entry()
    elif form.validate_on_submit():
        q = form.question()
        try:
            if action == "preview":
                services.check(q, version)
                preview = services.preview(services.stored(q))
            else:
                return _save(module, question, q)
        except QuestionRefused as refusal:
            db.session.rollback()
            _show_problems(form, refusal.problems)
        except DomainError as refusal:
            db.session.rollback()
            flash(str(refusal), "error")
            refused = True
    elif request.method == "POST":
        _answer_problems_too(form, version)
    status = 400 if request.method == "POST" and (refused or _has_errors(form)) else 200
    page = render_template(
        "questionbank/edit.html",
        module=module,
        version=version,
        form=form,
        question=question,
        preview=preview,
    )
    return page, status


def _save(module, question, q):
    if question is None:
        saved = services.add_question(module, current_user.id, q)
        flash(_("Soal ditambahkan ke draf bank soal."), "success")
    else:
        saved = services.update_question(module, current_user.id, question.position, q)
        flash(_("Perubahan soal disimpan di draf."), "success")
    db.session.commit()
    return redirect(url_for(".show", slug=module.slug, position=saved.position))


def _answer_problems_too(form, version) -> None:
    """The fields failed their own rules; add the answers' problems so all show in one pass."""
    try:
        services.check(form.question(), version)
    except QuestionRefused as refusal:
        fresh = [p for p in refusal.problems if p.field == "answers" or not form[p.field].errors]
        _show_problems(form, fresh)
    except (TypeError, ValueError):
        pass  # a field too malformed to build the question from: its own message says so


def _show_problems(form, problems) -> None:
    form.answer_problems = []
    for problem in problems:
        if problem.field in ("title", "text", "competency"):
            form[problem.field].errors.append(problem.message)
        else:
            form.answer_problems.append(problem.message)


def _has_errors(form) -> bool:
    return bool(form.errors or getattr(form, "answer_problems", None))


@bp.get("/modul/<slug>/soal/<int:position>")
@role_required(*STAFF)
def show(slug: str, position: int):
    module, version = _bank_of(slug)
    question = services.question_at(version.id, position)
    if question is None:
        abort(404)
    return render_template(
        "questionbank/show.html",
        module=module,
        version=version,
        question=question,
        preview=services.preview(question.data),
    )


@bp.route("/modul/<slug>/soal/<int:position>/hapus", methods=["GET", "POST"])
@role_required(*STAFF)
def delete(slug: str, position: int):
    module, version = _bank_of(slug, change=True)
    question = services.question_at(version.id, position)
    if request.method == "POST":
        try:
            services.delete_question(module, current_user.id, position)
        except DomainError as refusal:
            db.session.rollback()
            flash(str(refusal), "error")
            return redirect(url_for(".bank", slug=slug))
        db.session.commit()
        flash(_("Soal dihapus dari draf bank soal."), "success")
        return redirect(url_for(".bank", slug=slug))
    if question is None:
        abort(404)
    return render_template(
        "questionbank/delete.html", module=module, version=version, question=question
    )


def _pending_folder() -> Path:
    return Path(current_app.config["UPLOAD_DIR"]) / "question-imports"


@bp.route("/modul/<slug>/soal/impor", methods=["GET", "POST"])
@role_required(*STAFF)
def import_file(slug: str):
    with database.before_writing():  # stores nothing: parse and render without the write lock
        return _import_preview(slug)


def _import_preview(slug: str):
    module, version = _bank_of(slug, change=True)
    form = ImportForm()
    if not form.validate_on_submit():
        status = 400 if form.errors else 200
        page = render_template("questionbank/import.html", module=module, form=form)
        return page, status
    upload = form.file.data
    data, name = upload.read(MAX_IMPORT_BYTES + 1), upload.filename or "berkas"
    upload.close()
    if len(data) > MAX_IMPORT_BYTES:
        form.file.errors.append(_("Berkas terlalu besar: paling besar 2 MB."))
        return render_template("questionbank/import.html", module=module, form=form), 400
    read, skip_bad = transfer.read_file(data, version), form.skip_bad.data
    confirm = ConfirmImportForm()
    if read.importable(skip_bad):
        payload = {"user": current_user.id, "module": module.id, "name": name}
        payload |= {"after": services.next_position(version.id), "text": transfer.decode(data)}
        confirm.token.data = pending.keep(_pending_folder(), payload | {"skip_bad": skip_bad})
    page = render_template(
        "questionbank/import_preview.html",
        module=module,
        read=read,
        name=name,
        confirm=confirm,
        importable=read.importable(skip_bad),
    )
    return page, 200 if read.importable(skip_bad) else 400


@bp.post("/modul/<slug>/soal/impor/simpan")
@role_required(*STAFF)
def import_confirm(slug: str):
    form = ConfirmImportForm()
    with database.before_writing():  # parsing thousands of questions must not hold the lock
        module, version = _bank_of(slug, change=True)
        kept = pending.find(_pending_folder(), form.token.data or "") if form.validate() else None
        read = kept and transfer.read_file(kept["text"].encode("utf-8"), version)
    if kept is None or kept["user"] != current_user.id or kept["module"] != module.id:
        flash(_("Pratinjau impor tidak ditemukan atau sudah kedaluwarsa. Unggah lagi."), "error")
        return redirect(url_for(".import_file", slug=slug))
    if kept["after"] != services.next_position(version.id):
        flash(_("Bank soal berubah sejak pratinjau (atau impor ini sudah disimpan)."), "error")
        return redirect(url_for(".bank", slug=slug))
    skip_bad = kept.get("skip_bad", False)
    if not read.importable(skip_bad):
        flash(_("Berkas tidak lagi cocok dengan modul ini. Unggah lagi."), "error")
        return redirect(url_for(".import_file", slug=slug))
    upload_dir = current_app.config["UPLOAD_DIR"]
    try:
        added = transfer.import_questions(
            module, current_user.id, read, kept["name"], upload_dir, skip_bad
        )
    except DomainError as refusal:
        db.session.rollback()
        flash(str(refusal), "error")
        return redirect(url_for(".import_file", slug=slug))
    db.session.commit()
    pending.forget(_pending_folder(), form.token.data)
    flash(_("%(n)d soal ditambahkan ke draf bank soal.", n=len(added)), "success")
    return redirect(url_for(".bank", slug=slug))


@bp.get("/modul/<slug>/soal/ekspor")
@role_required(*STAFF)
def export(slug: str):
    module, version = _bank_of(slug, change=True)
    return Response(
        transfer.export_gift(version, clock.utcnow()),
        mimetype="text/plain; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="{module.slug}-soal.gift"',
            "Cache-Control": "no-store",
        },
    )


@bp.get("/modul/<slug>/analisis")
@role_required(*STAFF)
def item_analysis(slug: str):
    module = _module(slug)
    versions = analysis.published_versions(module)
    number = params.int_arg("versi")
    version = next((v for v in versions if v.number == number), None)
    version = version or module.current_version or (versions[0] if versions else None)
    test = request.args.get("tes") if request.args.get("tes") in TESTS else "post"
    min_responses = current_app.config["ITEM_ANALYSIS_MIN_RESPONSES"]
    stats = analysis.item_analysis(version.id, test, min_responses) if version else []
    fmt = request.args.get("format")
    if fmt in FORMATS and version is not None:
        headers, rows = analysis.table(stats)
        stem = f"analisis-butir-{module.slug}-v{version.number}-{test}"
        return table_response(stem, headers, rows, fmt)
    return render_template(
        "questionbank/analysis.html",
        module=module,
        versions=versions,
        version=version,
        test=test,
        stats=stats,
        attempts=analysis.submitted_count(version.id, test) if version else 0,
        flags=analysis.FLAGS,
        min_responses=min_responses,
        survey=analysis.survey_summary(module),
    )
