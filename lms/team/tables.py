"""The downloadable tables of the supervisor's pages: Indonesian headers and plain cell values."""

from flask_babel import gettext as _

from .gain_queries import CompetencyGain, EnrollmentGain
from .services import ASSIGNMENT_STATUSES


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def _person_headers(*more: str) -> list[str]:
    """Headers of a table with one row per person (or per person and module): name, NIP, more."""
    return [_("Nama"), _("NIP"), *more]


def _assignment_status(status: str) -> str:
    return str(ASSIGNMENT_STATUSES[status])


def overview_table(rows, unit_paths: dict[int, str], jp_target: int) -> tuple[list, list]:
    headers = _person_headers(
        _("Unit Kerja"),
        _("Modul ditugaskan"),
        _("Sedang berlangsung"),
        _("Selesai"),
        _("Terlambat"),
        _("JP tahun ini"),
        _("Target JP"),
        _("Aktivitas terakhir"),
    )
    # Unpacked in services.team_overview's column order: reading a Row by name costs per cell.
    body = [
        [name, nip, unit_paths.get(unit_id, ""), assigned, going, done, late, jp, jp_target, last]
        for _id, unit_id, name, nip, _unit, assigned, going, done, late, jp, last in rows
    ]
    return headers, body


def _gain_text(gain: EnrollmentGain) -> str:
    if gain.post is None:
        return _("belum post-test")
    return gain.category or _("tidak terdefinisi (pre-test 100)")


def enrollment_gains_table(gains: list[EnrollmentGain]) -> tuple[list, list]:
    headers = _person_headers(
        _("Modul"),
        _("Pre-test"),
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
            _round(g.points, 1),
            _round(g.n_gain, 2),
            _gain_text(g),
        ]
        for g in gains
    ]
    return headers, body


def competency_gains_table(rows: list[CompetencyGain]) -> tuple[list, list]:
    headers = [
        _("Kode"),
        _("Kompetensi"),
        _("Rata-rata pre-test"),
        _("Rata-rata post-test"),
        _("Gain kelas <g> (dari rata-rata)"),
        _("Rata-rata N-Gain individu"),
        _("Jumlah pasangan"),
        _("Tidak dihitung: belum post-test"),
        _("Tidak dihitung: pre-test 100"),
    ]
    body = [
        [
            r.code,
            r.name,
            _round(r.mean_pre, 1),
            _round(r.mean_post, 1),
            _round(r.class_gain, 2),
            _round(r.mean_of_gains, 2),
            r.pairs,
            r.no_post,
            r.perfect_pre,
        ]
        for r in rows
    ]
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


def member_modules_table(rows) -> tuple[list, list]:
    headers = [
        _("Modul"),
        _("Status"),
        _("Materi selesai"),
        _("Jumlah materi"),
        _("Pre-test"),
        _("Post-test terbaik"),
        _("Percobaan post-test"),
        _("Tanggal selesai"),
        _("JP"),
    ]
    body = [
        [
            row.title,
            _("Selesai") if row.Enrollment.completed_at else _("Sedang berlangsung"),
            row.Enrollment.lessons_done,
            row.lessons,
            _round(row.Enrollment.pretest_score, 1),
            _round(row.Enrollment.best_posttest_score, 1),
            row.Enrollment.posttest_attempts,
            row.Enrollment.completed_at,
            row.Enrollment.jp_credited,
        ]
        for row in rows
    ]
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
