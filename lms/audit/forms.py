from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField
from wtforms.validators import Optional, Regexp, ValidationError

from lms.nip import normalise_nip


class IsoDateField(DateField):
    """A date typed as YYYY-MM-DD, refused in Indonesian (WTForms' own message is English)."""

    def process_formdata(self, valuelist) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(str(_l("Tulis tanggal sebagai TTTT-BB-HH."))) from error


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
    start = IsoDateField(_l("Dari tanggal"), validators=[Optional()], render_kw={"type": "date"})
    end = IsoDateField(_l("Sampai tanggal"), validators=[Optional()], render_kw={"type": "date"})

    def validate_action(self, field) -> None:
        if field.data not in {value for value, _label in field.choices}:
            raise ValidationError(_l("Pilih aksi dari daftar."))

    def validate_end(self, field) -> None:
        if field.data and self.start.data and field.data < self.start.data:
            raise ValidationError(_l("Tanggal akhir tidak boleh sebelum tanggal awal."))
