import io
from concurrent.futures import ThreadPoolExecutor

import pypdf
import pytest
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import PdfSignatureStatus, SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from lms import create_app
from lms.certificates import signing
from tests.conftest import login
from tests.factories import make_certificate, make_user

from .pki import make_pki


def _validate(signature, root) -> PdfSignatureStatus:
    """pyHanko's validation, in a thread without an event loop (see signing.sign)."""
    context = ValidationContext(trust_roots=[root])
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(validate_pdf_signature, signature, context).result()


def _text(data: bytes) -> str:
    return " ".join(pypdf.PdfReader(io.BytesIO(data)).pages[0].extract_text().split())


@pytest.fixture
def pki(tmp_path):
    return make_pki(tmp_path)


def _download(app, client, pki=None):
    if pki is not None:
        app.extensions[signing.EXTENSION] = signing.load_signer(str(pki.p12), pki.password)
    me = make_user("Siti Nur’aini")
    certificate = make_certificate(me)
    login(client, me)
    response = client.get(f"/sertifikat/{certificate.id}.pdf")
    assert response.status_code == 200
    return certificate, response.data


def test_a_signed_certificate_validates_against_the_agencys_ca(app, client, pki):
    certificate, data = _download(app, client, pki)
    (signature,) = PdfFileReader(io.BytesIO(data)).embedded_signatures
    status = _validate(signature, pki.root)
    assert status.bottom_line, status.pretty_print_details()
    assert status.intact and status.valid and status.trusted
    # The signature covers the whole file: the certificate as issued, nothing added after.
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert signature.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"  # PAdES
    assert signature.signer_cert.subject.native["common_name"] == "BPSDM Provinsi Jambi"
    text = _text(data)
    assert certificate.number in text
    assert "ditandatangani secara elektronik (PAdES) oleh BPSDM Provinsi Jambi" in text


def test_a_changed_signed_certificate_no_longer_validates(app, client, pki):
    certificate, data = _download(app, client, pki)
    # Another number of the same length in the document title: every byte offset stays.
    title = f"/Title (Sertifikat {certificate.number})".encode()
    forged = data.replace(title, title.replace(b"000001", b"000999"))
    assert forged != data and len(forged) == len(data)
    (signature,) = PdfFileReader(io.BytesIO(forged), strict=False).embedded_signatures
    status = _validate(signature, pki.root)
    assert not status.intact and not status.bottom_line


def test_a_signature_from_another_ca_is_not_trusted(app, client, pki, tmp_path_factory):
    _certificate, data = _download(app, client, pki)
    stranger = make_pki(tmp_path_factory.mktemp("other"))
    (signature,) = PdfFileReader(io.BytesIO(data)).embedded_signatures
    status = _validate(signature, stranger.root)
    assert status.intact and not status.trusted and not status.bottom_line


def test_without_a_signing_certificate_the_pdf_is_issued_unsigned_and_says_so(app, client):
    certificate, data = _download(app, client)
    assert PdfFileReader(io.BytesIO(data)).embedded_signatures == []
    assert "Dokumen ini tidak ditandatangani secara elektronik." in _text(data)
    page = client.get(f"/verify/{certificate.code}").get_data(as_text=True)
    assert "PDF sertifikat ini tidak ditandatangani secara elektronik" in page


def test_the_verification_page_names_the_signer_when_signing_is_set(app, client, pki):
    certificate, _data = _download(app, client, pki)
    page = client.get(f"/verify/{certificate.code}").get_data(as_text=True)
    assert "ditandatangani secara elektronik (PAdES) oleh BPSDM Provinsi Jambi" in page


@pytest.mark.parametrize("case", ["wrong password", "missing file"])
def test_an_unusable_signing_certificate_stops_the_start(database_url, pki, case):
    path = str(pki.p12) if case == "wrong password" else str(pki.p12) + ".hilang"
    settings = {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "CERTIFICATE_SIGNING_P12": path,
        "CERTIFICATE_SIGNING_PASSWORD": "salah",
    }
    with pytest.raises(RuntimeError, match="CERTIFICATE_SIGNING_P12"):
        create_app(settings)
    settings["CERTIFICATE_SIGNING_PASSWORD"] = pki.password
    if case == "wrong password":
        assert signing.signer_of(create_app(settings)) is not None
