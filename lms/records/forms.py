from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SearchField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length

from lms.web.params import optional_int

from .services import JP_FILTERS

EXPORT_FORMATS = [SelectChoice(""), SelectChoice("csv", "CSV"), SelectChoice("xlsx", "XLSX")]
INVALID = _l("Pilihan tidak valid.")


class EmployeeFilterForm(FlaskForm):
    """The employee list's query string: validated choices only (the view answers 400 otherwise)."""

    class Meta:
        csrf = False

    q = SearchField(_l("Cari NIP atau nama"), validators=[Length(max=100)])
    unit = SelectField(
        _l("Unit kerja (dengan unit di bawahnya)"),
        coerce=optional_int,
        invalid_value_message=INVALID,
    )
    jp = SelectField(_l("JP tahun ini"), default="", invalid_value_message=INVALID)
    format = SelectField(choices=EXPORT_FORMATS, default="")

    def set_choices(self, unit_paths: list[tuple[int, str]], jp_target: int) -> None:
        self.unit.choices = [SelectChoice("", _("Semua unit"))] + [
            SelectChoice(str(uid), path) for uid, path in unit_paths
        ]
        labels = {
            "di-bawah-target": _("PNS di bawah %(n)s JP", n=jp_target),
            "target-tercapai": _("PNS yang mencapai target JP tahun ini"),
            "tanpa-jp": _("Belum ada JP tahun ini"),
            "pppk": _("PPPK (hak maksimal JP)"),
        }
        self.jp.choices = [SelectChoice("", _("Semua"))] + [
            SelectChoice(key, labels[key]) for key in JP_FILTERS
        ]
