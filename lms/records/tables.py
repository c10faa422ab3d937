"""The downloadable employee list: Indonesian headers and plain cell values."""

from flask_babel import gettext as _

from lms.people.identity import grade_label
from lms.team.tables import jp_goal_text


def employee_table(rows, unit_paths: dict[int, str], year: int, jp_target: int, pppk_max: int):
    headers = [
        _("Nama"),
        _("NIP"),
        _("Jabatan"),
        _("Pangkat/Golongan"),
        _("Unit Kerja"),
        _("Status akun"),
        _("JP %(year)s", year=year),
        _("Target JP (PNS) / hak JP (PPPK)"),
    ]
    active, inactive = _("Aktif"), _("Nonaktif")
    body = [
        [
            row.User.name,
            row.User.nip,
            row.User.position,
            grade_label(row.User.grade),
            unit_paths.get(row.User.unit_id, ""),
            active if row.User.active else inactive,
            row.jp,
            jp_goal_text(row.pppk, jp_target, pppk_max),
        ]
        for row in rows
    ]
    return headers, body
