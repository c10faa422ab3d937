"""GIFT's character level: escapes, the optional [format] prefix, and the error of a question.

Escaped characters become Unicode noncharacters while parsing, so they never act as syntax;
`clean` turns them back into what they stand for once a part has been cut out.
"""

import re

from flask_babel.speaklater import LazyString

FORMATS = ("moodle", "html", "plain", "markdown")
DEFAULT_FORMAT = "moodle"

PLACEHOLDERS = {c: chr(0xFDD0 + i) for i, c in enumerate("\\:#={}~n")}
_UNESCAPE = str.maketrans({p: "\n" if c == "n" else c for c, p in PLACEHOLDERS.items()})
DROP_PLACEHOLDERS = str.maketrans(dict.fromkeys(PLACEHOLDERS.values()))
ESCAPE_RE = re.compile(r"\\([\\:#={}~n])")
_FORMAT_RE = re.compile(r"\[(moodle|html|plain|markdown)\]")


class UnreadableError(Exception):
    """A question cannot be read; offset points into the block text."""

    def __init__(self, offset: int, message: str | LazyString) -> None:
        super().__init__(str(message))
        self.offset = offset
        self.message = message


def clean(text: str) -> str:
    return text.translate(_UNESCAPE).strip()


def with_format(text: str, default: str) -> tuple[str, str]:
    """Split an optional [format] prefix from a text and resolve its escapes."""
    text = text.strip()
    match = _FORMAT_RE.match(text)
    if match:
        return match[1], clean(text[match.end() :])
    return default, clean(text)
