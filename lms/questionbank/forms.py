"""The import forms, and the editor form of a question kind made ready for a page."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, HiddenField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired

from lms.questions.forms import QuestionForm, RowsForm
from lms.questions.kinds import KINDS


def question_form(
    kind: str, competencies: list[tuple[str, str]], q: dict | None = None
) -> QuestionForm:
    """The kind's form, showing `q` on a GET (a POST reads the request), with its choices set."""
    form_class = KINDS[kind].form
    form = form_class(data=form_class.initial(q) if q else None)
    form.competency.choices = [SelectChoice(code, label) for code, label in competencies]
    if isinstance(form, RowsForm):
        form.add_spare_rows()
    return form


class ImportForm(FlaskForm):
    file = FileField(
        _l("Berkas GIFT (.gift, .txt) atau Moodle XML (.xml)"),
        validators=[FileRequired(_l("Pilih berkas soal yang akan diimpor."))],
    )
    # Moodle's "stop on error" choice; stopping (all or nothing) is the default.
    skip_bad = BooleanField(_l("Lewati soal yang bermasalah dan impor soal lainnya"))


class ConfirmImportForm(FlaskForm):
    token = HiddenField(validators=[DataRequired()])
