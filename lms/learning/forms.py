from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    AnyOf,
    DataRequired,
    InputRequired,
    Length,
    Optional,
    ValidationError,
)

from lms.web.params import to_int

from .models import SURVEY_SCALES
from .plans import PART_MAX

REFLECTION_MAX = 5000
COMMENT_MAX = 2000


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def competency_choices(pairs: list[tuple[str, str]], everything: str) -> list[SelectChoice]:
    return [SelectChoice("", everything)] + [SelectChoice(code, name) for code, name in pairs]


class CatalogueFilterForm(FlaskForm):
    """The competency filter of the catalogue: a GET form, so no CSRF token."""

    class Meta:
        csrf = False

    # Choices are checked below rather than by WTForms, whose message is English only.
    kompetensi = SelectField(_l("Kompetensi"), validators=[Optional()], validate_choice=False)

    def validate_kompetensi(self, field):
        if field.data not in {choice.value for choice in field.choices}:
            raise ValidationError(_l("Kompetensi tidak dikenal; semua modul ditampilkan."))


def _text_field(label, rows: int) -> TextAreaField:
    return TextAreaField(
        label,
        filters=[_strip],
        validators=[
            DataRequired(_l("Tuliskan jawaban Anda terlebih dahulu.")),
            Length(
                max=REFLECTION_MAX,
                message=_l("Jawaban paling panjang %(max)d karakter.", max=REFLECTION_MAX),
            ),
        ],
        render_kw={"rows": rows, "maxlength": REFLECTION_MAX},
    )


def _plan_part(label, description, rows: int) -> TextAreaField:
    """One part of the RTL; the service checks its rules (lms.learning.plans) in one pass."""
    return TextAreaField(
        label,
        filters=[_strip],
        description=description,
        render_kw={"rows": rows, "maxlength": PART_MAX},
    )


class RtlForm(FlaskForm):
    text = _plan_part(
        _l("Apa yang akan saya ubah"),
        _l(
            "Kebiasaan atau cara kerja yang akan Anda terapkan, dan di mana. "
            "Paling sedikit 12 kata."
        ),
        rows=5,
    )
    due = StringField(
        _l("Kapan sudah berjalan (tanggal target)"),
        filters=[_strip],
        description=_l("Paling lambat satu tahun dari hari ini."),
        render_kw={"type": "date"},
    )
    success = _plan_part(
        _l("Bagaimana keberhasilannya terlihat"),
        _l(
            "Tanda yang dapat dilihat atasan atau rekan, misalnya angka atau hasil kerja. "
            "Paling sedikit 8 kata."
        ),
        rows=3,
    )
    people = _plan_part(
        _l("Siapa yang terlibat"),
        _l("Nama atau jabatan orang yang membantu atau terdampak."),
        rows=2,
    )


class ReflectionForm(FlaskForm):
    text = _text_field(_l("Jawaban Anda"), rows=5)
    shared = BooleanField(
        _l("Bagikan kepada atasan langsung saya (atau Plt. atasan selama jabatan itu kosong)")
    )


def _rating(value):
    """Read a 1–5 rating; anything else becomes None, which AnyOf then refuses."""
    return to_int(value)


def _rating_field(name: str):
    label, low, high = SURVEY_SCALES[name]
    return RadioField(
        label,
        choices=[SelectChoice(str(n)) for n in range(1, 6)],
        coerce=_rating,
        validate_choice=False,
        validators=[
            InputRequired(_l("Pilih salah satu nilai dari 1 sampai 5.")),
            AnyOf(range(1, 6), message=_l("Pilih salah satu nilai dari 1 sampai 5.")),
        ],
        description=(low, high),
    )


class SurveyForm(FlaskForm):
    relevance = _rating_field("relevance")
    clarity = _rating_field("clarity")
    interactivity = _rating_field("interactivity")
    ease_of_use = _rating_field("ease_of_use")
    comment = TextAreaField(
        _l("Komentar atau saran (tidak wajib)"),
        filters=[_strip],
        validators=[
            Length(
                max=COMMENT_MAX,
                message=_l("Komentar paling panjang %(max)d karakter.", max=COMMENT_MAX),
            )
        ],
    )
