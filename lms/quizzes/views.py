"""Taking the pre-test and post-test: start or resume, answer, save, submit, see the result."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from lms import clock, ratelimit
from lms.errors import DomainError
from lms.extensions import db
from lms.learning import study
from lms.learning.models import Enrollment, Module
from lms.web.database import commit_keeping_loaded
from lms.web.guards import role_required

from . import results, review, services
from .models import Attempt

bp = Blueprint("quizzes", __name__)

# "review" saves and opens the check-answers page, whose button sends (quizzes.send); "submit"
# saves what is posted and sends in one request (scripts and the reliability tests use it).
ACTIONS = ("save", "review", "submit")


def _record_page(enrollment: Enrollment) -> bool:
    """Time on task (lms.learning.study): a test page closes the previous page, opens itself."""
    cap = current_app.config["STUDY_PAGE_CAP_MINUTES"]
    return study.record_page(current_user.id, enrollment, clock.utcnow(), cap)


def _visit(enrollment: Enrollment) -> None:
    """Record and commit a test page view on a GET; nothing to store, no write and no commit."""
    try:
        if _record_page(enrollment):
            commit_keeping_loaded()  # the page then renders from what is loaded
    except OperationalError:  # SQLite busy on a GET: one interval is not worth an error page
        db.session.rollback()


@bp.post("/modul/<slug>/pre-test")
@role_required("learner")
def start_pretest(slug: str):
    return _start(slug, "pre")


@bp.post("/modul/<slug>/post-test")
@role_required("learner")
def start_posttest(slug: str):
    return _start(slug, "post")


def _start(slug: str, test: str):
    module = db.first_or_404(select(Module).where(Module.slug == slug))
    try:
        enrollment = services.enrollment_for_test(current_user, module, test)
        attempt = services.start_attempt(enrollment, test)
        _record_page(enrollment)
    except DomainError as refusal:
        db.session.rollback()
        flash(str(refusal), "error")
        return redirect(url_for("learning.module", slug=slug))
    db.session.commit()
    return redirect(url_for("quizzes.attempt", attempt_id=attempt.id))


def _own(attempt_id: int) -> Attempt:
    """The signed-in learner's attempt; anyone else's is not found."""
    attempt = services.own_attempt(attempt_id, current_user.id)
    if attempt is None:
        abort(404)
    return attempt


@bp.get("/tes/<int:attempt_id>")
@role_required("learner")
def attempt(attempt_id: int):
    attempt = services.attempt_to_answer(attempt_id, current_user.id) or abort(404)
    if not attempt.is_open:
        return redirect(url_for("quizzes.result", attempt_id=attempt.id))
    _visit(attempt.enrollment)
    return _render_attempt(attempt)


def _render_attempt(attempt: Attempt, error: str | None = None):
    return render_template(
        "quizzes/attempt.html",
        attempt=attempt,
        enrollment=attempt.enrollment,
        answered=services.answered_count(attempt),
        error=error,
    )


@bp.post("/tes/<int:attempt_id>")
@role_required("learner")
def answer(attempt_id: int):
    attempt = services.attempt_to_answer(attempt_id, current_user.id)
    if attempt is None:
        abort(404)
    action = request.form.get("action")
    autosave = request.headers.get("X-Autosave") == "1"
    if action not in ACTIONS:
        abort(400)
    if action == "submit" and _too_many_submissions():
        abort(429)
    try:
        _record_page(attempt.enrollment)  # before a submission may complete the module
        values = services.read_form(attempt, request.form)
        if action == "submit":
            services.submit_attempt(attempt, values)
        else:
            services.save_responses(attempt, values)
    except DomainError as refusal:
        db.session.rollback()
        return _refuse(attempt, str(refusal), autosave)
    # Read before the commit expires the attempt: reloading it afterwards would, on SQLite,
    # open a second write transaction and queue for the write lock again.
    saved_at = attempt.saved_at
    db.session.commit()
    if action == "submit":
        return redirect(url_for("quizzes.result", attempt_id=attempt_id))
    if action == "review":
        return redirect(url_for("quizzes.check", attempt_id=attempt_id))
    note = _("Jawaban tersimpan pukul %(time)s", time=clock.format_time(saved_at))
    if autosave:
        return {"message": note}
    return redirect(url_for("quizzes.attempt", attempt_id=attempt_id, _anchor="simpan"))


@bp.get("/tes/<int:attempt_id>/periksa")
@role_required("learner")
def check(attempt_id: int):
    """Check answers before sending: every question with its saved answer or 'Belum dijawab'."""
    attempt = services.attempt_to_answer(attempt_id, current_user.id) or abort(404)
    if not attempt.is_open:
        return redirect(url_for("quizzes.result", attempt_id=attempt.id))
    return render_template(
        "quizzes/check.html",
        attempt=attempt,
        enrollment=attempt.enrollment,
        answered=services.answered_count(attempt),
    )


@bp.post("/tes/<int:attempt_id>/kirim")
@role_required("learner")
def send(attempt_id: int):
    """Send the saved answers. Exactly once: a repeat finds the attempt closed (submit_attempt)."""
    attempt = services.attempt_to_answer(attempt_id, current_user.id) or abort(404)
    if _too_many_submissions():
        abort(429)
    services.submit_attempt(attempt)
    db.session.commit()
    return redirect(url_for("quizzes.result", attempt_id=attempt_id))


def _too_many_submissions() -> bool:
    """A generous brake on scripted submissions; the hit is stored with the request's commit."""
    rule = ratelimit.quiz_submit_rule()
    return ratelimit.hit(rule, {"user": str(current_user.id)}, clock.utcnow())


def _refuse(attempt: Attempt, message: str, autosave: bool):
    """Nothing was stored: say why, on the page the learner can act from."""
    if autosave:
        return {"error": message}, 409 if not attempt.is_open else 400
    if not attempt.is_open:
        flash(message, "error")
        return redirect(url_for("quizzes.result", attempt_id=attempt.id))
    return _render_attempt(attempt, error=message), 400


@bp.get("/tes/<int:attempt_id>/hasil")
@role_required("learner")
def result(attempt_id: int):
    attempt = _own(attempt_id)
    if attempt.is_open:
        return redirect(url_for("quizzes.attempt", attempt_id=attempt.id))
    enrollment = attempt.enrollment
    _visit(enrollment)
    attempts_left = services.posttest_attempts_left(enrollment)
    policy = attempt.version.review_policy
    keys = review.shows_keys(policy, attempt.test, attempt.passed, attempts_left)
    by_competency = results.competency_results(attempt)
    return render_template(
        "quizzes/result.html",
        attempt=attempt,
        enrollment=enrollment,
        results=by_competency,
        revisit=[] if attempt.passed else results.lessons_to_revisit(attempt, by_competency),
        rows=services.review(attempt) if keys else None,
        retake_refusal=services.start_refusal(enrollment, "post"),
        attempts_left=attempts_left,
    )
