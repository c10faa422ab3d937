from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length


class RevokeForm(FlaskForm):
    reason = TextAreaField(
        _l("Alasan pencabutan"),
        validators=[
            DataRequired(_l("Masukkan alasan pencabutan")),
            Length(max=500, message=_l("Alasan paling banyak 500 karakter.")),
        ],
    )
