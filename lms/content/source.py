"""Read content files: text, YAML with the line of every key, front matter, fenced blocks."""

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from flask_babel import gettext as _

SPECIAL_BLOCKS = ("quiz", "reflection", "rtl")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})\s*([^`\s]*)[^`]*$")


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


@dataclass
class Problems:
    """The problems found so far, each naming a file (as the user gave its path) and a line."""

    items: list[Problem] = field(default_factory=list)

    def add(self, file: str, line: int, message: str) -> None:
        self.items.append(Problem(file, max(line, 1), message))

    def sorted(self) -> list[Problem]:
        return sorted(self.items, key=lambda p: (p.file, p.line))

    def __bool__(self) -> bool:
        return bool(self.items)


@dataclass
class Yaml:
    """Parsed YAML and the file line of each key or list item, by dotted path ("posttest.jp")."""

    data: Any
    lines: dict[str, int]

    def line(self, path: str) -> int:
        while path not in self.lines and "." in path:
            path = path.rsplit(".", 1)[0]
        return self.lines.get(path, self.lines.get("", 1))


@dataclass
class Segment:
    """A stretch of a lesson body: Markdown, or the inside of a quiz/reflection/rtl fence."""

    kind: str  # markdown | quiz | reflection | rtl
    text: str
    line: int  # file line of the segment's first line of text


def read_text(path: Path, shown: str, problems: Problems) -> str | None:
    """Read a UTF-8 file with Unix line endings; None (and a problem) when it cannot be read."""
    try:
        data = path.read_bytes()
    except OSError as error:
        problems.add(shown, 1, _("tidak dapat dibaca: %(error)s", error=error.strerror))
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        problems.add(shown, line, _("bukan teks UTF-8 (simpan berkas sebagai UTF-8)"))
        return None
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def parse_yaml(text: str, first_line: int, shown: str, problems: Problems) -> Yaml | None:
    """Parse YAML whose first line is `first_line` of the file; report errors at their line."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = first_line + (mark.line if mark else 0)
        problems.add(shown, line, _("YAML tidak valid: %(error)s", error=error.problem or error))
        return None
    except yaml.YAMLError as error:
        problems.add(shown, first_line, _("YAML tidak valid: %(error)s", error=error))
        return None
    lines = {"": first_line}
    if node is not None:
        _collect_lines(node, "", first_line, lines, shown, problems)
    return Yaml(data, lines)


def _collect_lines(
    node: yaml.Node, path: str, first: int, lines: dict, shown: str, problems: Problems
) -> None:
    prefix = f"{path}." if path else ""
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            name, line = str(key.value), first + key.start_mark.line
            if name in seen:
                problems.add(shown, line, _("kunci '%(key)s' ganda", key=name))
            seen.add(name)
            lines[prefix + name] = line
            _collect_lines(value, prefix + name, first, lines, shown, problems)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[f"{prefix}{index}"] = first + item.start_mark.line
            _collect_lines(item, f"{prefix}{index}", first, lines, shown, problems)


def split_front_matter(text: str, shown: str, problems: Problems) -> tuple[Yaml | None, str, int]:
    """Return the front matter, the body after it and the file line where the body starts."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        problems.add(shown, 1, _("front matter tidak ada: baris pertama harus '---'"))
        return None, text, 1
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if end is None:
        problems.add(shown, 1, _("front matter tidak ditutup dengan baris '---'"))
        return None, "", len(lines)
    front = parse_yaml("\n".join(lines[1:end]), 2, shown, problems)
    if front is not None:
        front.lines[""] = 1  # a missing key is reported at the opening '---'
    if front is not None and not isinstance(front.data, dict):
        problems.add(shown, 2, _("front matter harus berisi pasangan 'kunci: nilai'"))
        front = None
    return front, "\n".join(lines[end + 1 :]), end + 2


def split_blocks(body: str, first_line: int, shown: str, problems: Problems) -> list[Segment]:
    """Cut a lesson body into Markdown and special fenced blocks (other fences stay Markdown)."""
    segments: list[Segment] = []
    lines = body.split("\n")
    markdown: list[str] = []
    markdown_start, i = first_line, 0
    while i < len(lines):
        match = _FENCE.match(lines[i])
        if not match:
            markdown.append(lines[i])
            i += 1
            continue
        fence, info = match[1], match[2].lower()
        close = _closing_fence(lines, i + 1, fence)
        if info not in SPECIAL_BLOCKS:
            stop = len(lines) if close is None else close + 1
            markdown.extend(lines[i:stop])
            i = stop
            continue
        if close is None:
            problems.add(shown, first_line + i, _("blok ```%(kind)s tidak ditutup", kind=info))
            close = len(lines)
        if "".join(markdown).strip():
            segments.append(Segment("markdown", "\n".join(markdown), markdown_start))
        segments.append(Segment(info, "\n".join(lines[i + 1 : close]), first_line + i + 1))
        i = close + 1
        markdown, markdown_start = [], first_line + i
    if "".join(markdown).strip():
        segments.append(Segment("markdown", "\n".join(markdown), markdown_start))
    return segments


def _closing_fence(lines: list[str], start: int, fence: str) -> int | None:
    for j in range(start, len(lines)):
        stripped = lines[j].strip()
        if (
            len(lines[j]) - len(lines[j].lstrip(" ")) <= 3
            and stripped.startswith(fence[0] * len(fence))
            and not stripped.strip(fence[0])
        ):
            return j
    return None
