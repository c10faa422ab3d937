from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from lms.people.identity import EMAIL_RE
from lms.web.params import optional_int


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _max(length: int) -> Length:
    return Length(max=length, message=_l("Paling banyak %(max)d karakter.", max=length))


class ContactForm(FlaskForm):
    unit_id = SelectField(
        _l("Instansi"),
        coerce=optional_int,
        invalid_choice_message=_l("Pilih instansi dari daftar."),
    )
    name = StringField(
        _l("Nama petugas atau layanan"),
        filters=[_strip],
        validators=[DataRequired(_l("Masukkan nama petugas atau layanan")), _max(200)],
    )
    phone = StringField(_l("Telepon"), filters=[_strip], validators=[_max(40)])
    whatsapp = StringField(_l("WhatsApp"), filters=[_strip], validators=[_max(40)])
    email = StringField(
        _l("Email"),
        filters=[_strip],
        validators=[
            Optional(),
            Regexp(EMAIL_RE, message=_l("Masukkan email yang benar, misalnya nama@contoh.go.id")),
            _max(254),
        ],
    )
    hours = StringField(
        _l("Jam layanan"),
        filters=[_strip],
        validators=[DataRequired(_l("Masukkan jam layanan")), _max(200)],
    )
    reply_time = StringField(
        _l("Perkiraan waktu balasan"),
        filters=[_strip],
        validators=[DataRequired(_l("Masukkan perkiraan waktu balasan")), _max(200)],
    )

    def validate(self, extra_validators=None):
        """Report every error at once, including 'no way to reach anyone'."""
        valid = super().validate(extra_validators)
        if not (self.phone.data or self.whatsapp.data or self.email.data):
            self.phone.errors = [*self.phone.errors, _l("Masukkan telepon, WhatsApp atau email")]
            valid = False
        return valid
