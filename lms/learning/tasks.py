"""The module page as a task list: each step of a module with a status in words.

"Selesai", "Belum dimulai" or "Belum bisa dimulai" with the reason, as GOV.UK's task list
pattern shows them, so the page works as a checklist without colour or JavaScript.
"""

from dataclasses import dataclass

from flask import render_template
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from lms.web.fragments import cached_render

from .services import ModulePage, attempts_left

DONE, OPEN, LOCKED = "done", "open", "locked"


@dataclass(frozen=True)
class Task:
    kind: str  # pretest | lesson | posttest | rtl | certificate | survey
    title: str
    status: str  # done | open | locked
    note: str = ""  # the reason a task is locked, or what there is to know about it
    position: int | None = None  # lessons (and the RTL: the last lesson)
    minutes: int | None = None


def module_tasks(page: ModulePage) -> list[Task]:
    """Pre-test, each lesson, post-test, RTL, certificate and module survey, in order."""
    enrollment, version = page.enrollment, page.version
    opened = enrollment is not None and enrollment.pretest_score is not None
    lessons = version.lessons
    tasks = [_pretest(page, opened)]
    for lesson in lessons:
        status = DONE if lesson.position in page.done else OPEN if opened else LOCKED
        note = "" if opened else _l("Kerjakan pre-test terlebih dahulu.")
        tasks.append(
            Task("lesson", lesson.title, status, str(note), lesson.position, lesson.study_minutes)
        )
    tasks.append(_posttest(page, opened, len(lessons)))
    last = lessons[-1].position if lessons else None
    if page.rtl_done:
        tasks.append(Task("rtl", str(_l("Rencana Tindak Lanjut")), DONE, position=last))
    elif opened:
        note = _l("Ditulis di akhir materi terakhir.")
        tasks.append(Task("rtl", str(_l("Rencana Tindak Lanjut")), OPEN, str(note), last))
    else:
        note = _l("Kerjakan pre-test terlebih dahulu.")
        tasks.append(Task("rtl", str(_l("Rencana Tindak Lanjut")), LOCKED, str(note), last))
    completed = enrollment is not None and enrollment.completed_at is not None
    certificate = _l("Terbit setelah Anda lulus post-test dan menulis RTL.")
    tasks.append(
        Task("certificate", str(_l("Sertifikat")), DONE if completed else LOCKED,
             "" if completed else str(certificate))
    )  # fmt: skip
    if page.survey_given:
        tasks.append(Task("survey", str(_l("Evaluasi modul")), DONE))
    elif completed:
        tasks.append(Task("survey", str(_l("Evaluasi modul")), OPEN, str(_l("Tidak wajib."))))
    else:
        note = _l("Dapat diisi setelah modul selesai; tidak wajib.")
        tasks.append(Task("survey", str(_l("Evaluasi modul")), LOCKED, str(note)))
    return tasks


def task_list(page: ModulePage) -> Markup:
    """The task list's HTML. Learners at the same point of a module see the same list, so it is
    rendered once per state (lms.web.fragments); a list with a certificate link is one
    learner's, and rendered each time."""
    tasks = module_tasks(page)
    enrollment = page.enrollment
    context = {
        "tasks": tasks,
        "slug": page.module.slug,
        "can_open": enrollment is not None and enrollment.pretest_score is not None,
        "done": len(page.done),
        "lesson_count": len(page.version.lessons),
        "certificate_id": page.certificate.id if page.certificate else None,
    }
    if context["certificate_id"]:
        return Markup(render_template("learning/_tasks.html", **context))
    key = (context["slug"], context["can_open"], context["done"], tuple(tasks))
    return cached_render("learning/_tasks.html", key, **context)


def _pretest(page: ModulePage, opened: bool) -> Task:
    if opened:
        return Task("pretest", "Pre-test", DONE)
    note = _l("%(n)s soal; membuka materi.", n=page.version.pretest_questions)
    return Task("pretest", "Pre-test", OPEN, str(note))


def _posttest(page: ModulePage, opened: bool, lessons: int) -> Task:
    enrollment, version = page.enrollment, page.version
    if enrollment is not None and enrollment.posttest_passed_at is not None:
        return Task("posttest", "Post-test", DONE, str(_l("Lulus.")))
    if not opened or len(page.done) < lessons:
        note = _l(
            "Selesaikan semua materi terlebih dahulu (%(done)s dari %(n)s selesai).",
            done=len(page.done),
            n=lessons,
        )
        return Task("posttest", "Post-test", LOCKED, str(note))
    left = attempts_left(version, enrollment.posttest_attempts)
    if left == 0:
        note = _l("Kesempatan sudah habis; hubungi penyelenggara pelatihan.")
        return Task("posttest", "Post-test", LOCKED, str(note))
    if enrollment.posttest_attempts:
        note = _l("Belum lulus (nilai kelulusan %(mark)s).", mark=version.pass_mark)
        return Task("posttest", "Post-test", OPEN, str(note))
    return Task("posttest", "Post-test", OPEN)
