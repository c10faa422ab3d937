import datetime

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.utils import unset_value
from wtforms.validators import (
    AnyOf,
    DataRequired,
    InputRequired,
    Length,
    Optional,
    ValidationError,
)

from lms.web.forms import DayMonthYearField
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


class PlanDueField(DayMonthYearField):
    """The RTL's target date as day, month and year boxes; `data` is the date as ISO text.

    lms.learning.plans checks the date together with the plan's other parts, so a wrong
    date is reported in the same pass as a short answer, not first and alone.
    """

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.type = "DayMonthYearField"  # drawn and linked (to the day box) like any date

    def process(self, formdata, data=unset_value, extra_filters=None):
        self.process_errors = []
        if formdata is not None and any(f"{self.name}-{p}" in formdata for p in self.PARTS):
            self.parts = {p: formdata.get(f"{self.name}-{p}", "").strip() for p in self.PARTS}
            self.data = _iso_text(self.parts)
            return
        if formdata is not None:  # one ISO value, as a script or an older page posts it
            self.data = (formdata.get(self.name) or "").strip()
        else:
            self.data = "" if data is unset_value or data is None else str(data)
        try:
            self.parts = self._split(datetime.date.fromisoformat(self.data))
        except ValueError:
            self.parts = self._split_iso(self.data) if self.data else dict.fromkeys(self.PARTS, "")

    def part_value(self, part: str) -> str:
        return "" if self.parts.get(part) == "?" else self.parts.get(part, "")


def _iso_text(parts: dict[str, str]) -> str:
    """Day, month and year boxes as ISO text ('31', '3', '2027' -> '2027-03-31'); a part that
    is missing or not a number stays as typed, so the date does not parse and is refused."""
    parts = {part: value.strip() for part, value in parts.items()}
    if not any(parts.values()):
        return ""
    day, month = (parts[p].zfill(2) if parts[p].isdigit() else parts[p] for p in ("day", "month"))
    return f"{parts['year']}-{month}-{day}"


class RtlForm(FlaskForm):
    text = _plan_part(
        _l("Apa yang akan saya ubah"),
        _l(
            "Kebiasaan atau cara kerja yang akan Anda terapkan, dan di mana. "
            "Paling sedikit 12 kata."
        ),
        rows=5,
    )
    due = PlanDueField(
        _l("Kapan sudah berjalan (tanggal target)"),
        description=_l("Paling lambat satu tahun dari hari ini. Contoh: 31 3 2027"),
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
            InputRequired(_l("Pilih nilai 1–5 untuk: %(q)s", q=label)),
            AnyOf(range(1, 6), message=_l("Pilih nilai 1–5 untuk: %(q)s", q=label)),
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
