"""Lesson images: checked and re-encoded by lms.images, stored under random names."""

import re
import secrets
from pathlib import Path

from sqlalchemy import select

from lms.extensions import db
from lms.images import image_extension, reencoded
from lms.learning.models import Module

from .drafts import record_change
from .models import AuthoringImage

CONTENT_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".webp": "image/webp"}
NAME = re.compile(r"[0-9a-f]{32}\.(?:png|jpg|webp)")


def store_image(
    module: Module, data: bytes, original_name: str, upload_dir: str, user_id: int
) -> AuthoringImage:
    """Check, re-encode and save an uploaded image under a random name; return its record."""
    ext = image_extension(data)
    data = reencoded(data, ext)
    folder = Path(upload_dir)
    folder.mkdir(parents=True, exist_ok=True)
    name = secrets.token_hex(16) + ext
    (folder / name).write_bytes(data)
    image = AuthoringImage(
        module_id=module.id,
        name=name,
        content_type=CONTENT_TYPES[ext],
        size=len(data),
        original_name=(original_name or "")[:255],
        uploaded_by=user_id,
    )
    db.session.add(image)
    record_change(module, user_id, "image.upload", f"{original_name or '-'} → /media/{name}"[:300])
    db.session.flush()
    return image


def module_images(module: Module) -> list[AuthoringImage]:
    return list(
        db.session.scalars(
            select(AuthoringImage)
            .where(AuthoringImage.module_id == module.id)
            .order_by(AuthoringImage.uploaded_at.desc(), AuthoringImage.id.desc())
        )
    )


def media_path(name: str, upload_dir: str) -> Path | None:
    """The stored file for a /media name, or None for any name we did not hand out."""
    if not NAME.fullmatch(name):
        return None
    path = Path(upload_dir) / name
    return path if path.is_file() else None


def content_type(name: str) -> str:
    return CONTENT_TYPES[Path(name).suffix]
