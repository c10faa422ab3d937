from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length


class RevokeForm(FlaskForm):
    reason = TextAreaField(
        _l("Alasan pencabutan"),
        validators=[
            DataRequired(_l("Masukkan alasan pencabutan")),
            Length(max=500, message=_l("Alasan paling banyak 500 karakter.")),
        ],
    )


class ReissueForm(FlaskForm):
    reason = TextAreaField(
        _l("Alasan penerbitan ulang"),
        validators=[
            DataRequired(_l("Alasan penerbitan ulang wajib diisi.")),
            Length(max=500, message=_l("Alasan paling banyak 500 karakter.")),
        ],
    )


class IssuerForm(FlaskForm):
    signatory_name = StringField(
        _l("Nama penanda tangan (dengan gelar)"),
        validators=[Length(max=200, message=_l("Paling banyak 200 karakter."))],
    )
    signatory_nip = StringField(
        _l("NIP penanda tangan"),
        validators=[Length(max=30, message=_l("NIP terdiri dari 18 angka."))],
    )
    signatory_position = StringField(
        _l("Jabatan penanda tangan"),
        validators=[Length(max=200, message=_l("Paling banyak 200 karakter."))],
    )
    emblem = FileField(_l("Lambang (PNG atau JPEG, paling besar 2 MB)"))
