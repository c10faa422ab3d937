"""The demo's action plans: four-part RTLs, their acknowledgement with baseline behaviour
ratings, and the ratings after, as lms.learning.plans and lms.evaluation would store them."""

from datetime import datetime, timedelta

from markupsafe import Markup

from lms import clock
from lms.evaluation import action_plans
from lms.learning.models import Enrollment, Lesson, Reflection

# (what I will change, how success shows, who is involved), as lms.learning.plans asks.
RTL_PLANS = [
    (
        "Mulai pekan depan saya menyusun rencana kerja mingguan setiap Senin pagi dan "
        "membahasnya dengan atasan dalam lima menit.",
        "Rencana mingguan tersimpan setiap Senin dan tenggat bidang tidak lagi terlewat.",
        "Kepala bidang dan dua rekan satu tim",
    ),
    (
        "Saya akan menerapkan apa yang saya pelajari pada satu kegiatan di bidang kami bulan ini "
        "dan melaporkan hasilnya dalam rapat staf.",
        "Laporan singkat kegiatan dibahas dalam rapat staf bulan depan bersama atasan.",
        "Atasan langsung dan tim pelaksana kegiatan",
    ),
    (
        "Dalam dua pekan saya membagikan ringkasan materi ini kepada rekan satu tim dan "
        "menyepakati satu kebiasaan kerja baru bersama.",
        "Kebiasaan baru tercatat di papan tim dan dijalankan semua anggota selama sebulan.",
        "Rekan satu tim dan kepala seksi",
    ),
    (
        "Saya menyiapkan daftar periksa sederhana untuk pekerjaan rutin di loket dan mencobanya "
        "selama satu bulan penuh bersama petugas lain.",
        "Berkas yang dikembalikan karena kurang lengkap turun menjadi kurang dari lima per pekan.",
        "Petugas loket dan koordinator pelayanan",
    ),
]


def action_plan(rng, enrollment: Enrollment, lesson: Lesson, block: dict, when: datetime):
    what, success, people_involved = rng.choice(RTL_PLANS)
    return Reflection(
        enrollment_id=enrollment.id,
        lesson_id=lesson.id,
        block_key=block["key"],
        kind="rtl",
        prompt=block.get("prompt") or Markup(block.get("prompt_html", "")).striptags(),
        text=what,
        plan_due=clock.local_date(when) + timedelta(days=rng.choice((30, 45, 60, 90))),
        plan_success=success,
        plan_people=people_involved,
        shared=True,
        updated_at=when,
    )


def _scale(value: float) -> int:
    return max(1, min(4, round(value)))


def acknowledge(rng, enrollment, rtl: Reflection | None, boss_id: int, now) -> dict[int, int]:
    """Acknowledge the RTL a few days after it was written; the baseline ratings given."""
    if rtl is None or rng.random() > 0.9:
        return {}
    when = rtl.updated_at + timedelta(days=rng.randint(1, 14), hours=rng.randint(0, 8))
    if when >= now:
        return {}
    rtl.acknowledged_at, rtl.acknowledged_by_id = when, boss_id
    baseline = {
        position: _scale(rng.gauss(1.8, 0.6))
        for position in range(1, len(enrollment.version.behaviours) + 1)
    }
    action_plans.add_ratings(enrollment, "before", baseline, boss_id, when)
    return baseline


def rate_after(rng, enrollment, baseline: dict[int, int], gain: float, boss_id: int, when) -> None:
    """Every behaviour rated in the evaluation (as the form asks), better the more the learner
    gained; without an acknowledgement there is no baseline, so no pair for the report."""
    positions = range(1, len(enrollment.version.behaviours) + 1)
    start = {p: baseline.get(p) or _scale(rng.gauss(1.8, 0.6)) for p in positions}
    after = {p: _scale(rating + rng.gauss(1.2 * gain, 0.6)) for p, rating in start.items()}
    action_plans.add_ratings(enrollment, "after", after, boss_id, when)
