"""A module version as a zip in the content/ folder format, ready for `lms content import`.

The zip holds competencies.yaml (the module's competencies) and <slug>/ with module.md,
NN-name.md lessons and questions.gift, so `lms content check` runs on the unzipped folder as is.
Images the lessons use go to <slug>/media/, which the loader ignores: keep them with the files.
"""

import io
import re
import unicodedata
import zipfile
from pathlib import Path

import yaml
from sqlalchemy import select

from lms.extensions import db
from lms.learning.models import Competency, Module, ModuleVersion
from lms.questions.gift_writer import to_gift
from lms.quizzes.models import Question

from .images import NAME
from .lessons import lesson_file_text
from .services import overview_source

MEDIA_LINK = re.compile(r"/media/([0-9a-f]{32}\.(?:png|jpg|webp))")
DEFLATED = zipfile.ZIP_DEFLATED
_STAMP = (2020, 1, 1, 0, 0, 0)  # fixed zip dates: the same module gives the same bytes


def _dump(data) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**6)


def file_slug(title: str) -> str:
    """'Memilah Prioritas: Matriks' -> 'memilah-prioritas-matriks' (ASCII, for file names)."""
    decomposed = unicodedata.normalize("NFKD", title.lower())
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    slug = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")
    return slug[:60].rstrip("-") or "materi"


def module_text(version: ModuleVersion) -> str:
    front = {
        "title": version.title,
        "summary": version.summary,
        "competencies": list(version.competency_codes),
        "jp": version.jp,
        "level": version.level,
        "pretest": version.pretest_questions,
        "posttest": {
            "questions": version.posttest_questions,
            "pass_mark": version.pass_mark,
            "max_attempts": version.max_attempts,
            "review": version.review_policy,
        },
    }
    if version.behaviours:
        front["behaviours"] = list(version.behaviours)
    overview = overview_source(version)
    return f"---\n{_dump(front)}---\n\n{overview.strip()}\n"


def competencies_text(codes: list[str]) -> str:
    found = db.session.scalars(select(Competency).where(Competency.code.in_(codes)))
    rows = {competency.code: competency for competency in found}
    items = [
        {
            "code": code,
            "name": rows[code].name,
            "type": rows[code].type,
            "description": rows[code].description.strip() or rows[code].name,
        }
        for code in codes
        if code in rows
    ]
    return _dump(items)


def bank_text(version: ModuleVersion) -> str:
    questions = db.session.scalars(
        select(Question).where(Question.version_id == version.id).order_by(Question.position)
    )
    return to_gift([question.data for question in questions])


def module_files(module: Module, version: ModuleVersion) -> dict[str, str]:
    """Path inside the zip -> text, for every file of the content format."""
    files = {
        "competencies.yaml": competencies_text(list(version.competency_codes)),
        f"{module.slug}/module.md": module_text(version),
        f"{module.slug}/questions.gift": bank_text(version),
    }
    for lesson in version.lessons:
        name = f"{module.slug}/{lesson.position:02d}-{file_slug(lesson.title)}.md"
        files[name] = lesson_file_text(lesson.title, lesson.minutes, lesson.source)
    return files


def _media_names(files: dict[str, str]) -> list[str]:
    found = {name for text in files.values() for name in MEDIA_LINK.findall(text)}
    return sorted(name for name in found if NAME.fullmatch(name))


def module_zip(module: Module, version: ModuleVersion, upload_dir: str) -> bytes:
    files = module_files(module, version)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path, text in files.items():
            archive.writestr(zipfile.ZipInfo(path, _STAMP), text.encode("utf-8"), DEFLATED)
        for name in _media_names(files):
            stored = Path(upload_dir) / name
            if stored.is_file():
                info = zipfile.ZipInfo(f"{module.slug}/media/{name}", _STAMP)
                archive.writestr(info, stored.read_bytes(), DEFLATED)
    return buffer.getvalue()
