"""Modules as trainers see them: create, settings, overview, publish, archive, the change log."""

from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from lms.content.loader import SLUG
from lms.content.quality import jp_message, shortage_message
from lms.errors import DomainError
from lms.extensions import db
from lms.html import render_markdown
from lms.learning.duration import jp_fits, jp_for, module_minutes
from lms.learning.models import SETTINGS, Competency, Module, ModuleVersion
from lms.questions.plan import shortages
from lms.quizzes.models import Question

from . import drafts, lessons, maintainers
from .models import AuthoringChange, VersionOverview

# Names of the settings in the change log (stored as written, like the rest of the trail).
SETTING_NAMES = {
    "title": "judul", "summary": "ringkasan", "competency_codes": "kompetensi", "jp": "JP",
    "level": "tingkat", "pretest_questions": "soal pre-test",
    "posttest_questions": "soal post-test", "pass_mark": "nilai kelulusan",
    "max_attempts": "batas percobaan", "review_policy": "pembahasan",
}  # fmt: skip
CHANGE_LOG_SIZE = 20
# The change log's words for the actions recorded by record_change (others show as recorded).
ACTION_LABELS = {
    "module.create": _l("Membuat modul"),
    "module.duplicate": _l("Membuat modul sebagai salinan"),
    "module.archive": _l("Mengarsipkan modul"),
    "module.unarchive": _l("Memulihkan modul dari arsip"),
    "settings.update": _l("Mengubah pengaturan"),
    "overview.update": _l("Mengubah uraian modul"),
    "draft.open": _l("Membuka draf"),
    "draft.discard": _l("Membuang draf"),
    "publish": _l("Menerbitkan"),
    "lesson.create": _l("Menambah materi"),
    "lesson.update": _l("Mengubah materi"),
    "lesson.move": _l("Memindah urutan materi"),
    "lesson.delete": _l("Menghapus materi"),
    "image.upload": _l("Mengunggah gambar"),
    "question.create": _l("Menambah soal"),
    "question.update": _l("Mengubah soal"),
    "question.delete": _l("Menghapus soal"),
    "question.import": _l("Mengimpor soal"),
    "maintainer.add": _l("Menambah pengelola"),
    "maintainer.remove": _l("Melepas pengelola"),
}


class PublishRefused(DomainError):
    """The draft is not ready for learners; `problems` says why, one line each."""

    def __init__(self, problems: list[str]):
        super().__init__(_l("Draf belum dapat diterbitkan."))
        self.problems = problems


def module_by_slug(slug: str) -> Module | None:
    return db.session.scalar(select(Module).where(Module.slug == slug))


def competencies() -> list[Competency]:
    return list(db.session.scalars(select(Competency).order_by(Competency.name)))


def check_slug(slug: str) -> None:
    if not SLUG.fullmatch(slug) or len(slug) > 100:
        raise DomainError(
            _l("Gunakan huruf kecil a–z, angka dan tanda '-' di antara kata, mis. etika-asn."),
            "slug",
        )
    if module_by_slug(slug) is not None:
        raise DomainError(_l("Alamat ini sudah dipakai modul lain."), "slug")


def create_module(slug: str, settings: dict, user_id: int) -> Module:
    """A module with its first draft (version 1); learners see nothing until it is published."""
    check_slug(slug)
    module = Module(slug=slug)
    db.session.add(module)
    db.session.flush()
    draft = ModuleVersion(module_id=module.id, number=1, published_at=None, overview_html="")
    _apply(draft, settings)
    db.session.add(draft)
    db.session.flush()
    drafts.record_change(module, user_id, "module.create", settings["title"], draft)
    maintainers.add_maintainer(module, user_id)
    db.session.flush()
    return module


def duplicate_module(source: Module, slug: str, title: str, user_id: int) -> Module:
    """A new module whose first draft copies the source's latest content; the copier maintains it.

    Any trainer may copy a module to adapt it (an agency's own version of a shipped module);
    the source and its maintainers are untouched."""
    check_slug(slug)
    base = editable_version(source)
    if base is None:
        raise DomainError(_l("Modul ini belum punya isi untuk disalin."))
    module = Module(slug=slug)
    db.session.add(module)
    db.session.flush()
    draft = ModuleVersion(module_id=module.id, number=1, published_at=None)
    drafts.copy_version(base, draft)
    draft.title = title
    db.session.flush()
    detail = f"{title} (salinan {source.slug} versi {base.number})"
    drafts.record_change(module, user_id, "module.duplicate", detail, draft)
    maintainers.add_maintainer(module, user_id)
    db.session.flush()
    return module


def _apply(version: ModuleVersion, settings: dict) -> None:
    for name in SETTINGS:
        setattr(version, name, settings[name])


def update_settings(module: Module, settings: dict, user_id: int) -> ModuleVersion:
    draft = drafts.open_draft(module, user_id)
    changed = [_change(name, getattr(draft, name), settings[name]) for name in SETTINGS]
    _apply(draft, settings)
    if any(changed):
        detail = "; ".join(change for change in changed if change)
        drafts.record_change(module, user_id, "settings.update", detail, draft)
    db.session.flush()
    return draft


def _change(name: str, old, new) -> str:
    """'JP 2 → 3' for a changed setting, '' when unchanged; long texts by name only."""
    if old == new:
        return ""
    if name in ("title", "summary"):
        return SETTING_NAMES[name]
    if isinstance(new, list):
        old, new = ", ".join(old or []), ", ".join(new)
    return f"{SETTING_NAMES[name]} {old} → {new}"


def overview_source(version: ModuleVersion) -> str:
    """The overview's Markdown; for imported versions, their sanitised HTML (valid Markdown)."""
    row = db.session.get(VersionOverview, version.id)
    return row.source if row is not None else version.overview_html


def update_overview(module: Module, source: str, user_id: int) -> ModuleVersion:
    draft = drafts.open_draft(module, user_id)
    source = lessons.normalise_body(source)
    row = db.session.get(VersionOverview, draft.id)
    if row is None:
        row = VersionOverview(version_id=draft.id)
        db.session.add(row)
    row.source = source
    draft.overview_html = str(render_markdown(source))
    drafts.record_change(module, user_id, "overview.update", "", draft)
    db.session.flush()
    return draft


def editable_version(module: Module) -> ModuleVersion | None:
    """What the workspace shows: the draft if there is one, else the published version."""
    return drafts.draft_of(module) or module.current_version


def gradeable_count(version: ModuleVersion) -> int:
    return db.session.scalar(
        select(func.count(Question.id)).where(
            Question.version_id == version.id, Question.gradeable.is_(True)
        )
    )


def publish_problems(module: Module, draft: ModuleVersion, *, refresh: bool = False) -> list[str]:
    """Everything that keeps the draft from learners, as sentences for the trainer."""
    problems: list[str] = []
    known = set(db.session.scalars(select(Competency.code)))
    codes = list(draft.competency_codes or [])
    if not codes or not set(codes) <= known:
        problems.append(_("Pilih paling sedikit satu kompetensi yang terdaftar."))
    if not draft.summary.strip():
        problems.append(_("Ringkasan modul belum diisi."))
    if not overview_source(draft).strip():
        problems.append(_("Uraian modul belum ditulis."))
    if not draft.lessons:
        problems.append(_("Modul belum punya materi."))
    else:
        found = lessons.check_all(module, draft, refresh=refresh)
        problems.extend(str(problem) for problem in found)
    problems.extend(_bank_problems(draft, codes))
    problems.extend(_jp_problems(draft))
    return problems


def _jp_problems(draft: ModuleVersion) -> list[str]:
    """JP is credited for study time: the same rule as `content check` (content/README.md)."""
    per_jp = current_app.config["MINUTES_PER_JP"]
    lesson_minutes = [lesson.study_minutes for lesson in draft.lessons]
    minutes = module_minutes(lesson_minutes, draft.pretest_questions, draft.posttest_questions)
    if not draft.lessons or draft.jp is None or jp_fits(draft.jp, minutes, per_jp):
        return []
    fix = _("isi JP %(expected)d di pengaturan", expected=jp_for(minutes, per_jp))
    return [jp_message(draft.jp, minutes, per_jp, fix)]


def _bank_problems(draft: ModuleVersion, codes: list[str]) -> list[str]:
    problems = []
    count = gradeable_count(draft)
    if count < draft.pretest_questions:
        problems.append(
            _(
                "Bank soal baru punya %(count)d soal yang dapat dinilai; pre-test dan post-test "
                "masing-masing mengambil %(needed)d soal (esai dan deskripsi tidak dihitung).",
                count=count,
                needed=draft.pretest_questions,
            )
        )
    else:
        problems.extend(_form_problems(draft, codes))
    strays = db.session.scalars(
        select(Question.competency_code)
        .where(Question.version_id == draft.id, Question.competency_code.not_in(codes or [""]))
        .distinct()
    ).all()
    for code in strays:
        problems.append(
            _(
                "Ada soal di bank dengan kompetensi %(code)s yang tidak tercantum di pengaturan "
                "modul: tambahkan kompetensinya atau ubah soalnya.",
                code=code,
            )
        )
    return problems


def _form_problems(draft: ModuleVersion, codes: list[str]) -> list[str]:
    """The pre-test and first post-test are two forms sharing no question (lms/questions/plan)."""
    rows = db.session.execute(
        select(Question.id, Question.competency_code, Question.data).where(
            Question.version_id == draft.id, Question.gradeable.is_(True)
        )
    ).all()
    bank = [(row.id, row.competency_code) for row in rows]
    pins = {row.id: row.data["form"] for row in rows if row.data.get("form")}
    fix = _("kurangi jumlah soal pre-test dan post-test di pengaturan modul")
    return [
        shortage_message(short, fix)
        for short in shortages(bank, draft.pretest_questions, codes, pins)
    ]


def publish_draft(module: Module, user_id: int) -> ModuleVersion:
    """Check the draft and publish it as the version new learners start on."""
    draft = drafts.draft_of(module)
    if draft is None:
        raise PublishRefused([_("Tidak ada draf untuk diterbitkan.")])
    problems = publish_problems(module, draft, refresh=True)
    if problems:
        raise PublishRefused(problems)
    return drafts.publish(module, draft, user_id)


def set_archived(module: Module, archived: bool, user_id: int) -> None:
    if module.archived == archived:
        return
    module.archived = archived
    drafts.record_change(module, user_id, "module.archive" if archived else "module.unarchive")
    db.session.flush()


def change_log(module: Module, limit: int = CHANGE_LOG_SIZE) -> list[AuthoringChange]:
    return list(
        db.session.scalars(
            select(AuthoringChange)
            .where(AuthoringChange.module_id == module.id)
            .options(joinedload(AuthoringChange.user))
            .order_by(AuthoringChange.changed_at.desc(), AuthoringChange.id.desc())
            .limit(limit)
        )
    )


@dataclass
class ModuleRow:
    """One line of the trainer's module list."""

    module: Module
    title: str
    published: int | None  # the current version's number
    draft: int | None  # the draft's number
    last_change: AuthoringChange | None

    @property
    def last_changed_at(self) -> datetime | None:
        return self.last_change.changed_at if self.last_change else None


def module_rows() -> list[ModuleRow]:
    """Every module with its versions and latest change, in a fixed number of queries."""
    modules = db.session.scalars(select(Module).options(joinedload(Module.current_version))).all()
    draft_rows = db.session.scalars(
        select(ModuleVersion).where(ModuleVersion.published_at.is_(None))
    ).all()
    drafts_by_module = {version.module_id: version for version in draft_rows}
    latest = (
        select(func.max(AuthoringChange.id)).group_by(AuthoringChange.module_id).scalar_subquery()
    )
    changes = db.session.scalars(
        select(AuthoringChange)
        .where(AuthoringChange.id.in_(latest))
        .options(joinedload(AuthoringChange.user))
    ).all()
    changes_by_module = {change.module_id: change for change in changes}
    rows = []
    for module in modules:
        draft, current = drafts_by_module.get(module.id), module.current_version
        shown = draft or current
        rows.append(
            ModuleRow(
                module=module,
                title=shown.title if shown else module.slug,
                published=current.number if current else None,
                draft=draft.number if draft else None,
                last_change=changes_by_module.get(module.id),
            )
        )
    return sorted(rows, key=lambda row: (row.module.archived, row.title.lower()))
