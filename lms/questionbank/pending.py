"""An uploaded question file kept between its preview and the trainer's confirmation.

Files live under the upload folder, named by a random token that only the uploader's page
carries; a form field could hold them too, but Werkzeug caps form fields at 500 kB.
"""

import json
import re
import secrets
import time
from pathlib import Path
from typing import Any

MAX_AGE_SECONDS = 24 * 3600  # previews older than a day are forgotten
_TOKEN = re.compile(r"[A-Za-z0-9_-]{32}")


def _path(folder: Path, token: str) -> Path | None:
    return folder / f"{token}.json" if _TOKEN.fullmatch(token or "") else None


def keep(folder: Path, payload: dict[str, Any]) -> str:
    """Store the payload; return the token that finds it again."""
    folder.mkdir(parents=True, exist_ok=True)
    _prune(folder)
    token = secrets.token_urlsafe(24)
    path = _path(folder, token)
    path.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    return token


def find(folder: Path, token: str) -> dict[str, Any] | None:
    path = _path(folder, token)
    if path is None or not path.is_file():
        return None
    if time.time() - path.stat().st_mtime > MAX_AGE_SECONDS:
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def forget(folder: Path, token: str) -> None:
    path = _path(folder, token)
    if path is not None:
        path.unlink(missing_ok=True)


def _prune(folder: Path) -> None:
    cutoff = time.time() - MAX_AGE_SECONDS
    for path in folder.glob("*.json"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink(missing_ok=True)
        except FileNotFoundError:  # another worker pruned it first
            continue
