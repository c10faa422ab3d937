"""What makes a module's tests sound, checked on its files: parallel forms, practice, keys.

Three strengths of finding: problems (the module cannot be imported), strict problems (bank
quality the shipped banks do not meet yet: warnings, errors under `content check --strict`) and
warnings (one item to look at).
"""

import re
from dataclasses import dataclass, field

from flask_babel import gettext as _

from lms.learning.duration import jp_fits, jp_for, module_minutes
from lms.questions.gift import Question
from lms.questions.kinds import KINDS
from lms.questions.plan import MIN_PER_FORM, Shortage, shortages

from .importer import build_lesson
from .loader import Content, ModuleSource, load_content
from .source import Problems

# A key this much longer than every other option gives itself away.
LONG_KEY_RATIO = 1.25
# In more than this share of a module's single-answer items the key is the longest option.
LONGEST_KEY_SHARE = 1 / 3
_SPACES = re.compile(r"\s+")


@dataclass
class Findings:
    strict: Problems = field(default_factory=Problems)
    warnings: Problems = field(default_factory=Problems)


def check_content(path: str, minutes_per_jp: int) -> Content:
    """`load_content` plus the checks that make pre- and post-test gains and JP mean something."""
    content = load_content(path)
    problems, found = Problems(list(content.problems)), Findings()
    for module in content.modules:
        check_jp(module, problems, minutes_per_jp)
        check_stated_minutes(module, found)
        check_forms(module, problems)
        check_practice(module, problems)
        findings = bank_findings(module)
        found.strict.items.extend(findings.strict.items)
        found.warnings.items.extend(findings.warnings.items)
    content.problems = problems.sorted()
    content.strict = found.strict.sorted()
    content.warnings = found.warnings.sorted()
    return content


def check_jp(module: ModuleSource, problems: Problems, minutes_per_jp: int) -> None:
    """JP is credited for study: `jp` must be the module's duration in JP, to the nearest."""
    minutes = source_minutes(module)
    if not jp_fits(module.jp, minutes, minutes_per_jp):
        expected = jp_for(minutes, minutes_per_jp)
        fix = _("tulis jp: %(expected)d", expected=expected)
        message = jp_message(module.jp, minutes, minutes_per_jp, fix)
        problems.add(f"{module.folder}/module.md", module.jp_line, message)


def jp_message(jp: int, minutes: int, minutes_per_jp: int, fix: str) -> str:
    """JP that does not match the module's duration; `fix` says where to write the right one
    (module.md for content files, the settings in the browser)."""
    return _(
        "JP %(jp)d tidak sesuai durasi modul %(minutes)d menit (materi, cek pemahaman, refleksi, "
        "RTL, pre-test dan post-test); 1 JP = %(per)d menit, jadi %(fix)s atau ubah isi modul.",
        jp=jp,
        minutes=minutes,
        per=minutes_per_jp,
        fix=fix,
    )


# "sekitar 52 menit", "total 60 menit", a "Perkiraan waktu" column: figures the pages compute.
_STATED_MINUTES = re.compile(
    r"(sekitar|total|perkiraan waktu|±)[^.\n|]{0,25}?\d+\s*menit|perkiraan waktu\s*\|", re.I
)


def check_stated_minutes(module: ModuleSource, found: Findings) -> None:
    """One duration per module: the overview must not state its own, which drifts (#12)."""
    match = _STATED_MINUTES.search(module.overview)
    if match:
        found.strict.add(
            f"{module.folder}/module.md",
            1,
            _(
                "uraian modul menyebut durasi sendiri (%(text)s); halaman modul sudah "
                "menampilkan durasi yang dihitung dari materi dan tes, jadi hapus angka itu",
                text=match[0].strip(),
            ),
        )


def source_minutes(module: ModuleSource) -> int:
    """The module's duration from its files, by the rule the pages use (learning.duration)."""
    lessons = [build_lesson(lesson, module).study_minutes for lesson in module.lessons]
    return module_minutes(lessons, module.pretest, module.posttest_questions)


def check_forms(module: ModuleSource, problems: Problems) -> None:
    """Refuse a bank that cannot fill two forms that share no question."""
    bank_file = f"{module.folder}/questions.gift"
    bank = module.gradeable_bank()
    if len(bank) < module.pretest:
        problems.add(
            bank_file,
            1,
            _(
                "bank soal hanya punya %(count)s soal yang dapat dinilai, padahal pre-test dan "
                "post-test masing-masing mengambil %(needed)s (pretest di module.md); essay dan "
                "deskripsi tidak dihitung",
                count=len(bank),
                needed=module.pretest,
            ),
        )
        return
    fix = _("kurangi pretest dan posttest.questions di module.md")
    for short in shortages(bank, module.pretest, module.competencies, module.pins()):
        problems.add(bank_file, 1, shortage_message(short, fix))


def shortage_message(short: Shortage, fix: str) -> str:
    """Why a competency cannot fill two forms sharing no question; `fix` says where to shorten
    the tests (module.md for content files, the settings in the browser)."""
    return _(
        "Kompetensi %(code)s: pre-test dan post-test pertama memakai dua form tanpa soal yang "
        "sama, masing-masing %(n)d soal kompetensi ini, tetapi bank hanya punya %(free)d soal "
        "bebas (%(a)d disematkan ke form A, %(b)d ke B). Tambah %(missing)d soal atau %(fix)s.",
        code=short.code,
        n=short.per_form,
        free=short.free,
        a=short.pinned["A"],
        b=short.pinned["B"],
        missing=short.missing,
        fix=fix,
    )


def check_practice(module: ModuleSource, problems: Problems) -> None:
    """A practice check that repeats a bank question shows its key before the test."""
    bank = {_stem(q): q for q in module.questions if q.type != "description"}
    for lesson in module.lessons:
        for block in lesson.blocks:
            for question in block.questions:
                twin = bank.get(_stem(question))
                if twin is not None:
                    problems.add(
                        lesson.file,
                        question.line,
                        _(
                            "cek pemahaman ini sama dengan soal bank (questions.gift baris "
                            "%(line)s): peserta melihat kuncinya sebelum tes; tulis situasi lain",
                            line=twin.line,
                        ),
                    )


def bank_findings(module: ModuleSource) -> Findings:
    """Keys given away by their length, and competencies too thin to report per employee."""
    found = Findings()
    bank_file = f"{module.folder}/questions.gift"
    single = [q for q in module.questions if _single_answer(q)]
    longest = 0
    for question in single:
        key, others = _key_and_others(question)
        if len(key) > max(others):
            longest += 1
            if len(key) >= LONG_KEY_RATIO * max(others):
                found.warnings.add(
                    bank_file,
                    question.line,
                    _(
                        "kunci jawaban jauh lebih panjang daripada pilihan lain (%(key)s vs "
                        "%(other)s karakter), sehingga dapat ditebak dari panjangnya",
                        key=len(key),
                        other=max(others),
                    ),
                )
    if single and longest > LONGEST_KEY_SHARE * len(single):
        found.strict.add(
            bank_file,
            1,
            _(
                "pada %(longest)s dari %(total)s soal pilihan ganda, kunci adalah pilihan "
                "terpanjang (paling banyak sepertiga); samakan panjang pilihan",
                longest=longest,
                total=len(single),
            ),
        )
    if len(module.gradeable_bank()) >= module.pretest:
        for code, per_form in module.test_plan().items():
            if per_form < MIN_PER_FORM:
                found.strict.add(
                    f"{module.folder}/module.md",
                    1,
                    _(
                        "kompetensi %(code)s hanya %(n)s soal per form; perlu paling sedikit "
                        "%(min)s agar dapat dilaporkan per pegawai (di bawah itu hanya per "
                        "kelompok, dengan n)",
                        code=code,
                        n=per_form,
                        min=MIN_PER_FORM,
                    ),
                )
    return found


def _stem(question: Question) -> str:
    return _SPACES.sub(" ", question.text).strip().casefold()


def _single_answer(question: Question) -> bool:
    keys = [a for a in question.answers if a.fraction >= 1]
    return KINDS[question.type].picks_one_option and len(keys) == 1 and len(question.answers) >= 2


def _key_and_others(question: Question) -> tuple[str, list[int]]:
    key = next(a for a in question.answers if a.fraction >= 1)
    others = [len(a.text.strip()) for a in question.answers if a is not key]
    return key.text.strip(), others
