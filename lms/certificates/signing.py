"""PAdES signature on certificate PDFs with the agency's certificate (pyHanko).

The agency's key and certificate come as a PKCS#12 file (CERTIFICATE_SIGNING_P12, password in
CERTIFICATE_SIGNING_PASSWORD); deploy/README.md says how to plug one in. It is opened once at
start: a wrong path or password stops the start rather than quietly issuing unsigned PDFs.
Without it certificates are issued unsigned and say so.
"""

import io
import warnings
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from cryptography.utils import CryptographyDeprecationWarning
from flask import Flask

# pyHanko imports cryptography's DSA key class, deprecated since cryptography 51; without this
# every `flask` command would start by printing the warning. DSA keys are never used here.
warnings.filterwarnings("ignore", "DSA is deprecated", CryptographyDeprecationWarning)

from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter  # noqa: E402
from pyhanko.sign import fields, signers  # noqa: E402

EXTENSION = "certificate_signer"
FIELD = "TandaTanganElektronik"
REASON = "Sertifikat pelatihan Bina ASN"


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION] = load_signer(
        app.config.get("CERTIFICATE_SIGNING_P12"), app.config.get("CERTIFICATE_SIGNING_PASSWORD")
    )


def load_signer(path: str | None, password: str | None) -> signers.SimpleSigner | None:
    """The signer from a PKCS#12 file, None when no file is configured; RuntimeError if unusable."""
    if not path:
        return None
    if not Path(path).is_file():
        raise RuntimeError(f"CERTIFICATE_SIGNING_P12: no readable file at {path}.")
    signer = signers.SimpleSigner.load_pkcs12(
        path, passphrase=password.encode() if password else None
    )
    if signer is None:
        raise RuntimeError(
            f"CERTIFICATE_SIGNING_P12: {path} could not be opened. Check "
            "CERTIFICATE_SIGNING_PASSWORD, and that the file holds a private key "
            "and its certificate."
        )
    return signer


def signer_of(app: Flask) -> signers.SimpleSigner | None:
    return app.extensions.get(EXTENSION)


def signer_name(signer: signers.SimpleSigner) -> str:
    """The certificate holder as a reader shows it: its common name, else the whole subject."""
    subject = signer.signing_cert.subject
    return subject.native.get("common_name") or subject.human_friendly


def sign(pdf: bytes, signer: signers.SimpleSigner, location: str) -> bytes:
    """The PDF with a PAdES (ETSI.CAdES.detached) signature over the whole file appended.

    pyHanko signs through asyncio.run(), which refuses to start inside a thread that already
    runs an event loop (an async server, or Playwright's in the test process); a thread of its
    own always has none.
    """
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_sign, pdf, signer, location).result()


def _sign(pdf: bytes, signer: signers.SimpleSigner, location: str) -> bytes:
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD,
        reason=REASON,
        location=location,
        subfilter=fields.SigSeedSubFilter.PADES,
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    return signers.sign_pdf(writer, meta, signer=signer).getvalue()
