"""The downloadable tables of the supervisor's pages: Indonesian headers and plain cell values."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from lms.team.gains import GroupGain, category

from .gain_queries import CompetencyGain, EnrollmentGain, PersonCompetencyGain, enrollment_gain
from .services import ASSIGNMENT_STATUSES


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def _person_headers(*more: str) -> list[str]:
    """Headers of a table with one row per person (or per person and module): name, NIP, more."""
    return [_("Nama"), _("NIP"), *more]


def _assignment_status(status: str) -> str:
    return str(ASSIGNMENT_STATUSES[status])


def jp_goal_text(pppk: bool, jp_target: int, pppk_max: int):
    """The target for a PNS; for a PPPK the entitlement, never a target to fall short of."""
    return _("hak maksimal %(n)s JP", n=pppk_max) if pppk else jp_target


def overview_table(
    rows, unit_paths: dict[int, str], jp_target: int, pppk_max: int
) -> tuple[list, list]:
    headers = _person_headers(
        _("Unit Kerja"),
        _("Modul ditugaskan"),
        _("Sedang berlangsung"),
        _("Selesai"),
        _("Terlambat"),
        _("JP tahun ini"),
        _("Target JP (PNS) / hak JP (PPPK)"),
        _("Aktivitas terakhir"),
    )
    # Unpacked in services.team_overview's column order: reading a Row by name costs per cell.
    body = [
        [
            name,
            nip,
            unit_paths.get(unit_id, ""),
            assigned,
            going,
            done,
            late,
            jp,
            jp_goal_text(pppk, jp_target, pppk_max),
            last,
        ]
        for _id, unit_id, name, nip, _unit, assigned, going, done, late, jp, last, pppk in rows
    ]
    return headers, body


CATEGORY_LABELS = {
    "tinggi": _l("tinggi"),
    "sedang": _l("sedang"),
    "rendah": _l("rendah"),
    "penurunan": _l("penurunan"),
}


def category_label(category: str | None) -> str:
    return str(CATEGORY_LABELS[category]) if category else ""


def _gain_text(post: float | None, category: str | None) -> str:
    """The category of an individual gain, or why there is none."""
    if post is None:
        return _("belum post-test")
    return category_label(category) or _("tidak terdefinisi (pre-test 100)")


def enrollment_gains_table(rows: list[EnrollmentGain]) -> tuple[list, list]:
    headers = _person_headers(
        _("Modul"),
        _("Pre-test"),
        _("Post-test pertama"),
        _("Post-test terbaik"),
        _("Selisih (poin)"),
        _("N-Gain"),
        _("Kategori"),
    )
    body = [
        [
            g.name,
            g.nip,
            g.module,
            _round(g.pre, 1),
            _round(g.post, 1),
            _round(g.best_post, 1),
            _round(g.points, 1),
            _round(g.n_gain, 2),
            _gain_text(g.post, g.category),
        ]
        for g in rows
    ]
    return headers, body


def gain_headers() -> list[str]:
    """Headers of a group's N-Gain figures, in the order of gain_cells."""
    return [
        _("Pasangan (n)"),
        _("Rata-rata pre-test"),
        _("Rata-rata post-test pertama"),
        _("N-Gain kelas ⟨g⟩"),
        _("Kategori ⟨g⟩"),
        _("Median N-Gain individu"),
        _("Rata-rata N-Gain individu"),
        _("Tanpa N-Gain individu: pre-test 100"),
        _("Tidak dihitung: belum post-test"),
    ]


def gain_cells(gain: GroupGain) -> list:
    return [
        gain.pairs,
        _round(gain.mean_pre, 1),
        _round(gain.mean_post, 1),
        _round(gain.class_gain, 2),
        category_label(gain.class_category),
        _round(gain.median_gain, 2),
        _round(gain.mean_gain, 2),
        gain.perfect_pre,
        gain.no_post,
    ]


def competency_gains_table(rows: list[CompetencyGain], total: GroupGain) -> tuple[list, list]:
    headers = [_("Kode"), _("Kompetensi"), *gain_headers()]
    body = [[r.code, r.name, *gain_cells(r.gain)] for r in rows]
    body.append(["", _("Semua modul (nilai modul)"), *gain_cells(total)])
    return headers, body


def assignments_table(rows) -> tuple[list, list]:
    headers = _person_headers(
        _("Modul"), _("Batas waktu"), _("Status"), _("Tanggal selesai"), _("Catatan")
    )
    body = [
        [
            r.name,
            r.nip,
            r.title,
            r.due_date,
            _assignment_status(r.status),
            r.completed_at,
            r.note,
        ]
        for r in rows
    ]
    return headers, body


def member_modules_table(rows, times: dict) -> tuple[list, list]:
    """One row per module; `times` are lms.learning.study.StudyTime by enrolment id."""
    headers = [
        _("Modul"),
        _("Status"),
        _("Materi selesai"),
        _("Jumlah materi"),
        _("Pre-test"),
        _("Post-test pertama"),
        _("Post-test terbaik"),
        _("Percobaan post-test"),
        _("N-Gain"),
        _("Kategori N-Gain"),
        _("Tanggal selesai"),
        _("JP"),
        _("Waktu belajar (menit)"),
        _("Durasi modul (menit)"),
        _("Selesai terlalu cepat"),
    ]
    body = [
        [
            row.title,
            _("Selesai") if row.Enrollment.completed_at else _("Sedang berlangsung"),
            row.Enrollment.lessons_done,
            row.lessons,
            _round(row.Enrollment.pretest_score, 1),
            _round(row.Enrollment.first_posttest_score, 1),
            _round(row.Enrollment.best_posttest_score, 1),
            row.Enrollment.posttest_attempts,
            _round(_member_gain(row), 2),
            _member_gain_text(row),
            row.Enrollment.completed_at,
            row.Enrollment.jp_credited,
            times[row.Enrollment.id].minutes,
            times[row.Enrollment.id].duration,
            _("Ya") if times[row.Enrollment.id].too_fast else "",
        ]
        for row in rows
    ]
    return headers, body


def _member_gain(row) -> float | None:
    return enrollment_gain(row.Enrollment)


def _member_gain_text(row) -> str:
    if row.Enrollment.pretest_score is None:
        return ""
    return _gain_text(row.Enrollment.first_posttest_score, category(_member_gain(row)))


def thin_text(per_form: int) -> str:
    """Why a competency shows no score for one person (lms.questions.plan.MIN_PER_FORM)."""
    return _("hanya %(n)s soal per tes; dilaporkan untuk kelompok", n=per_form)


def member_competencies_table(rows: list[PersonCompetencyGain]) -> tuple[list, list]:
    """One row per module and competency; a thin competency has "—" for every figure."""
    headers = [
        _("Modul"),
        _("Kode"),
        _("Kompetensi"),
        _("Soal per tes"),
        _("Pre-test"),
        _("Post-test pertama"),
        _("N-Gain"),
        _("Keterangan"),
    ]
    body = []
    for c in rows:
        if c.reportable:
            figures = [_round(c.pre, 1), _round(c.post, 1), _round(c.n_gain, 2)]
            note = _gain_text(c.post, c.category)
        else:
            figures, note = ["—", "—", "—"], thin_text(c.per_form)
        body.append([c.module, c.code, c.name, c.per_form, *figures, note])
    return headers, body


def member_attempts_table(rows) -> tuple[list, list]:
    headers = [_("Tanggal"), _("Modul"), _("Tes"), _("Percobaan"), _("Nilai"), _("Hasil")]
    body = []
    for row in rows:
        attempt = row.Attempt
        result = "" if attempt.test == "pre" else _("Lulus") if attempt.passed else _("Tidak Lulus")
        test = _("Pre-test") if attempt.test == "pre" else _("Post-test")
        body.append(
            [
                attempt.submitted_at,
                row.title,
                test,
                attempt.number,
                _round(attempt.score, 1),
                result,
            ]
        )
    return headers, body


def member_assignments_table(rows) -> tuple[list, list]:
    headers = [_("Modul"), _("Batas waktu"), _("Status"), _("Catatan")]
    body = [[r.title, r.due_date, _assignment_status(r.status), r.note] for r in rows]
    return headers, body


def evaluations_due_table(enrollments) -> tuple[list, list]:
    headers = _person_headers(_("Modul"), _("Tanggal selesai"))
    body = [[e.user.name, e.user.nip, e.version.title, e.completed_at] for e in enrollments]
    return headers, body
