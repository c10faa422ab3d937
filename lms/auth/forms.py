from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length


class LoginForm(FlaskForm):
    nip = StringField(
        _l("NIP"),
        validators=[DataRequired(_l("Masukkan NIP Anda"))],
        render_kw={"autocomplete": "username", "inputmode": "numeric", "autofocus": True},
    )
    password = PasswordField(
        _l("Kata sandi"),
        validators=[DataRequired(_l("Masukkan kata sandi Anda"))],
        render_kw={"autocomplete": "current-password"},
    )
    next = HiddenField()


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        _l("Kata sandi saat ini"),
        validators=[DataRequired(_l("Masukkan kata sandi Anda saat ini"))],
        render_kw={"autocomplete": "current-password"},
    )
    new_password = PasswordField(
        _l("Kata sandi baru"),
        validators=[
            DataRequired(_l("Masukkan kata sandi baru")),
            Length(min=8, message=_l("Kata sandi baru minimal 8 karakter.")),
            Length(max=128, message=_l("Kata sandi baru paling banyak 128 karakter.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )
    confirm_password = PasswordField(
        _l("Ulangi kata sandi baru"),
        validators=[EqualTo("new_password", message=_l("Ulangi kata sandi baru persis sama"))],
        render_kw={"autocomplete": "new-password"},
    )
