"""Read a content folder into plain dataclasses, with every problem as FILE:LINE: message.

Nothing here touches the database: `lms content check` is this module plus printing.
"""

import hashlib
import os
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from flask_babel import gettext as _

from lms.learning.models import SETTINGS
from lms.questions.gift import Question
from lms.questions.plan import draw_plan
from lms.quizzes.review import DEFAULT_POLICY

from .lessons import LessonSource, check_rtl, lesson_files, load_lesson
from .questions import competency_of, is_gradeable, parse_questions
from .schema import (
    COMPETENCY_KEYS,
    MODULE_KEYS,
    OPTIONAL_MODULE_KEYS,
    OPTIONAL_POSTTEST_KEYS,
    POSTTEST_KEYS,
    check_keys,
)
from .source import Problem, Problems, Yaml, parse_yaml, read_text, split_front_matter

COMPETENCIES_FILE = "competencies.yaml"
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
CODE = re.compile(r"[A-Z][A-Z0-9-]{0,39}")
# Part of every module hash: raise it when the importer renders the same files differently,
# so that the next import makes new versions instead of calling them unchanged.
RENDERING = b"bina-content-1"


@dataclass
class CompetencySource:
    code: str
    name: str
    type: str
    description: str


# The settings (learning.models.SETTINGS) that a module's source names differently.
SOURCE_NAMES = {"competency_codes": "competencies", "pretest_questions": "pretest"}


@dataclass
class ModuleSource:
    slug: str
    folder: str  # the path as shown in problems
    title: str
    summary: str
    competencies: list[str]  # ordered; the first is the default competency of questions
    jp: int
    level: str
    pretest: int
    posttest_questions: int
    pass_mark: int
    max_attempts: int
    review_policy: str  # lms.quizzes.review.POLICIES
    overview: str  # Markdown
    lessons: list[LessonSource]
    questions: list[Question]  # the bank, in file order
    source_hash: str
    behaviours: list[str] = field(default_factory=list)  # observable, rated before and after
    jp_line: int = 1  # where module.md sets `jp`, for the JP-duration problem

    def settings(self) -> dict:
        """The settings under ModuleVersion's names (learning.models.SETTINGS)."""
        return {name: getattr(self, SOURCE_NAMES.get(name, name)) for name in SETTINGS}

    def competency_of(self, question: Question) -> str:
        return competency_of(question, self.competencies[0]) or self.competencies[0]

    def gradeable_bank(self) -> list[tuple[int, str]]:
        """(position in the bank, competency) of every question a test may draw."""
        return [
            (position, self.competency_of(q))
            for position, q in enumerate(self.questions, start=1)
            if is_gradeable(q)
        ]

    def pins(self) -> dict[int, str]:
        """Bank position -> "A" or "B" for the questions pinned to a test form."""
        return {position: q.form for position, q in enumerate(self.questions, start=1) if q.form}

    def test_plan(self) -> dict[str, int]:
        return draw_plan(self.gradeable_bank(), self.pretest, self.competencies)


@dataclass
class Content:
    competencies: list[CompetencySource] = field(default_factory=list)
    modules: list[ModuleSource] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # Bank quality: warnings, or problems under `content check --strict` (lms.content.quality).
    strict: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def load_content(path: str) -> Content:
    """Read and check a content folder: competencies.yaml and one folder per module."""
    root, problems = Path(path), Problems()
    competencies, known = _load_competencies(root, path, problems)
    content = Content(competencies=competencies)
    for folder in sorted(root.iterdir()) if root.is_dir() else []:
        if folder.is_dir() and not folder.name.startswith((".", "_")):
            module = _load_module(folder, os.path.join(path, folder.name), known, problems)
            if module is not None:
                content.modules.append(module)
    content.problems = problems.sorted()
    return content


def _load_competencies(
    root: Path, path: str, problems: Problems
) -> tuple[list[CompetencySource], set[str]]:
    """The valid competencies, and every code named (so one bad entry is reported only once)."""
    shown = os.path.join(path, COMPETENCIES_FILE)
    if not (root / COMPETENCIES_FILE).is_file():
        if (root / "module.md").is_file():
            message = _("ini folder modul: berikan folder content yang berisi competencies.yaml")
        else:
            message = _("berkas daftar kompetensi tidak ada")
        problems.add(shown, 1, message)
        return [], set()
    text = read_text(root / COMPETENCIES_FILE, shown, problems)
    doc = parse_yaml(text, 1, shown, problems) if text is not None else None
    if doc is None:
        return [], set()
    if not isinstance(doc.data, list):
        problems.add(shown, 1, _("harus berupa daftar: setiap kompetensi diawali '- code: ...'"))
        return [], set()
    found: dict[str, CompetencySource] = {}
    named: set[str] = set()
    for index, item in enumerate(doc.data):
        competency = _competency(doc, index, item, named, shown, problems)
        if competency is not None:
            found[competency.code] = competency
    return list(found.values()), named


def _competency(
    doc: Yaml, index: int, item: object, named: set[str], shown: str, problems: Problems
) -> CompetencySource | None:
    """Check one entry of competencies.yaml; add its code to `named` whenever it has one."""
    line = doc.line(str(index))
    if not isinstance(item, dict):
        problems.add(shown, line, _("kompetensi harus berisi code, name, type, description"))
        return None
    code = item["code"].strip() if isinstance(item.get("code"), str) else ""
    duplicate = code in named
    named.add(code)
    if not check_keys(doc, item, str(index), COMPETENCY_KEYS, shown, problems):
        return None
    if not CODE.fullmatch(code):
        problems.add(shown, line, _("kode '%(code)s' harus huruf besar, angka dan '-'", code=code))
        return None
    if duplicate:
        problems.add(shown, line, _("kode kompetensi '%(code)s' ganda", code=code))
        return None
    return CompetencySource(code, item["name"].strip(), item["type"], item["description"].strip())


def _load_module(
    folder: Path, shown: str, known: Collection[str], problems: Problems
) -> ModuleSource | None:
    module_file = f"{shown}/module.md"
    if not SLUG.fullmatch(folder.name) or len(folder.name) > 100:
        problems.add(
            module_file, 1, _("nama folder modul harus huruf kecil, angka dan '-', mis. modul-saya")
        )
    if not (folder / "module.md").is_file():
        problems.add(module_file, 1, _("berkas module.md tidak ada"))
        return None
    meta, overview = _load_meta(folder / "module.md", module_file, known, problems)
    codes = meta["competencies"] if meta else None
    lessons = []
    files = lesson_files(folder, shown, problems)
    for position, (_number, path) in enumerate(files, start=1):
        lessons.append(load_lesson(path, f"{shown}/{path.name}", position, problems, known, codes))
    if not files:
        problems.add(module_file, 1, _("modul tidak punya materi (berkas 01-nama.md, ...)"))
    if all(lessons):
        check_rtl(lessons, problems)
    questions = _load_bank(folder, shown, problems, known, codes)
    if meta is None or not all(lesson and lesson.valid for lesson in lessons):
        return None
    module = ModuleSource(
        slug=folder.name,
        folder=shown,
        overview=overview,
        lessons=lessons,
        questions=questions,
        source_hash=folder_hash(folder),
        **meta,
    )
    return module


def _load_meta(
    path: Path, shown: str, known: Collection[str], problems: Problems
) -> tuple[dict | None, str]:
    text = read_text(path, shown, problems)
    if text is None:
        return None, ""
    front, body, body_line = split_front_matter(text, shown, problems)
    if not body.strip():
        problems.add(shown, body_line, _("uraian modul (setelah front matter) kosong"))
    if front is None or not check_keys(
        front, front.data, "", MODULE_KEYS, shown, problems, OPTIONAL_MODULE_KEYS
    ):
        return None, body
    data = front.data
    good = check_keys(
        front, data["posttest"], "posttest", POSTTEST_KEYS, shown, problems, OPTIONAL_POSTTEST_KEYS
    )
    good = _check_module_codes(front, data["competencies"], known, shown, problems) and good
    if good and data["posttest"]["questions"] != data["pretest"]:
        problems.add(
            shown,
            front.line("posttest.questions"),
            _(
                "posttest.questions (%(post)s) harus sama dengan pretest (%(pre)s) agar "
                "peningkatan nilai dapat dibandingkan",
                post=data["posttest"]["questions"],
                pre=data["pretest"],
            ),
        )
        good = False
    if not good:
        return None, body
    meta = {
        "title": data["title"].strip(),
        "summary": data["summary"].strip(),
        "competencies": [code.strip() for code in data["competencies"]],
        "jp": data["jp"],
        "jp_line": front.line("jp"),
        "level": data["level"],
        "pretest": data["pretest"],
        "posttest_questions": data["posttest"]["questions"],
        "pass_mark": data["posttest"]["pass_mark"],
        "max_attempts": data["posttest"]["max_attempts"],
        "review_policy": data["posttest"].get("review", DEFAULT_POLICY),
        "behaviours": [item.strip() for item in data.get("behaviours", [])],
    }
    return meta, body


def _check_module_codes(
    front: Yaml, codes: list[str], known: Collection[str], shown: str, problems: Problems
) -> bool:
    good = True
    for index, code in enumerate(codes):
        if code.strip() not in known:
            good = False
            problems.add(
                shown,
                front.line(f"competencies.{index}"),
                _("kompetensi '%(code)s' tidak ada di competencies.yaml", code=code),
            )
    return good


def _load_bank(
    folder: Path, shown: str, problems: Problems, known: Collection[str], codes: list | None
) -> list[Question]:
    bank_file = f"{shown}/questions.gift"
    if not (folder / "questions.gift").is_file():
        problems.add(bank_file, 1, _("bank soal questions.gift tidak ada"))
        return []
    text = read_text(folder / "questions.gift", bank_file, problems)
    if text is None:
        return []
    return parse_questions(text, 1, bank_file, problems, known, codes)


def folder_hash(folder: Path) -> str:
    """SHA-256 of the module folder's files (names and bytes, sorted), to skip unchanged imports."""
    digest = hashlib.sha256(RENDERING)
    for path in sorted(folder.iterdir()):
        if path.is_file() and not path.name.startswith("."):
            data = path.read_bytes()
            digest.update(f"\0{path.name}\0{len(data)}\0".encode())
            digest.update(data)
    return digest.hexdigest()
