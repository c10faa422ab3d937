"""One form per question kind; each turns its fields into a question dict and back."""

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    FieldList,
    Form,
    FormField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from lms.quizzes.gift import format_number, parse_number

from .rules import CHOICE_LOWEST, MAX_TEXT, MAX_TITLE, OTHER_LOWEST

FORMAT_CHOICES = [("moodle", _l("Markdown")), ("html", _l("HTML")), ("plain", _l("Teks biasa"))]
# Imported GIFT may say [markdown]: it renders like Markdown; kept so export writes it back.
MARKDOWN_CHOICE = ("markdown", _l("Markdown (penanda [markdown])"))
TOO_LONG = _l("Paling panjang %(max)d karakter.", max=MAX_TEXT)


def _text(value):
    """Trim and use one kind of line break, as a GIFT file read back would."""
    if not isinstance(value, str):
        return value
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


def _shown(number: float | None) -> str:
    """A number as trainers write it, with a decimal comma."""
    return "" if number is None else format_number(round(number, 7)).replace(".", ",")


def _weight(fraction: float) -> str:
    return _shown(round(fraction * 100, 5))


class NumberText(StringField):
    """A number typed with a decimal comma or point; `.number` is None when left empty."""

    def __init__(self, label, **kwargs):
        super().__init__(label, filters=[_text], **kwargs)

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


def _fraction(field: NumberText, default: float) -> float:
    """The weight in percent as the GIFT parser stores it: a fraction rounded to 7 places."""
    return default if field.number is None else round(field.number / 100, 7)


def _answer_text(label):
    return StringField(label, filters=[_text], validators=[Length(max=MAX_TEXT, message=TOO_LONG)])


def _feedback(label=_l("Umpan balik")):
    return TextAreaField(
        label,
        filters=[_text],
        validators=[Length(max=MAX_TEXT, message=TOO_LONG)],
        render_kw={"rows": 2},
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
    feedback = _feedback()


class ShortRow(_Row):
    TEXTS = ("text", "weight", "feedback")
    text = _answer_text(_l("Jawaban yang diterima"))
    weight = NumberText(_l("Bobot (%)"), validators=[_weight_from(OTHER_LOWEST)])
    feedback = _feedback()


class NumberRow(_Row):
    TEXTS = ("value", "tolerance", "low", "high", "weight", "feedback")
    value = NumberText(_l("Angka"))
    tolerance = NumberText(_l("Toleransi (±)"))
    low = NumberText(_l("atau rentang dari"))
    high = NumberText(_l("sampai"))
    weight = NumberText(_l("Bobot (%)"), validators=[_weight_from(OTHER_LOWEST)])
    feedback = _feedback()

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


class QuestionForm(FlaskForm):
    """The fields every kind shares; subclasses add their answers."""

    kind = ""
    title = StringField(
        _l("Judul soal"),
        filters=[_text],
        validators=[Length(max=MAX_TITLE, message=_l("Paling panjang 255 karakter."))],
    )
    text = TextAreaField(
        _l("Teks soal"),
        filters=[_text],
        validators=[
            DataRequired(_l("Teks soal wajib diisi.")),
            Length(max=MAX_TEXT, message=TOO_LONG),
        ],
        render_kw={"rows": 5},
    )
    format = SelectField(_l("Format teks"), choices=FORMAT_CHOICES)
    competency = SelectField(
        _l("Kompetensi"), invalid_choice_message=_l("Pilih salah satu kompetensi modul ini.")
    )
    general_feedback = _feedback(_l("Umpan balik umum (tampil setelah tes dikirim)"))

    def question(self) -> dict[str, Any]:
        """The question dict (without *_html keys) the fields describe."""
        feedback = self._fields.get("general_feedback")
        return {
            "type": self.kind,
            "title": self.title.data or "",
            "text": self.text.data or "",
            "format": self.format.data,
            "competency": self.competency.data,
            "answers": self.answers(),
            "general_feedback": (feedback.data or "") if feedback is not None else "",
        }

    def answers(self) -> list[dict[str, Any]]:
        return []

    @classmethod
    def initial(cls, q: dict[str, Any]) -> dict[str, Any]:
        """Field values showing an existing question."""
        return {
            "title": q["title"],
            "text": q["text"],
            "format": q.get("format") or "moodle",
            "competency": q["competency"],
            "general_feedback": q.get("general_feedback", ""),
        }


class _RowsForm(QuestionForm):
    """A kind whose answers are rows in `rows`; blank rows are offered for adding more."""

    SPARE = 2

    def answers(self) -> list[dict[str, Any]]:
        return [self.answer(row.form) for row in self.rows if not row.form.blank]

    def answer(self, row) -> dict[str, Any]:
        raise NotImplementedError

    @classmethod
    def initial(cls, q: dict[str, Any]) -> dict[str, Any]:
        return super().initial(q) | {"rows": [cls.row(a) for a in q["answers"]]}

    @staticmethod
    def row(answer: dict[str, Any]) -> dict[str, str]:
        return {
            "text": answer["text"],
            "weight": _weight(answer["fraction"]),
            "feedback": answer.get("feedback", ""),
        }

    def add_spare_rows(self, minimum: int = 4) -> None:
        filled = sum(1 for row in self.rows if not row.form.blank)
        while len(self.rows) < max(minimum, filled + self.SPARE):
            self.rows.append_entry()


class MultichoiceForm(_RowsForm):
    kind = "multichoice"
    rows = FieldList(FormField(ChoiceRow))

    def answer(self, row) -> dict[str, Any]:
        return {"text": row.text.data, "fraction": _fraction(row.weight, 0.0), "feedback": row.feedback.data}


class MultiresponseForm(MultichoiceForm):
    kind = "multiresponse"


class ShortAnswerForm(_RowsForm):
    kind = "shortanswer"
    rows = FieldList(FormField(ShortRow))

    def answer(self, row) -> dict[str, Any]:
        return {"text": row.text.data, "fraction": _fraction(row.weight, 1.0), "feedback": row.feedback.data}


class NumericalForm(_RowsForm):
    kind = "numerical"
    rows = FieldList(FormField(NumberRow))
    other_feedback = _feedback(_l("Umpan balik untuk jawaban lain (tidak wajib)"))

    def answers(self) -> list[dict[str, Any]]:
        answers = super().answers()
        if self.other_feedback.data:
            answers.append(_number_answer(feedback=self.other_feedback.data, fraction=0.0))
        return answers

    def answer(self, row) -> dict[str, Any]:
        fraction, feedback = _fraction(row.weight, 1.0), row.feedback.data
        if row.value.number is not None:
            tolerance = row.tolerance.number or 0.0
            return _number_answer(row.value.number, tolerance, fraction=fraction, feedback=feedback)
        return _number_answer(
            low=row.low.number, high=row.high.number, fraction=fraction, feedback=feedback
        )

    @classmethod
    def initial(cls, q: dict[str, Any]) -> dict[str, Any]:
        graded = [a for a in q["answers"] if a["value"] is not None or a["min"] is not None]
        other = [a["feedback"] for a in q["answers"] if a not in graded]
        return QuestionForm.initial(q) | {
            "rows": [cls.row(a) for a in graded],
            "other_feedback": other[0] if other else "",
        }

    @staticmethod
    def row(answer: dict[str, Any]) -> dict[str, str]:
        tolerance = answer["tolerance"]
        return {
            "value": _shown(answer["value"]),
            "tolerance": _shown(tolerance) if tolerance else "",
            "low": _shown(answer["min"]),
            "high": _shown(answer["max"]),
            "weight": _weight(answer["fraction"]),
            "feedback": answer["feedback"],
        }


def _number_answer(value=None, tolerance=None, low=None, high=None, *, fraction, feedback):
    return {
        "value": value,
        "tolerance": tolerance,
        "min": low,
        "max": high,
        "fraction": fraction,
        "feedback": feedback,
    }


class MatchingForm(_RowsForm):
    kind = "matching"
    rows = FieldList(FormField(PairRow))
    SPARE = 2

    def answer(self, row) -> dict[str, Any]:
        left = row.left.data
        # A row with only a right-hand side is a distractor, as '= -> x' in GIFT.
        return {"left": left, "right": row.right.data, "fraction": 1.0 if left else 0.0, "feedback": ""}

    @staticmethod
    def row(answer: dict[str, Any]) -> dict[str, str]:
        return {"left": answer["left"], "right": answer["right"]}


class TrueFalseForm(QuestionForm):
    kind = "truefalse"
    correct = RadioField(
        _l("Pernyataan ini"),
        choices=[("true", _l("Benar")), ("false", _l("Salah"))],
        validators=[InputRequired(_l("Pilih apakah pernyataan ini benar atau salah."))],
    )
    feedback_true = _feedback(_l("Umpan balik jika peserta menjawab Benar"))
    feedback_false = _feedback(_l("Umpan balik jika peserta menjawab Salah"))

    def answers(self) -> list[dict[str, Any]]:
        right = self.correct.data
        return [
            {"text": name, "fraction": 1.0 if name == right else 0.0, "feedback": field.data}
            for name, field in (("true", self.feedback_true), ("false", self.feedback_false))
        ]

    @classmethod
    def initial(cls, q: dict[str, Any]) -> dict[str, Any]:
        by_name = {a["text"]: a for a in q["answers"]}
        right = "true" if by_name["true"]["fraction"] > 0 else "false"
        return super().initial(q) | {
            "correct": right,
            "feedback_true": by_name["true"]["feedback"],
            "feedback_false": by_name["false"]["feedback"],
        }


class EssayForm(QuestionForm):
    kind = "essay"


class DescriptionForm(QuestionForm):
    kind = "description"
    general_feedback = None  # GIFT has no place for it on a description


FORMS: dict[str, type[QuestionForm]] = {
    form.kind: form
    for form in (
        MultichoiceForm,
        MultiresponseForm,
        TrueFalseForm,
        ShortAnswerForm,
        NumericalForm,
        MatchingForm,
        EssayForm,
        DescriptionForm,
    )
}


def question_form(kind: str, competencies: list[tuple[str, str]], q: dict | None = None):
    """The kind's form, showing `q` on a GET (a POST reads the request), with its choices set."""
    form = FORMS[kind](data=FORMS[kind].initial(q) if q else None)
    form.competency.choices = competencies
    if (q and q.get("format") == "markdown") or form.format.data == "markdown":
        form.format.choices = [*FORMAT_CHOICES, MARKDOWN_CHOICE]
    if isinstance(form, _RowsForm):
        form.add_spare_rows()
    return form


class ImportForm(FlaskForm):
    file = FileField(
        _l("Berkas GIFT (.gift, .txt) atau Moodle XML (.xml)"),
        validators=[FileRequired(_l("Pilih berkas soal yang akan diimpor."))],
    )


class ConfirmImportForm(FlaskForm):
    token = HiddenField(validators=[DataRequired()])
