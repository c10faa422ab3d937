from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import IntegerField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget, NumberInput

LEVEL_CHOICES = [
    SelectChoice("dasar", _l("Dasar")),
    SelectChoice("menengah", _l("Menengah")),
    SelectChoice("lanjut", _l("Lanjut")),
]
REVIEW_CHOICES = [
    SelectChoice("standar", _l("Setelah lulus atau kesempatan habis (bawaan)")),
    SelectChoice("lulus", _l("Hanya setelah lulus")),
    SelectChoice("tidak", _l("Tidak pernah")),
]
INVALID = _l("Pilihan tidak valid.")
BODY_MAX = 100_000
# Rendering a Markdown table takes time that grows with its rows (16,000 rows took 20 s).
TABLE_ROWS_MAX = 1000


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _max(length: int) -> Length:
    return Length(max=length, message=_l("Paling banyak %(max)d karakter.", max=length))


class WholeNumberField(IntegerField):
    """An integer field whose messages are in Indonesian (WTForms ships none)."""

    widget = NumberInput(step=1)

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(_l("Isi dengan bilangan bulat.")) from error


def _number(label, low: int, high: int | None = None, default=None) -> WholeNumberField:
    if high is None:
        message = _l("Paling kecil %(low)d.", low=low)
    else:
        message = _l("Isi dari %(low)d sampai %(high)d.", low=low, high=high)
    return WholeNumberField(
        label,
        default=default,
        validators=[
            InputRequired(_l("Wajib diisi.")),
            NumberRange(min=low, max=high, message=message),
        ],
    )


class CheckboxesField(SelectMultipleField):
    """Several choices as checkboxes; unknown values are refused with an Indonesian message."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def pre_validate(self, form):
        known = {choice[0] for choice in self.iter_choices()}
        if any(value not in known for value in self.data or []):
            raise ValidationError(INVALID)


class SettingsForm(FlaskForm):
    """A module's settings; the first competency is the default of untagged questions."""

    title = StringField(
        _l("Judul modul"),
        filters=[_strip],
        validators=[DataRequired(_l("Masukkan judul")), _max(200)],
    )
    summary = TextAreaField(
        _l("Ringkasan"),
        filters=[_strip],
        description=_l("Satu atau dua kalimat yang tampil di katalog."),
        validators=[DataRequired(_l("Masukkan ringkasan")), _max(1000)],
    )
    main_competency = SelectField(
        _l("Kompetensi utama"),
        description=_l(
            "Soal di bank soal yang belum diberi kompetensi dihitung untuk kompetensi ini."
        ),
        validators=[DataRequired(_l("Pilih kompetensi utama."))],
        invalid_choice_message=INVALID,
        invalid_value_message=INVALID,
    )
    other_competencies = CheckboxesField(_l("Kompetensi lain yang didukung"))
    jp = _number(_l("Jam Pelajaran (JP)"), 1, 100, 2)
    level = SelectField(_l("Tingkat"), choices=LEVEL_CHOICES, invalid_choice_message=INVALID)
    pretest_questions = _number(_l("Soal pre-test"), 1, 100, 10)
    posttest_questions = _number(_l("Soal post-test"), 1, 100, 10)
    pass_mark = _number(_l("Nilai kelulusan"), 1, 100, 70)
    max_attempts = _number(_l("Batas percobaan"), 0, 100, 3)
    review_policy = SelectField(
        _l("Kunci jawaban dan pembahasan ditampilkan"),
        choices=REVIEW_CHOICES,
        default="standar",
        invalid_choice_message=INVALID,
        description=_l("Tidak pernah setelah pre-test. Pilih yang lebih ketat bila perlu."),
    )

    def validate_posttest_questions(self, field):
        if field.data is not None and field.data != self.pretest_questions.data:
            raise ValidationError(_l("Harus sama dengan jumlah soal pre-test."))

    def set_competencies(self, pairs: list[tuple[str, str]]) -> None:
        choices = [SelectChoice(code, f"{name} ({code})") for code, name in pairs]
        self.main_competency.choices = [SelectChoice("", "–")] + choices
        self.other_competencies.choices = choices

    def competency_codes(self, previous: list[str]) -> list[str]:
        """Main first, then the others in their previous order, newly ticked ones last."""
        main = self.main_competency.data
        ticked = [code for code in self.other_competencies.data or [] if code != main]
        kept = [code for code in previous if code in ticked]
        return [main] + kept + [code for code in ticked if code not in kept]

    def settings(self, previous: list[str]) -> dict:
        names = ("title", "summary", "jp", "level", "pretest_questions", "posttest_questions")
        more = ("pass_mark", "max_attempts", "review_policy")
        data = {name: self[name].data for name in names + more}
        data["competency_codes"] = self.competency_codes(previous)
        return data


class NewModuleForm(SettingsForm):
    slug = StringField(
        _l("Alamat modul"),
        filters=[_strip],
        description=_l("Huruf kecil, angka dan '-', mis. etika-pelayanan. Tidak dapat diubah."),
        validators=[DataRequired(_l("Masukkan alamat modul")), _max(100)],
    )


class DuplicateForm(FlaskForm):
    title = StringField(
        _l("Judul modul baru"),
        filters=[_strip],
        validators=[DataRequired(_l("Tulis judul modul baru.")), _max(200)],
    )
    slug = StringField(
        _l("Alamat modul baru"),
        filters=[_strip],
        description=_l("Huruf kecil, angka dan '-', mis. etika-pelayanan. Tidak dapat diubah."),
        validators=[DataRequired(_l("Tulis alamat modul baru.")), _max(100)],
    )


class OverviewForm(FlaskForm):
    source = TextAreaField(
        _l("Uraian modul (Markdown)"),
        description=_l("Tampil di halaman modul: tujuan, sasaran peserta, susunan, penyelesaian."),
        validators=[DataRequired(_l("Masukkan uraian")), _max(BODY_MAX)],
    )


def _table_rows_max(_form, field) -> None:
    # Every table row has a "|"; counting lines that have one may overcount, never undercount.
    rows = sum("|" in line for line in (field.data or "").splitlines())
    if rows > TABLE_ROWS_MAX:
        message = _l(
            "Tabel paling banyak %(max)d baris; isi ini memuat %(n)d baris tabel. "
            "Bagi tabelnya atau lampirkan sebagai berkas.",
            max=TABLE_ROWS_MAX,
            n=rows,
        )
        raise ValidationError(message)


class LessonForm(FlaskForm):
    title = StringField(
        _l("Judul materi"),
        filters=[_strip],
        validators=[DataRequired(_l("Masukkan judul")), _max(200)],
    )
    minutes = _number(_l("Waktu (menit)"), 1, 60)
    body = TextAreaField(
        _l("Isi materi (Markdown)"),
        validators=[
            DataRequired(_l("Masukkan isi materi")),
            _max(BODY_MAX),
            _table_rows_max,
        ],
    )
    image = FileField(_l("Gambar (PNG, JPEG atau WebP, paling besar 2 MB)"))


class MaintainerForm(FlaskForm):
    nip = StringField(_l("NIP pengajar"), validators=[DataRequired(_l("Masukkan NIP pengajar"))])
