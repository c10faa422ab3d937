from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, SelectMultipleField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from lms.assignments.services import NOTE_MAX
from lms.evaluation.action_plans import BEHAVIOUR_LABELS
from lms.evaluation.services import ACTION_PLAN_LABELS, RATING_LABELS
from lms.evaluation.services import NOTE_MAX as EVALUATION_NOTE_MAX
from lms.web.forms import DayMonthYearField
from lms.web.params import optional_int, to_int

from .services import MEMBER_STATUSES, SORT_KEYS

EXPORT_FORMATS = [SelectChoice(""), SelectChoice("csv", "CSV"), SelectChoice("xlsx", "XLSX")]
INVALID = _l("Pilihan tidak valid.")


def _int_list(values):
    """Checkbox values as ints; anything else is dropped here and refused by the service."""
    return [number for number in map(to_int, values) if number is not None]


class CheckboxesField(SelectMultipleField):
    """Multiple choice as a list of checkboxes; choices are checked by the services."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, coerce=int, **kwargs)

    def process_formdata(self, valuelist):
        self.data = _int_list(valuelist)

    def pre_validate(self, form):
        pass


class OverviewFilterForm(FlaskForm):
    """The overview's query string: validated choices only (the view answers 400 otherwise)."""

    class Meta:
        csrf = False

    unit = SelectField(_l("Unit kerja"), coerce=optional_int, invalid_value_message=INVALID)
    status = SelectField(
        _l("Status"),
        choices=[SelectChoice("", _l("Semua"))]
        + [SelectChoice(key, label) for key, label in MEMBER_STATUSES.items()],
        default="",
    )
    sort = SelectField(
        choices=[SelectChoice(key) for key in SORT_KEYS]
        + [SelectChoice(f"-{key}") for key in SORT_KEYS],
        default="nama",
    )
    format = SelectField(choices=EXPORT_FORMATS, default="")


def unit_choices(everything: str, pairs: list[tuple[int, str]]) -> list[SelectChoice]:
    return [SelectChoice("", everything)] + [SelectChoice(str(i), path) for i, path in pairs]


def int_choices(pairs) -> list[SelectChoice]:
    return [SelectChoice(str(value), label) for value, label in pairs]


class AssignForm(FlaskForm):
    user_ids = CheckboxesField(
        _l("Pegawai"), validators=[InputRequired(_l("Pilih minimal satu pegawai."))]
    )
    module_ids = CheckboxesField(
        _l("Modul"), validators=[InputRequired(_l("Pilih minimal satu modul."))]
    )
    due_date = DayMonthYearField(
        _l("Batas waktu"), validators=[InputRequired(_l("Masukkan batas waktu"))]
    )
    note = TextAreaField(
        _l("Catatan (opsional)"),
        validators=[Optional(), Length(max=NOTE_MAX, message=_l("Catatan terlalu panjang."))],
    )


class DueDateForm(FlaskForm):
    due_date = DayMonthYearField(
        _l("Batas waktu baru"), validators=[InputRequired(_l("Masukkan batas waktu"))]
    )


def _add_behaviour_fields(form_class, behaviours: list[str]) -> None:
    """One 1-4 rating per observable behaviour: fields behaviour_1, behaviour_2, ..."""
    for position, text in enumerate(behaviours, start=1):
        field = RadioField(
            text,
            choices=int_choices(BEHAVIOUR_LABELS.items()),
            validate_choice=False,
            validators=[InputRequired(_l("Pilih nilai 1–4 untuk perilaku: %(b)s", b=text))],
        )
        setattr(form_class, f"behaviour_{position}", field)


def acknowledge_form(behaviours: list[str], prefix: str = "") -> FlaskForm:
    """The supervisor's acknowledgement of an RTL, with the baseline behaviour ratings."""

    class AcknowledgeForm(FlaskForm):
        pass

    _add_behaviour_fields(AcknowledgeForm, behaviours)
    return AcknowledgeForm(prefix=prefix)


def behaviour_ratings(form, count: int) -> dict[int, object]:
    return {position: form[f"behaviour_{position}"].data for position in range(1, count + 1)}


def evaluation_form(
    codes: list[str], names: list[str], formdata=None, behaviours: list[str] = ()
) -> FlaskForm:
    """A form with one 1-5 rating per competency (fields rating_0, rating_1, ...), one 1-4
    rating per observable behaviour of the module (behaviour_1, ...), how far the RTL went
    and a note.

    The fields are made in the order team/evaluate.html shows them: WTForms orders a form's
    fields by creation, and the error summary lists them in that order.
    """

    class EvaluationForm(FlaskForm):
        pass

    for index, name in enumerate(names):
        field = RadioField(
            name,
            choices=int_choices(RATING_LABELS.items()),
            validate_choice=False,
            validators=[InputRequired(_l("Pilih nilai 1–5 untuk kompetensi: %(c)s", c=name))],
        )
        setattr(EvaluationForm, f"rating_{index}", field)
    _add_behaviour_fields(EvaluationForm, behaviours)
    EvaluationForm.action_plan = RadioField(
        _l("Sejauh mana Rencana Tindak Lanjut (RTL) dilaksanakan?"),
        choices=int_choices(ACTION_PLAN_LABELS.items()),
        validate_choice=False,
        validators=[InputRequired(_l("Pilih sejauh mana RTL dilaksanakan."))],
    )
    EvaluationForm.note = TextAreaField(
        _l("Catatan (opsional)"),
        validators=[
            Optional(),
            Length(max=EVALUATION_NOTE_MAX, message=_l("Catatan terlalu panjang.")),
        ],
    )
    form = EvaluationForm() if formdata is None else EvaluationForm(formdata)
    form.codes = codes
    return form
