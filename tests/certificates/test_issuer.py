import io
import struct
import zlib

import pypdf
import pytest
from PIL import Image
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from lms.audit.models import AuditEvent
from lms.certificates import issuers
from lms.certificates.models import Emblem, Issuer
from lms.certificates.pdf import pdf_bytes
from lms.extensions import db
from tests.conftest import login
from tests.factories import make_certificate, make_user

PAGE = "/admin/sertifikat/penerbit"
SIGNATORY = {
    "signatory_name": "Dr. H. Ahmad Fauzi, S.E., M.Si.",
    "signatory_nip": "19700101 199003 1 001",
    "signatory_position": "Kepala BPSDM Provinsi Jambi",
}


def picture(fmt: str, size=(300, 200), color=(11, 93, 59)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, fmt)
    return buffer.getvalue()


def png_with_text(text: bytes) -> bytes:
    data = picture("PNG")
    chunk = b"tEXt" + b"Comment\x00" + text
    packed = struct.pack(">I", len(text) + 8) + chunk + struct.pack(">I", zlib.crc32(chunk))
    return data[:33] + packed + data[33:]


@pytest.fixture
def admin(client):
    login(client, make_user("Admin BKD", roles=("admin",)))
    return client


def _post(client, data: bytes | None = None, filename: str = "lambang.png", **fields):
    form = dict(SIGNATORY) | fields
    if data is not None:
        form["emblem"] = FileStorage(io.BytesIO(data), filename, "application/octet-stream")
    boundary, body = encode_multipart(form)
    return client.post(PAGE, data=body, content_type=f"multipart/form-data; boundary={boundary}")


def _pdf_text(certificate) -> str:
    data = pdf_bytes(certificate, "https://bina.example/verify/x", emblem=_emblem(certificate))
    return " ".join(pypdf.PdfReader(io.BytesIO(data)).pages[0].extract_text().split())


def _emblem(certificate) -> bytes | None:
    emblem = issuers.emblem_of(certificate.emblem_id)
    return emblem.data if emblem else None


def test_only_admins_open_the_issuer_page(client):
    assert client.get(PAGE).status_code == 302  # to sign in
    login(client, make_user("Pengajar", roles=("trainer",)))
    assert client.get(PAGE).status_code == 403


def test_admin_sets_signatory_and_emblem_and_new_certificates_carry_them(app, admin):
    page = admin.get(PAGE).get_data(as_text=True)
    assert "Penerbit: BPSDM Provinsi Jambi" in page and "Belum ada lambang." in page
    sent = png_with_text(b"GPS 1.61S 103.6E")
    response = _post(admin, sent)
    assert response.status_code == 302
    issuer = issuers.issuer_named("BPSDM Provinsi Jambi")
    assert issuer.signatory_nip == "197001011990031001"  # stored without spaces
    emblem = db.session.get(Emblem, issuer.emblem_id)
    assert emblem.content_type == "image/png" and emblem.data != sent
    assert b"GPS" not in emblem.data  # re-encoded: only the pixels are kept
    with Image.open(io.BytesIO(emblem.data)) as stored:
        assert stored.size == (300, 200) and stored.getpixel((5, 5))[:3] == (11, 93, 59)
    assert admin.get(f"/admin/sertifikat/lambang/{emblem.id}").data == emblem.data
    assert "certificate_issuer" in db.session.scalars(select(AuditEvent.action)).all()

    certificate = make_certificate(make_user("Siti Nur’aini"))
    assert certificate.signatory_name == SIGNATORY["signatory_name"]
    assert certificate.emblem_id == emblem.id
    text = _pdf_text(certificate)
    for expected in (
        "Kepala BPSDM Provinsi Jambi",
        "Dr. H. Ahmad Fauzi, S.E., M.Si.",
        "NIP 19700101 199003 1 001",
        "Tanpa tanda tangan elektronik",
    ):
        assert expected in text, expected
    data = pdf_bytes(certificate, "https://bina.example/verify/x", emblem=_emblem(certificate))
    images = pypdf.PdfReader(io.BytesIO(data)).pages[0].images
    assert len(images) == 2  # the emblem beside the QR code
    assert any(i.image.size == (300, 200) for i in images)


def test_a_large_emblem_is_shrunk_for_the_certificate(admin):
    assert _post(admin, picture("JPEG", size=(2400, 1200)), "lambang.jpg").status_code == 302
    emblem = db.session.get(Emblem, issuers.issuer_named("BPSDM Provinsi Jambi").emblem_id)
    with Image.open(io.BytesIO(emblem.data)) as stored:
        assert stored.format == "JPEG" and stored.size == (issuers.EMBLEM_FIT, 300)


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "lambang.svg", "harus berupa gambar PNG"),
        (picture("WEBP"), "lambang.webp", "Lambang harus berupa gambar PNG atau JPEG"),
        (picture("GIF"), "lambang.png", "harus berupa gambar PNG atau JPEG"),
        (picture("PNG")[:-20], "lambang.png", "rusak"),
        (picture("PNG") + b"<script>alert(1)</script>", "lambang.png", "rusak"),
        (picture("PNG", size=(4100, 10)), "lambang.png", "paling banyak 4000 piksel"),
        (b"", "kosong.png", "Berkas kosong"),
    ],
)
def test_a_bad_emblem_is_refused_and_changes_nothing(admin, data, filename, message):
    assert _post(admin, picture("PNG", color=(1, 2, 3))).status_code == 302
    before = issuers.issuer_named("BPSDM Provinsi Jambi").emblem_id
    response = _post(admin, data, filename, signatory_name="Nama Lain, S.H.")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in page
    db.session.expire_all()
    issuer = issuers.issuer_named("BPSDM Provinsi Jambi")
    assert issuer.emblem_id == before and issuer.signatory_name == SIGNATORY["signatory_name"]
    assert db.session.scalar(select(func.count(Emblem.id))) == 1


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"signatory_nip": "12345"}, "NIP harus terdiri dari 18 angka."),
        ({"signatory_position": ""}, "Nama, NIP dan jabatan penanda tangan diisi bersama."),
        ({"signatory_name": ""}, "Nama, NIP dan jabatan penanda tangan diisi bersama."),
    ],
)
def test_an_incomplete_or_wrong_signatory_is_refused(admin, fields, message):
    response = _post(admin, picture("PNG"), **fields)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Issuer.id))) == 0
    assert db.session.scalar(select(func.count(Emblem.id))) == 0


def test_issued_certificates_keep_the_signatory_they_were_issued_with(admin):
    assert _post(admin).status_code == 302
    earlier = make_certificate(make_user("Pegawai Lama"))
    changed = {"signatory_name": "Ir. Rina Marlina, M.T.", "signatory_position": "Plt. Kepala"}
    assert _post(admin, picture("PNG"), **changed).status_code == 302
    later = make_certificate(make_user("Pegawai Baru"))
    assert "Dr. H. Ahmad Fauzi" in _pdf_text(earlier) and earlier.emblem_id is None
    assert "Ir. Rina Marlina, M.T." in _pdf_text(later) and later.emblem_id is not None


def test_without_a_signatory_the_certificate_names_the_issuer_only(app):
    text = _pdf_text(make_certificate(make_user()))
    assert "BPSDM Provinsi Jambi" in text and "sah tanpa tanda tangan basah" in text
    assert "NIP 1970" not in text
