from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import BooleanField, IntegerField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, Regexp
from wtforms.widgets import HiddenInput

from lms.web.params import optional_int

from .identity import ALL_GRADES, EMAIL_RE, grade_label

NO_CHOICE = SelectChoice("", "–")


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _max(length: int) -> Length:
    return Length(max=length, message=_l("Paling banyak %(max)d karakter.", max=length))


def _select(label, **kwargs) -> SelectField:
    return SelectField(
        label,
        invalid_choice_message=_l("Pilihan tidak valid."),
        invalid_value_message=_l("Pilihan tidak valid."),
        **kwargs,
    )


def unit_choices(pairs: list[tuple[int, str]]) -> list[SelectChoice]:
    """Options for a unit picker: '–' (none) first, then (id, path) pairs."""
    return [NO_CHOICE] + [SelectChoice(str(unit_id), path) for unit_id, path in pairs]


class UnitForm(FlaskForm):
    name = StringField(
        _l("Nama unit"),
        filters=[_strip],
        validators=[DataRequired(_l("Masukkan nama unit")), _max(200)],
    )
    parent_id = _select(_l("Di bawah unit"), coerce=optional_int)


class UserForm(FlaskForm):
    nip = StringField(
        _l("NIP"), filters=[_strip], validators=[DataRequired(_l("Masukkan NIP pegawai"))]
    )
    name = StringField(
        _l("Nama lengkap"),
        filters=[_strip],
        validators=[DataRequired(_l("Masukkan nama lengkap")), _max(200)],
    )
    email = StringField(
        _l("Email"),
        filters=[_strip],
        validators=[
            Optional(),
            Regexp(EMAIL_RE, message=_l("Alamat email tidak valid.")),
            _max(254),
        ],
    )
    position = StringField(_l("Jabatan"), filters=[_strip], validators=[_max(200)])
    grade = _select(
        _l("Pangkat/Golongan"),
        choices=[NO_CHOICE] + [SelectChoice(g, grade_label(g)) for g in ALL_GRADES],
        validators=[DataRequired(_l("Pilih pangkat/golongan"))],
    )
    unit_id = _select(_l("Unit kerja"), coerce=optional_int)
    supervisor_nip = StringField(
        _l("NIP atasan langsung"), filters=[_strip], validators=[Optional()]
    )
    acting_supervisor_nip = StringField(
        _l("NIP Plt. atasan langsung"), filters=[_strip], validators=[Optional()]
    )
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


class HandoutForm(FlaskForm):
    """Which unit gets temporary passwords; `expected` is the count the admin confirmed."""

    unit_id = _select(_l("Unit kerja (dengan unit di bawahnya)"), coerce=optional_int)
    only_new = BooleanField(_l("Hanya akun yang belum pernah punya kata sandi (baru diimpor)"))
    expected = IntegerField(widget=HiddenInput(), validators=[Optional()])
