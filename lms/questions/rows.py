"""Answer rows of the question forms, and the text and number fields they are made of."""

from flask_babel import lazy_gettext as _l
from wtforms import Form, StringField, TextAreaField
from wtforms.validators import Length, ValidationError

from .checks import CHOICE_LOWEST, MAX_TEXT, OTHER_LOWEST
from .numbers import format_number, parse_number

TOO_LONG = _l("Paling panjang %(max)d karakter.", max=MAX_TEXT)


def clean_text(value):
    """Trim and use one kind of line break, as a GIFT file read back would."""
    if not isinstance(value, str):
        return "" if value is None else value
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


def shown_number(number: float | None) -> str:
    """A number as trainers write it, with a decimal comma."""
    return "" if number is None else format_number(round(number, 7)).replace(".", ",")


def shown_weight(fraction: float) -> str:
    return shown_number(round(fraction * 100, 5))


class NumberText(StringField):
    """A number typed with a decimal comma or point; `.number` is None when left empty."""

    def __init__(self, label, **kwargs):
        super().__init__(label, filters=[clean_text], **kwargs)

    @property
    def number(self) -> float | None:
        return parse_number(self.data) if self.data else None

    def pre_validate(self, form) -> None:
        if self.data and parse_number(self.data) is None:
            raise ValidationError(_l("Tulis sebuah angka, mis. 50 atau 33,5."))


def _weight_from(lowest: float):
    def check(form, field) -> None:
        if field.number is not None and not lowest * 100 <= field.number <= 100:
            raise ValidationError(
                _l("Bobot harus dari %(low)s sampai 100.", low=format_number(lowest * 100))
            )

    return check


def fraction_of(field: NumberText, default: float) -> float:
    """The weight in percent as the GIFT parser stores it: a fraction rounded to 7 places."""
    return default if field.number is None else round(field.number / 100, 7)


def _answer_text(label):
    return StringField(
        label, filters=[clean_text], validators=[Length(max=MAX_TEXT, message=TOO_LONG)]
    )


def feedback_field(label=None, rows: int = 2):
    return TextAreaField(
        label or _l("Umpan balik"),
        filters=[clean_text],
        validators=[Length(max=MAX_TEXT, message=TOO_LONG)],
        render_kw={"rows": rows},
    )


class _Row(Form):
    """An answer row; a row left entirely empty is ignored."""

    TEXTS: tuple[str, ...] = ()

    @property
    def blank(self) -> bool:
        return not any(self[name].data for name in self.TEXTS)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.text.data == "" and not self.blank:
            self.text.errors.append(_l("Isi teks jawaban, atau kosongkan seluruh baris ini."))
            valid = False
        return valid


class ChoiceRow(_Row):
    TEXTS = ("text", "weight", "feedback")
    text = _answer_text(_l("Teks jawaban"))
    weight = NumberText(_l("Bobot (%)"), validators=[_weight_from(CHOICE_LOWEST)])
    feedback = feedback_field()


class ShortRow(_Row):
    TEXTS = ("text", "weight", "feedback")
    text = _answer_text(_l("Jawaban yang diterima"))
    weight = NumberText(_l("Bobot (%)"), validators=[_weight_from(OTHER_LOWEST)])
    feedback = feedback_field()


class NumberRow(_Row):
    TEXTS = ("value", "tolerance", "low", "high", "weight", "feedback")
    value = NumberText(_l("Angka"))
    tolerance = NumberText(_l("Toleransi (±)"))
    low = NumberText(_l("atau rentang dari"))
    high = NumberText(_l("sampai"))
    weight = NumberText(_l("Bobot (%)"), validators=[_weight_from(OTHER_LOWEST)])
    feedback = feedback_field()

    def validate(self, extra_validators=None) -> bool:
        if not Form.validate(self, extra_validators):
            return False
        value, low, high = self.value.number, self.low.number, self.high.number
        ranged = low is not None or high is not None
        if self.blank:
            return True
        if value is None and not ranged:
            self.value.errors.append(_l("Isi angka jawaban, atau rentang dari–sampai."))
        elif value is not None and ranged:
            self.value.errors.append(_l("Isi angka dengan toleransi atau rentang, bukan keduanya."))
        elif ranged and (low is None or high is None):
            self.low.errors.append(_l("Rentang memerlukan batas bawah dan batas atas."))
        elif ranged and low > high:
            self.low.errors.append(_l("Batas bawah tidak boleh melebihi batas atas."))
        elif (self.tolerance.number or 0) < 0:
            self.tolerance.errors.append(_l("Toleransi tidak boleh negatif."))
        elif ranged and self.tolerance.number:
            self.tolerance.errors.append(_l("Toleransi hanya untuk angka tunggal, bukan rentang."))
        return not any(self[name].errors for name in self.TEXTS)


class PairRow(_Row):
    TEXTS = ("left", "right")
    left = _answer_text(_l("Pernyataan"))
    right = _answer_text(_l("Pasangannya"))

    def validate(self, extra_validators=None) -> bool:
        valid = Form.validate(self, extra_validators)
        if self.left.data and not self.right.data:
            self.right.errors.append(_l("Isi pasangan untuk pernyataan ini."))
            valid = False
        return valid
