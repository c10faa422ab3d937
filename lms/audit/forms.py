from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.utils import unset_value
from wtforms.validators import Optional, Regexp, ValidationError

from lms.nip import normalise_nip
from lms.web.forms import DayMonthYearField

# A date with a box left empty: the message names the filter, as GOV.UK's "must include a month".
MISSING_PART = {
    "day": _l("“%(filter)s” harus berisi tanggal (hari)."),
    "month": _l("“%(filter)s” harus berisi bulan."),
    "year": _l("“%(filter)s” harus berisi tahun."),
}


class FilterDateField(DayMonthYearField):
    """A filter date in day, month and year boxes; its messages name the filter."""

    def __init__(self, label, invalid, **kwargs):
        super().__init__(label, validators=[Optional()], **kwargs)
        self.INVALID = invalid
        # Drawn and linked from the error summary as any date group is (macros/forms.html
        # and lms.web.forms.field_anchor go by the type's name).
        self.type = "DayMonthYearField"

    def process(self, formdata, data=unset_value, extra_filters=None):
        super().process(formdata, data, extra_filters)
        missing = [part for part, value in self.parts.items() if not value]
        if self.process_errors and self.raw_data and missing:
            self.process_errors = [MISSING_PART[missing[0]] % {"filter": self.label.text}]


class AuditFilterForm(FlaskForm):
    """The list's filters, read from the query string (a GET form: no CSRF token)."""

    class Meta:
        csrf = False

    action = SelectField(_l("Aksi"), validate_choice=False)
    nip = StringField(
        _l("NIP pelaku"),
        validators=[
            Optional(),
            Regexp(r"^\d{1,18}$", message=_l("NIP berupa angka, paling banyak 18 digit.")),
        ],
        filters=[normalise_nip],
    )
    start = FilterDateField(
        _l("Dari tanggal"),
        _l("“Dari tanggal” harus tanggal yang ada, misalnya 27 2 2026."),
    )
    end = FilterDateField(
        _l("Sampai tanggal"),
        _l("“Sampai tanggal” harus tanggal yang ada, misalnya 28 2 2026."),
    )

    def validate_action(self, field) -> None:
        if field.data not in {value for value, _label in field.choices}:
            raise ValidationError(_l("Pilih aksi dari daftar."))

    def validate_end(self, field) -> None:
        if field.data and self.start.data and field.data < self.start.data:
            raise ValidationError(
                _l("“Sampai tanggal” harus sama dengan atau sesudah “Dari tanggal”.")
            )
