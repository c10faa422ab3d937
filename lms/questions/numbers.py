"""How numbers are read and written in GIFT banks (a decimal comma is accepted)."""

import re

_NUMBER_RE = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?")


def parse_number(text: str) -> float | None:
    """Read a plain number; a decimal comma is accepted, as Indonesian trainers write one."""
    text = text.strip()
    if not _NUMBER_RE.fullmatch(text):
        return None
    return float(text.replace(",", "."))


def format_number(number: float) -> str:
    """Write a number exactly, without a useless '.0'."""
    return repr(float(number)).removesuffix(".0")
