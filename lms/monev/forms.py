from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import Length, Optional

from lms.web.forms import MonthYearField
from lms.web.params import to_int

from .indicators import ELEMENT_LABELS, NOTE_MAX


class NumberField(StringField):
    """A decimal number typed the Indonesian way (87,5) or the other (87.5); empty is None."""

    def process_formdata(self, valuelist):
        text = (valuelist[0] if valuelist else "").strip().replace(" ", "")
        if not text:
            self.data = None
            return
        try:
            self.data = float(text.replace(",", "."))
        except ValueError as error:
            self.data = None
            raise ValueError(_l("Isi dengan angka, misalnya 12,5.")) from error

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        if self.data is None:
            return ""
        return f"{self.data:g}".replace(".", ",")


class IndicatorForm(FlaskForm):
    unit_id = SelectField(_l("Unit kerja"), coerce=to_int, validate_choice=False)
    month = MonthYearField(_l("Bulan"), validators=[Optional()])
    waiting_minutes = NumberField(
        _l("Rata-rata waktu tunggu (menit)"), render_kw={"inputmode": "decimal"}
    )
    waiting_n = NumberField(_l("Jumlah layanan yang diukur"), render_kw={"inputmode": "numeric"})
    respondents = NumberField(_l("Jumlah responden"), render_kw={"inputmode": "numeric"})
    u1 = NumberField(ELEMENT_LABELS[0], render_kw={"inputmode": "decimal"})
    u2 = NumberField(ELEMENT_LABELS[1], render_kw={"inputmode": "decimal"})
    u3 = NumberField(ELEMENT_LABELS[2], render_kw={"inputmode": "decimal"})
    u4 = NumberField(ELEMENT_LABELS[3], render_kw={"inputmode": "decimal"})
    u5 = NumberField(ELEMENT_LABELS[4], render_kw={"inputmode": "decimal"})
    u6 = NumberField(ELEMENT_LABELS[5], render_kw={"inputmode": "decimal"})
    u7 = NumberField(ELEMENT_LABELS[6], render_kw={"inputmode": "decimal"})
    u8 = NumberField(ELEMENT_LABELS[7], render_kw={"inputmode": "decimal"})
    u9 = NumberField(ELEMENT_LABELS[8], render_kw={"inputmode": "decimal"})
    note = TextAreaField(
        _l("Catatan (opsional)"),
        validators=[Optional(), Length(max=NOTE_MAX, message=_l("Catatan terlalu panjang."))],
        render_kw={"rows": 2},
    )


class ProgrammeStartForm(FlaskForm):
    unit_id = HiddenField()
    start_month = MonthYearField(_l("Program dimulai (bulan)"), validators=[Optional()])
