"""Time on task per module for the agency: completions in a period, their recorded study time
beside the module's duration, and how many were "terlalu cepat" (lms.learning.duration)."""

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import and_, case, func, select

from lms.extensions import db
from lms.learning.duration import TOO_FAST_SHARE, too_fast_seconds
from lms.learning.models import Enrollment, Module
from lms.learning.study import version_minutes

from .periods import Period
from .services import module_title
from .tables import DEC1, PCT, TEXT, Column, Table, rounded


@dataclass
class ModuleStudy:
    title: str
    completions: int = 0
    recorded: int = 0  # completions with study time recorded (later than the feature)
    seconds: int = 0  # their study time, summed
    duration: int = 0  # minutes, of the module's newest version completed in the period
    too_fast: int = 0

    @property
    def mean_minutes(self) -> float | None:
        return self.seconds / 60 / self.recorded if self.recorded else None

    @property
    def too_fast_percent(self) -> float | None:
        return 100 * self.too_fast / self.recorded if self.recorded else None


def study_by_module(period: Period) -> list[ModuleStudy]:
    """One row per module with completions in the period, in three grouped queries."""
    in_period = and_(
        Enrollment.completed_at >= period.start_at, Enrollment.completed_at < period.end_at
    )
    grouped = (
        select(
            Enrollment.module_id,
            Enrollment.version_id,
            module_title().label("title"),
            func.count().label("completions"),
            func.count(Enrollment.study_seconds).label("recorded"),
            func.coalesce(func.sum(Enrollment.study_seconds), 0).label("seconds"),
        )
        .join(Module, Module.id == Enrollment.module_id)
        .where(in_period)
        .group_by(
            Enrollment.module_id, Enrollment.version_id, Module.slug, Module.current_version_id
        )
    )
    rows = db.session.execute(grouped).all()
    durations = version_minutes({row.version_id for row in rows})
    fast = _too_fast_counts(in_period, durations)
    modules: dict[int, ModuleStudy] = {}
    for row in sorted(rows, key=lambda r: r.version_id):
        found = modules.setdefault(row.module_id, ModuleStudy(row.title))
        found.completions += row.completions
        found.recorded += row.recorded
        found.seconds += row.seconds
        found.duration = durations.get(row.version_id, 0)
        found.too_fast += fast.get(row.version_id, 0)
    return sorted(modules.values(), key=lambda m: m.title.lower())


def _too_fast_counts(in_period, durations: dict[int, int]) -> dict[int, int]:
    """Completions under each version's threshold, the same rule as duration.too_fast."""
    if not durations:
        return {}
    limits = {version_id: too_fast_seconds(m) for version_id, m in durations.items()}
    limit = case(limits, value=Enrollment.version_id, else_=0)
    query = (
        select(Enrollment.version_id, func.count())
        .where(in_period, Enrollment.study_seconds.is_not(None), Enrollment.study_seconds < limit)
        .group_by(Enrollment.version_id)
    )
    return dict(db.session.execute(query).all())


def study_table(rows: list[ModuleStudy]) -> Table:
    total = ModuleStudy(
        _("Semua modul"),
        completions=sum(r.completions for r in rows),
        recorded=sum(r.recorded for r in rows),
        seconds=sum(r.seconds for r in rows),
        too_fast=sum(r.too_fast for r in rows),
    )

    def cells(row: ModuleStudy, duration: int | None) -> list:
        return [
            row.title,
            row.completions,
            row.recorded,
            duration,
            rounded(row.mean_minutes),
            row.too_fast,
            rounded(row.too_fast_percent),
        ]

    return Table(
        "waktu-belajar",
        _(
            "Waktu belajar modul yang diselesaikan (terlalu cepat: kurang dari %(share)s%% "
            "durasi modul)",
            share=round(TOO_FAST_SHARE * 100),
        ),
        [
            Column(_("Modul"), TEXT),
            Column(_("Selesai")),
            Column(_("Waktu tercatat (n)")),
            Column(_("Durasi modul (menit)")),
            Column(_("Rata-rata waktu belajar (menit)"), DEC1),
            Column(_("Selesai terlalu cepat")),
            Column(_("Terlalu cepat (%)"), PCT),
        ],
        [cells(row, row.duration) for row in rows],
        footer=cells(total, None) if rows else None,
    )
