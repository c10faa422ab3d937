import io
import random
import re
import struct
import zlib

import pytest
from PIL import Image
from sqlalchemy import select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from lms.authoring.models import AuthoringImage
from lms.extensions import db
from lms.images import ImageRefused, image_extension
from tests.conftest import login
from tests.factories import make_user

from .helpers import competency, create_module, trainer_client

UPLOAD = "/pengajar/modul/modul-gambar/gambar"


def picture(fmt: str, size=(6, 4), noise: bool = False) -> bytes:
    image = Image.new("RGB", size, (11, 93, 59))
    if noise:
        image = Image.frombytes("RGB", size, random.Random(4).randbytes(size[0] * size[1] * 3))
    buffer = io.BytesIO()
    image.save(buffer, fmt)
    return buffer.getvalue()


def png_with_text(text: bytes) -> bytes:
    """A valid PNG (right CRCs) with a tEXt chunk inserted after IHDR."""
    data = picture("PNG")
    chunk = b"tEXt" + b"Comment\x00" + text
    packed = struct.pack(">I", len(text) + 8) + chunk + struct.pack(">I", zlib.crc32(chunk))
    return data[:33] + packed + data[33:]


def jpeg_with_comment(text: bytes) -> bytes:
    data = picture("JPEG")
    return data[:2] + b"\xff\xfe" + struct.pack(">H", len(text) + 2) + text + data[2:]


@pytest.fixture
def trainer(app, tmp_path):
    app.config["UPLOAD_DIR"] = str(tmp_path / "uploads")
    competency()
    client, _ = trainer_client(app)
    create_module(client, "modul-gambar")
    return client


def _upload(client, data: bytes, filename: str, **fields):
    # Encoded here in memory: the test client spools big bodies to a file it never closes.
    image = FileStorage(io.BytesIO(data), filename, content_type="application/octet-stream")
    form = {"image": image, "position": "0", **fields}
    boundary, body = encode_multipart(form)
    return client.post(UPLOAD, data=body, content_type=f"multipart/form-data; boundary={boundary}")


@pytest.mark.parametrize(
    ("fmt", "ext", "mime"),
    [("PNG", "png", "image/png"), ("JPEG", "jpg", "image/jpeg"), ("WEBP", "webp", "image/webp")],
)
def test_real_images_are_stored_under_random_names_and_served(
    app, trainer, tmp_path, fmt, ext, mime
):
    data = picture(fmt)
    response = _upload(trainer, data, "Foto Loket.gambar", body="Teks yang belum disimpan.")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    name = re.search(r"!\[deskripsi\]\(/media/([0-9a-f]{32}\.(\w+))\)", page)
    assert name and name.group(2) == ext
    assert "Teks yang belum disimpan." in page  # the typed text survives the upload
    stored = (tmp_path / "uploads" / name.group(1)).read_bytes()
    with Image.open(io.BytesIO(stored)) as again:  # re-encoded: the same picture, new bytes
        assert (again.format, again.size) == (fmt, (6, 4))
    image = db.session.scalar(select(AuthoringImage))
    assert (image.name, image.content_type, image.size) == (name.group(1), mime, len(stored))
    served = trainer.get(f"/media/{name.group(1)}")
    assert served.status_code == 200
    assert served.data == stored
    assert served.headers["Content-Type"] == mime
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in served.headers["Content-Security-Policy"]


def test_images_are_served_to_any_signed_in_user_and_not_to_anonymous(app, trainer):
    response = _upload(trainer, picture("PNG"), "a.png")
    name = re.search(r"/media/([0-9a-f]{32}\.png)", response.get_data(as_text=True)).group(1)
    anonymous = app.test_client().get(f"/media/{name}")
    assert anonymous.status_code == 302
    assert anonymous.headers["Location"].startswith("/login")
    reader = app.test_client()
    login(reader, make_user("Peserta Pembaca"))
    assert reader.get(f"/media/{name}").status_code == 200


@pytest.mark.parametrize(
    "name", ["0" * 32 + ".png", "tidak-ada.png", "..%2Fconfig.py", "a" * 32 + ".svg"]
)
def test_unknown_media_is_404(trainer, name):
    assert trainer.get(f"/media/{name}").status_code == 404


SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="1" height="1"/></svg>'
)


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"bukan gambar, hanya teks", "foto.png", "bukan gambar PNG, JPEG atau WebP"),
        (SVG, "logo.svg", "bukan gambar PNG, JPEG atau WebP"),
        (SVG, "logo.png", "bukan gambar PNG, JPEG atau WebP"),
        (b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "anim.gif", "bukan gambar PNG, JPEG atau WebP"),
        (b"", "kosong.png", "Berkas kosong"),
        (png_with_text(b"<script>alert(1)</script>"), "poliglot.png", "HTML atau skrip"),
        (
            png_with_text(b"<!DOCTYPE html><html><body>x</body></html>"),
            "halaman.png",
            "HTML atau skrip",
        ),
        (jpeg_with_comment(b"<HTML><BODY onload=alert(1)>"), "foto.jpg", "HTML atau skrip"),
        (picture("PNG") + b"<html><script>alert(1)</script></html>", "ekor.png", "data tambahan"),
        (picture("PNG")[:-20], "potong.png", "rusak"),
        (picture("JPEG")[:-2] + b"x", "potong.jpg", "rusak"),
    ],
)
def test_files_that_are_not_plain_images_are_refused(
    app, trainer, tmp_path, data, filename, message
):
    response = _upload(trainer, data, filename)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(AuthoringImage)) is None
    assert not (tmp_path / "uploads").exists() or not any((tmp_path / "uploads").iterdir())


def test_a_picture_over_2_mb_is_refused(trainer):
    big = picture("PNG", size=(1000, 800), noise=True)
    assert len(big) > 2 * 1024 * 1024
    response = _upload(trainer, big, "besar.png")
    assert response.status_code == 400
    assert "paling besar 2 MB" in response.get_data(as_text=True)


def test_an_image_that_merely_mentions_markup_words_is_accepted():
    assert image_extension(png_with_text(b"Diagram alur layanan script dan html")) == ".png"
    with pytest.raises(ImageRefused):
        image_extension(png_with_text(b"<svg/onload=alert(1)>"))


def png_declaring(width: int, height: int) -> bytes:
    """A valid PNG of a few hundred bytes whose header claims width x height pixels."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = zlib.compress(b"\x00" * 1000)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize(
    "size", [(100_000, 100_000), (12_000, 12_000), (8_001, 10), (5_000, 5_000)]
)
def test_a_picture_declaring_too_many_pixels_is_refused(app, trainer, tmp_path, size):
    data = png_declaring(*size)
    assert len(data) < 1024
    response = _upload(trainer, data, "bom.png")
    assert response.status_code == 400
    assert "paling banyak 8000 piksel per sisi" in response.get_data(as_text=True)
    assert db.session.scalar(select(AuthoringImage)) is None


@pytest.mark.parametrize(
    "data",
    [
        png_with_text(b'<img src=x onerror="alert(1)">'),
        png_with_text(b'<meta http-equiv="refresh" content="0;url=https://x.test">'),
        jpeg_with_comment(b'<img src=x onerror="alert(1)">'),
    ],
)
def test_text_hidden_in_a_picture_is_not_stored(app, trainer, tmp_path, data):
    response = _upload(trainer, data, "gambar")
    assert response.status_code == 200
    (stored,) = (tmp_path / "uploads").iterdir()
    assert b"onerror" not in stored.read_bytes() and b"refresh" not in stored.read_bytes()
    with Image.open(stored) as image:
        assert image.size == (6, 4) and "Comment" not in image.info


def test_a_jpeg_loses_its_exif_but_keeps_its_orientation(app, trainer, tmp_path):
    image = Image.new("RGB", (6, 4), (200, 10, 10))
    exif = Image.Exif()
    exif[0x0112] = 6  # rotated: shown 4 wide, 6 high
    exif[0x010F] = "Kamera Rahasia"
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    assert _upload(trainer, buffer.getvalue(), "foto.jpg").status_code == 200
    (stored,) = (tmp_path / "uploads").iterdir()
    assert b"Kamera Rahasia" not in stored.read_bytes()
    with Image.open(stored) as again:
        assert again.size == (4, 6)
