from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import BooleanField, SelectField, StringField
from wtforms.validators import DataRequired, Email, Length, Optional

from .identity import ALL_GRADES


def _optional_int(value):
    return int(value) if value not in (None, "", "None") else None


class UnitForm(FlaskForm):
    name = StringField(
        _l("Nama unit"),
        validators=[DataRequired(_l("Nama unit wajib diisi.")), Length(max=200)],
    )
    parent_id = SelectField(_l("Di bawah unit"), coerce=_optional_int, validate_choice=True)


class UserForm(FlaskForm):
    nip = StringField(_l("NIP"), validators=[DataRequired(_l("NIP wajib diisi."))])
    name = StringField(
        _l("Nama lengkap"), validators=[DataRequired(_l("Nama wajib diisi.")), Length(max=200)]
    )
    email = StringField(
        _l("Email"),
        validators=[Optional(), Email(_l("Alamat email tidak valid.")), Length(max=254)],
    )
    position = StringField(_l("Jabatan"), validators=[Length(max=200)])
    grade = SelectField(
        _l("Pangkat/Golongan"),
        choices=[("", "–")] + [(g, g) for g in ALL_GRADES],
        validators=[DataRequired(_l("Golongan wajib dipilih."))],
    )
    unit_id = SelectField(_l("Unit kerja"), coerce=_optional_int)
    supervisor_nip = StringField(_l("NIP atasan langsung"), validators=[Optional()])
    active = BooleanField(_l("Akun aktif"), default=True)
    is_trainer = BooleanField(_l("Pengajar (widyaiswara)"))
    is_admin = BooleanField(_l("Admin"))


class ImportForm(FlaskForm):
    file = FileField(
        _l("Berkas CSV"),
        validators=[
            FileRequired(_l("Pilih berkas CSV.")),
            FileAllowed(["csv", "txt"], _l("Berkas harus berformat CSV.")),
        ],
    )
