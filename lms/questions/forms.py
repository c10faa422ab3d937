"""One editor form per question kind; each turns its fields into a question dict and back.

The views of the question bank instantiate them (a FlaskForm reads the request then).
"""

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    FieldList,
    FormField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length

from .checks import MAX_TEXT, MAX_TITLE
from .rows import (
    TOO_LONG,
    ChoiceRow,
    NumberRow,
    PairRow,
    ShortRow,
    clean_text,
    feedback_field,
    fraction_of,
    shown_number,
    shown_weight,
)

# Moodle's four text formats; new questions are written in Markdown.
FORMAT_CHOICES = [
    SelectChoice("markdown", _l("Markdown")),
    SelectChoice("moodle", _l("Format otomatis Moodle")),
    SelectChoice("html", _l("HTML")),
    SelectChoice("plain", _l("Teks biasa")),
]


class QuestionForm(FlaskForm):
    """The fields every kind shares; subclasses add their answers."""

    kind = ""
    title = StringField(
        _l("Judul soal"),
        filters=[clean_text],
        validators=[Length(max=MAX_TITLE, message=_l("Paling panjang 255 karakter."))],
    )
    text = TextAreaField(
        _l("Teks soal"),
        filters=[clean_text],
        validators=[
            DataRequired(_l("Masukkan teks soal")),
            Length(max=MAX_TEXT, message=TOO_LONG),
        ],
        render_kw={"rows": 5},
    )
    format = SelectField(
        _l("Format teks"),
        choices=FORMAT_CHOICES,
        invalid_choice_message=_l("Pilih salah satu format teks yang tersedia."),
    )
    competency = SelectField(
        _l("Kompetensi"), invalid_choice_message=_l("Pilih salah satu kompetensi modul ini.")
    )
    general_feedback = feedback_field(_l("Umpan balik umum (tampil setelah tes dikirim)"), rows=3)

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
            "format": q.get("format") or "markdown",
            "competency": q["competency"],
            "general_feedback": q.get("general_feedback", ""),
        }


class RowsForm(QuestionForm):
    """A kind whose answers are rows in `rows`; blank rows are offered for adding more.

    Each subclass defines `answer(row)`: how one filled row becomes an answer dict.
    """

    SPARE = 2
    MIN_ROWS = 4

    def answers(self) -> list[dict[str, Any]]:
        return [self.answer(row.form) for row in self.rows if not row.form.blank]

    @classmethod
    def initial(cls, q: dict[str, Any]) -> dict[str, Any]:
        return super().initial(q) | {"rows": [cls.row(a) for a in q["answers"]]}

    @staticmethod
    def row(answer: dict[str, Any]) -> dict[str, str]:
        return {
            "text": answer["text"],
            "weight": shown_weight(answer["fraction"]),
            "feedback": answer.get("feedback", ""),
        }

    def add_spare_rows(self) -> None:
        filled = sum(1 for row in self.rows if not row.form.blank)
        while len(self.rows) < max(self.MIN_ROWS, filled + self.SPARE):
            self.rows.append_entry()


class MultichoiceForm(RowsForm):
    kind = "multichoice"
    rows = FieldList(FormField(ChoiceRow))

    def answer(self, row) -> dict[str, Any]:
        return {
            "text": row.text.data,
            "fraction": fraction_of(row.weight, 0.0),
            "feedback": row.feedback.data,
        }


class MultiresponseForm(MultichoiceForm):
    kind = "multiresponse"


class ShortAnswerForm(RowsForm):
    kind = "shortanswer"
    MIN_ROWS = 3
    rows = FieldList(FormField(ShortRow))
    case_sensitive = BooleanField(
        _l("Bedakan huruf besar dan kecil (mis. Na tidak sama dengan NA)")
    )

    def question(self) -> dict[str, Any]:
        return super().question() | {"case_sensitive": bool(self.case_sensitive.data)}

    @classmethod
    def initial(cls, q: dict[str, Any]) -> dict[str, Any]:
        return super().initial(q) | {"case_sensitive": bool(q.get("case_sensitive"))}

    def answer(self, row) -> dict[str, Any]:
        return {
            "text": row.text.data,
            "fraction": fraction_of(row.weight, 1.0),
            "feedback": row.feedback.data,
        }


class NumericalForm(RowsForm):
    kind = "numerical"
    MIN_ROWS = 2
    rows = FieldList(FormField(NumberRow))
    other_feedback = feedback_field(_l("Umpan balik untuk jawaban lain (tidak wajib)"), rows=3)

    def answers(self) -> list[dict[str, Any]]:
        answers = super().answers()
        if self.other_feedback.data:
            answers.append(_number_answer(feedback=self.other_feedback.data, fraction=0.0))
        return answers

    def answer(self, row) -> dict[str, Any]:
        fraction, feedback = fraction_of(row.weight, 1.0), row.feedback.data
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
            "value": shown_number(answer["value"]),
            "tolerance": shown_number(tolerance) if tolerance else "",
            "low": shown_number(answer["min"]),
            "high": shown_number(answer["max"]),
            "weight": shown_weight(answer["fraction"]),
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


class MatchingForm(RowsForm):
    kind = "matching"
    rows = FieldList(FormField(PairRow))

    def answer(self, row) -> dict[str, Any]:
        left = row.left.data
        # A row with only a right-hand side is a distractor, as '= -> x' in GIFT.
        return {
            "left": left,
            "right": row.right.data,
            "fraction": 1.0 if left else 0.0,
            "feedback": "",
        }

    @staticmethod
    def row(answer: dict[str, Any]) -> dict[str, str]:
        return {"left": answer["left"], "right": answer["right"]}


class TrueFalseForm(QuestionForm):
    kind = "truefalse"
    correct = RadioField(
        _l("Pernyataan ini"),
        choices=[SelectChoice("true", _l("Benar")), SelectChoice("false", _l("Salah"))],
        validators=[InputRequired(_l("Pilih apakah pernyataan ini benar atau salah."))],
        invalid_choice_message=_l("Pilih apakah pernyataan ini benar atau salah."),
    )
    feedback_true = feedback_field(_l("Umpan balik jika peserta menjawab Benar"))
    feedback_false = feedback_field(_l("Umpan balik jika peserta menjawab Salah"))

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
