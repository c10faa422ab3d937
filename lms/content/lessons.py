"""Lesson files (NN-name.md): numbering, front matter, and their quiz/reflection/rtl blocks."""

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from flask_babel import gettext as _

from lms.questions.gift import Question

from .questions import is_gradeable, parse_questions
from .schema import LESSON_KEYS, check_keys
from .source import Problems, Segment, read_text, split_blocks, split_front_matter

LESSON_NAME = re.compile(r"(\d{2})-[^/\\]+\.md")
KEY_PREFIX = {"markdown": "b", "quiz": "q", "reflection": "r"}


@dataclass
class Block:
    kind: str  # markdown | quiz | reflection | rtl
    key: str  # unique within the lesson, the same on every import of the same file
    text: str
    line: int  # file line of the block's first line of text
    questions: list[Question] = field(default_factory=list)


@dataclass
class LessonSource:
    file: str  # the path as shown in problems
    name: str  # the file name
    position: int
    title: str
    minutes: int
    body: str
    blocks: list[Block]
    last_line: int
    valid: bool  # False when the front matter has problems (title and minutes are then unset)


def lesson_files(folder: Path, shown: str, problems: Problems) -> list[tuple[int, Path]]:
    """Return the lesson files in order, numbered 01, 02, ... without gaps (problems otherwise)."""
    found: list[tuple[int, Path]] = []
    for path in sorted(folder.iterdir()):
        name = path.name
        if not path.is_file() or name.startswith(".") or name in ("module.md", "README.md"):
            continue
        match = LESSON_NAME.fullmatch(name)
        if match:
            found.append((int(match[1]), path))
        elif name.endswith(".md"):
            problems.add(
                f"{shown}/{name}", 1, _("nama berkas materi harus NN-nama.md, mis. 01-pengantar.md")
            )
    for expected, (number, path) in enumerate(found, start=1):
        if number != expected:
            problems.add(
                f"{shown}/{path.name}",
                1,
                _(
                    "materi harus bernomor urut dari 01 tanpa loncatan atau ganda: "
                    "berkas ini seharusnya bernomor %(expected)02d",
                    expected=expected,
                ),
            )
            break
    return found


def load_lesson(
    path: Path,
    shown: str,
    position: int,
    problems: Problems,
    known: Collection[str],
    module_codes: Sequence[str] | None,
) -> LessonSource | None:
    text = read_text(path, shown, problems)
    if text is None:
        return None
    front, body, body_line = split_front_matter(text, shown, problems)
    good = front is not None and check_keys(front, front.data, "", LESSON_KEYS, shown, problems)
    segments = split_blocks(body, body_line, shown, problems)
    if not segments:
        problems.add(shown, body_line, _("materi tidak berisi apa pun setelah front matter"))
    blocks = [_block(seg, shown, problems, known, module_codes) for seg in segments]
    _number_keys(blocks)
    return LessonSource(
        file=shown,
        name=path.name,
        position=position,
        title=front.data["title"].strip() if good else "",
        minutes=front.data["minutes"] if good else 0,
        body=body,
        blocks=blocks,
        last_line=len(text.rstrip("\n").split("\n")),
        valid=good,
    )


def _block(
    segment: Segment,
    shown: str,
    problems: Problems,
    known: Collection[str],
    module_codes: Sequence[str] | None,
) -> Block:
    block = Block(segment.kind, "", segment.text, segment.line)
    fence_line = segment.line - 1
    if segment.kind == "quiz":
        block.questions = parse_questions(
            segment.text, segment.line, shown, problems, known, module_codes
        )
        if not block.questions:
            problems.add(shown, fence_line, _("blok ```quiz tidak berisi soal yang terbaca"))
        for question in block.questions:
            if not is_gradeable(question):
                problems.add(
                    shown,
                    question.line,
                    _(
                        "soal jenis %(kind)s tidak dapat dinilai, jadi tidak boleh ada di blok "
                        "```quiz (pakai blok ```reflection untuk jawaban bebas)",
                        kind=question.type,
                    ),
                )
    elif segment.kind in ("reflection", "rtl") and not segment.text.strip():
        problems.add(shown, fence_line, _("blok ```%(kind)s kosong", kind=segment.kind))
    return block


def _number_keys(blocks: list[Block]) -> None:
    counts: dict[str, int] = {}
    for block in blocks:
        if block.kind == "rtl":
            block.key = "rtl"
            continue
        counts[block.kind] = counts.get(block.kind, 0) + 1
        block.key = f"{KEY_PREFIX[block.kind]}{counts[block.kind]}"


def check_rtl(lessons: list[LessonSource], problems: Problems) -> None:
    """Exactly one rtl block: in the last lesson, as its final block."""
    if not lessons:
        return
    *earlier, last = lessons
    for lesson in earlier:
        for block in lesson.blocks:
            if block.kind == "rtl":
                problems.add(
                    lesson.file,
                    block.line - 1,
                    _("blok ```rtl hanya boleh ada di materi terakhir (%(last)s)", last=last.name),
                )
    rtls = [block for block in last.blocks if block.kind == "rtl"]
    if not rtls:
        problems.add(
            last.file,
            last.last_line,
            _("materi terakhir harus diakhiri satu blok ```rtl (Rencana Tindak Lanjut)"),
        )
        return
    final = last.blocks[-1] if last.blocks[-1].kind == "rtl" else None
    for block in rtls:
        if block is final:
            continue
        message = (
            _("hanya boleh ada satu blok ```rtl per modul, di akhir materi terakhir")
            if final
            else _("blok ```rtl harus menjadi blok terakhir materi")
        )
        problems.add(last.file, block.line - 1, message)
