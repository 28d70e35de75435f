"""PAdES seals on PDFs with the organisation's key, so a copy can be shown to be the one the portal issued.

The key is a PKCS#12 file (settings AGREEMENT_SEAL_KEY_FILE, AGREEMENT_SEAL_KEY_PASSPHRASE); for
development `manage.py make_seal_key` makes a self-signed one. The seal is PAdES baseline B-B: no
timestamp or revocation data, since only this portal is asked whether its own seal holds.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import TypeVar

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.fields import SigFieldSpec, SigSeedSubFilter
from pyhanko.sign.signers import PdfSignatureMetadata, PdfSigner, SimpleSigner
from pyhanko.sign.validation import async_validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from pypdf import PdfReader, PdfWriter

_T = TypeVar("_T")
FIELD_NAME = "Seal"
_MAKE_ONE = "run `manage.py make_seal_key` to make a development key"


@dataclass(frozen=True)
class SealStatus:
    intact: bool  # the signed bytes hash to the digest the signature holds
    valid: bool  # intact, signed by the configured key, and nothing added to the file after the seal
    signer: str  # the signing certificate's common name; "" when there is no readable seal


_UNSEALED = SealStatus(intact=False, valid=False, signer="")


def seal_pdf(pdf: bytes, *, reason: str, location: str = "Aotearoa New Zealand") -> bytes:
    """`pdf` with the organisation's seal in a new invisible signature field named "Seal"."""
    meta = PdfSignatureMetadata(
        field_name=FIELD_NAME,
        subfilter=SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=reason,
        location=location,
    )
    # A SigFieldSpec without a box makes the field invisible: the seal is checked, not looked at.
    signer = PdfSigner(meta, _signer(), new_field_spec=SigFieldSpec(sig_field_name=FIELD_NAME))
    out = _run(signer.async_sign_pdf(IncrementalPdfFileWriter(BytesIO(pdf))))
    return out.getvalue()


def seal_status(pdf: bytes) -> SealStatus:
    """Whether `pdf` carries an unbroken seal of the configured key; never raises for bad PDF bytes."""
    # Outside the try: a missing key is a deployment error to report, not an unsealed document.
    trust = ValidationContext(trust_roots=[_signer().signing_cert], allow_fetching=False)
    try:
        reader = PdfFileReader(BytesIO(pdf))
        seal = next((s for s in reader.embedded_signatures if s.field_name == FIELD_NAME), None)
        if seal is None:
            return _UNSEALED
        status = _run(async_validate_pdf_signature(seal, trust))
    except Exception:  # untrusted bytes: any parse failure means there is no seal to speak of
        return _UNSEALED
    subject = status.signing_cert.subject.native
    return SealStatus(
        intact=status.intact,
        # bottom_line: intact, cryptographically valid and trusted; an incremental update after the seal
        # (a page added, text changed) leaves the signed revision intact, so the whole file must be covered.
        valid=status.bottom_line and status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
        signer=str(subject.get("common_name", "")),
    )


def _run(coroutine: Coroutine[object, object, _T]) -> _T:
    """The coroutine's result, also when this thread already runs an event loop (ASGI, a browser driver).

    pyHanko's blocking calls use asyncio.run, which refuses to start inside a running loop.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def merge_pdfs(parts: list[bytes]) -> bytes:
    """One PDF of `parts` in order (the executed copy: the signed version's PDF, then a signature page)."""
    writer = PdfWriter()
    for part in parts:
        writer.append(PdfReader(BytesIO(part)))
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def _signer() -> SimpleSigner:
    path = Path(settings.AGREEMENT_SEAL_KEY_FILE)
    try:
        mtime = path.stat().st_mtime_ns
    except OSError as exc:
        raise ImproperlyConfigured(
            f"AGREEMENT_SEAL_KEY_FILE {str(path)!r} cannot be read ({exc.strerror}): {_MAKE_ONE}, or point the "
            "setting at the organisation's PKCS#12 key."
        ) from exc
    # The mtime is in the key so a replaced key file (make_seal_key --force) is read again.
    return _load_signer(str(path), settings.AGREEMENT_SEAL_KEY_PASSPHRASE, mtime)


@functools.lru_cache(maxsize=4)  # a few: each replaced key file (a new mtime) is a new entry
def _load_signer(path: str, passphrase: str, mtime_ns: int) -> SimpleSigner:
    try:
        signer = SimpleSigner.load_pkcs12_data(Path(path).read_bytes(), (), passphrase=passphrase.encode())
    except (OSError, ValueError) as exc:
        raise ImproperlyConfigured(
            f"AGREEMENT_SEAL_KEY_FILE {path!r} is not a PKCS#12 key that AGREEMENT_SEAL_KEY_PASSPHRASE opens: "
            f"{_MAKE_ONE}, or set the passphrase it was made with."
        ) from exc
    return signer
