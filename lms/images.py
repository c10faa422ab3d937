"""Uploaded pictures: accepted by what the bytes are (PNG, JPEG, WebP), then re-encoded.

The type comes from the file's structure, never from its name or the browser's claim. A file
that is also readable as markup (an image with HTML or script inside, a "polyglot") is refused
even though it would be served as an image with nosniff.

What is stored is not what was sent: Pillow decodes the picture and encodes it again, so only
pixels survive (text chunks, comments, EXIF with its GPS position, anything appended). The
dimensions are read from the header and checked before any pixel is decoded: a 1 KB file may
declare 100,000 x 100,000 pixels, 30 GB once decoded. Lesson images (lms/authoring) and the
certificate emblem (lms/certificates) both come through here.
"""

import io
import re
import struct
import zlib

from flask_babel import lazy_gettext as _l
from PIL import Image, ImageOps

from lms.errors import DomainError

MAX_BYTES = 2 * 1024 * 1024
# Markup a browser or an HTML parser would act on. Each pattern is long enough that the bytes
# of a real 2 MB picture spell it by chance about once in ten thousand uploads.
MARKUP = re.compile(
    rb"<(?:script|html|body|head|svg|iframe|object|embed|!doctype|\?php)[\s/>]|javascript:",
    re.IGNORECASE,
)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MAX_SIDE = 8000  # pixels; a lesson picture is shown at most about 1,000 wide
MAX_PIXELS = 24_000_000  # about 100 MB decoded as RGBA
PILLOW_FORMATS = {".png": "PNG", ".jpg": "JPEG", ".webp": "WEBP"}


class ImageRefused(DomainError):
    """The upload is not an image we accept; the message says why."""


def _png_ends_cleanly(data: bytes) -> bool:
    """Walk the chunks: IHDR first, every CRC right, IEND the last bytes of the file."""
    pos, first = len(PNG_SIGNATURE), True
    while pos + 12 <= len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        end = pos + 12 + length
        if end > len(data) or (first and kind != b"IHDR"):
            return False
        (crc,) = struct.unpack(">I", data[end - 4 : end])
        if zlib.crc32(data[pos + 4 : end - 4]) != crc:
            return False
        if kind == b"IEND":
            return end == len(data)
        pos, first = end, False
    return False


def _jpeg_ends_cleanly(data: bytes) -> bool:
    """Walk the marker segments up to the scan: a frame header must come first; EOI ends it."""
    pos, frame = 2, False
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            return False
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker == 0xDA:  # start of scan: entropy-coded data follows until EOI
            return frame and data.endswith(b"\xff\xd9")
        (length,) = struct.unpack(">H", data[pos + 2 : pos + 4])
        if length < 2:
            return False
        frame = frame or (0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC))
        pos += 2 + length
    return False


def _webp_ends_cleanly(data: bytes) -> bool:
    (size,) = struct.unpack("<I", data[4:8])
    return size + 8 == len(data) and data[12:16] in (b"VP8 ", b"VP8L", b"VP8X")


def image_extension(data: bytes) -> str:
    """The extension for a PNG, JPEG or WebP file; ImageRefused for anything else."""
    if not data:
        raise ImageRefused(_l("Berkas kosong. Pilih gambar PNG, JPEG atau WebP."))
    if len(data) > MAX_BYTES:
        raise ImageRefused(_l("Gambar terlalu besar: paling besar 2 MB. Perkecil dulu ukurannya."))
    if data.startswith(PNG_SIGNATURE):
        ext, whole = ".png", _png_ends_cleanly(data)
    elif data.startswith(b"\xff\xd8\xff"):
        ext, whole = ".jpg", _jpeg_ends_cleanly(data)
    elif len(data) >= 16 and data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        ext, whole = ".webp", _webp_ends_cleanly(data)
    else:
        raise ImageRefused(
            _l("Berkas ini bukan gambar PNG, JPEG atau WebP (SVG dan jenis lain tidak diterima).")
        )
    if not whole:
        raise ImageRefused(_l("Berkas gambar rusak atau berisi data tambahan; simpan ulang."))
    if MARKUP.search(data):
        raise ImageRefused(_l("Berkas gambar ini juga berisi kode HTML atau skrip; ditolak."))
    return ext


def reencoded(data: bytes, ext: str, max_side: int = MAX_SIDE, fit: int | None = None) -> bytes:
    """The picture decoded and encoded again in its own format, shrunk to `fit` pixels a side
    if given; ImageRefused when larger than `max_side` or not decodable."""
    too_large = _l(
        "Gambar terlalu besar: paling banyak %(side)d piksel per sisi. Perkecil dulu ukurannya.",
        side=max_side,
    )
    try:
        with Image.open(io.BytesIO(data), formats=[PILLOW_FORMATS[ext]]) as image:
            width, height = image.size
            if max(width, height) > max_side or width * height > MAX_PIXELS:
                raise ImageRefused(too_large)
            image.load()
            upright = ImageOps.exif_transpose(image)
            if fit:
                upright.thumbnail((fit, fit))
            return _encode(upright, ext)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ImageRefused(too_large) from error  # Pillow's own limit, met before ours
    except (OSError, SyntaxError, ValueError) as error:
        raise ImageRefused(
            _l("Berkas gambar rusak atau berisi data tambahan; simpan ulang.")
        ) from error


def _encode(image: Image.Image, ext: str) -> bytes:
    # Pillow writes some of what it read back out (a JPEG comment, EXIF); keep only what the
    # pixels need.
    image.info = {key: image.info[key] for key in ("transparency",) if key in image.info}
    buffer = io.BytesIO()
    if ext == ".jpg":
        rgb = image if image.mode in ("RGB", "L") else image.convert("RGB")
        rgb.save(buffer, "JPEG", quality=90)
    elif ext == ".webp":
        image.save(buffer, "WEBP", quality=90)
    else:
        image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()
