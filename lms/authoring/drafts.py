"""Drafts and publication: trainers edit a draft version; learners only ever see published ones."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, inspect, select, update

from lms import clock
from lms.audit import services as audit
from lms.errors import DomainError
from lms.extensions import db
from lms.learning.models import SETTINGS, Module, ModuleVersion
from lms.people.models import User
from lms.quizzes.models import Question

from .models import AuthoringChange, VersionOverview


def draft_of(module: Module) -> ModuleVersion | None:
    """The module's unpublished version, if a trainer has opened one."""
    return db.session.scalar(
        select(ModuleVersion).where(
            ModuleVersion.module_id == module.id, ModuleVersion.published_at.is_(None)
        )
    )


def record_change(module: Module, user_id: int, action: str, detail: str = "", version=None):
    db.session.add(
        AuthoringChange(
            module_id=module.id,
            version_id=version.id if version is not None else None,
            user_id=user_id,
            action=action,
            detail=detail[:2000],
        )
    )


def open_draft(module: Module, user_id: int) -> ModuleVersion:
    """Return the draft, copying the current version (lessons and bank) into one if needed."""
    draft = draft_of(module)
    if draft is not None:
        return draft
    number = (
        db.session.scalar(
            select(func.max(ModuleVersion.number)).where(ModuleVersion.module_id == module.id)
        )
        or 0
    ) + 1
    draft = ModuleVersion(module_id=module.id, number=number, published_at=None)
    if module.current_version is not None:
        copy_version(module.current_version, draft)
    db.session.add(draft)
    db.session.flush()
    record_change(module, user_id, "draft.open", f"versi {number}", draft)
    db.session.flush()
    return draft


def copy_version(base: ModuleVersion, target: ModuleVersion) -> None:
    """Copy settings, overview, lessons and bank of `base` into the new `target` and add it.

    `target` must not be in the session yet: an autoflush would insert it without a title."""
    for name in (*SETTINGS, "overview_html", "behaviours"):
        setattr(target, name, getattr(base, name))
    target.source_hash = ""
    target.lessons.extend(_copy_of(lesson) for lesson in base.lessons)
    db.session.add(target)
    db.session.flush()
    questions = db.session.scalars(
        select(Question).where(Question.version_id == base.id).order_by(Question.position)
    ).all()
    db.session.add_all(_copy_of(question, version_id=target.id) for question in questions)
    overview = db.session.get(VersionOverview, base.id)
    if overview is not None:
        db.session.add(VersionOverview(version_id=target.id, source=overview.source))


def _copy_of(row, **keys):
    """A new row of the same model holding what `row` holds: every column but its own keys."""
    columns = inspect(type(row)).column_attrs
    content = {c.key: getattr(row, c.key) for c in columns if c.key not in ("id", "version_id")}
    return type(row)(**content, **keys)


def publish(module: Module, draft: ModuleVersion, user_id: int) -> ModuleVersion:
    """Make the draft the version new learners start on; enrolled learners keep theirs."""
    draft.published_at = clock.utcnow()
    module.current_version = draft
    record_change(module, user_id, "publish", f"versi {draft.number}", draft)
    audit.record(
        "module_publish",
        db.session.get(User, user_id),
        f"modul {module.id} versi {draft.number}",
        draft.title,
    )
    db.session.flush()
    return draft


def discard(module: Module, draft: ModuleVersion, user_id: int) -> None:
    """Throw the draft away (lessons, bank, overview); the published version stays as it is."""
    if module.current_version_id is None:
        raise DomainError(_l("Modul ini belum pernah terbit, jadi drafnya tidak dapat dibuang."))
    # The trail outlives the draft: its entries keep "versi N" in their detail.
    trail = update(AuthoringChange).where(AuthoringChange.version_id == draft.id)
    db.session.execute(trail.values(version_id=None))
    db.session.execute(delete(Question).where(Question.version_id == draft.id))
    db.session.execute(delete(VersionOverview).where(VersionOverview.version_id == draft.id))
    db.session.delete(draft)
    record_change(module, user_id, "draft.discard", f"versi {draft.number}")
    db.session.flush()
