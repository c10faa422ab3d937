"""Where a `next` parameter may send the browser: local paths only."""

from urllib.parse import urlsplit


def is_local_path(target: str | None) -> bool:
    """True for '/x?y', never for '//host', 'http://host', '/\\host' or control characters."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return False
    if "\\" in target or any(ord(char) < 32 or ord(char) == 127 for char in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc
