"""careportal.sealing on real files: a WeasyPrint PDF sealed with a key make_seal_key wrote, then checked."""

import io
import os
import stat

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError
from pypdf import PdfReader, PdfWriter
from weasyprint import HTML

from careportal.accounts.management.commands.make_seal_key import COMMON_NAME
from careportal.sealing import merge_pdfs, seal_pdf, seal_status


@pytest.fixture(scope="module")
def pdf() -> bytes:
    return HTML(string="<h1>Care agreement</h1><p>Signed by every party.</p>").write_pdf()


@pytest.fixture(scope="module")
def sealed(pdf) -> bytes:
    return seal_pdf(pdf, reason="Executed copy of a care agreement")


def test_a_sealed_pdf_is_valid_and_names_its_signer(pdf, sealed):
    assert sealed.startswith(pdf)  # an incremental update: the original bytes are kept as they were
    status = seal_status(sealed)
    assert status.intact and status.valid
    assert status.signer == COMMON_NAME
    assert len(PdfReader(io.BytesIO(sealed)).pages) == 1


def test_one_flipped_byte_in_the_signed_content_breaks_the_seal(pdf, sealed):
    at = len(pdf) // 2  # inside the original PDF: covered by the signature's byte range
    tampered = bytearray(sealed)
    tampered[at] ^= 0x01
    status = seal_status(bytes(tampered))
    assert not status.intact and not status.valid


def test_a_page_added_after_the_seal_is_not_valid(pdf, sealed):
    # An incremental update leaves the sealed revision intact, but the file is no longer what was sealed.
    writer = PdfWriter(PdfReader(io.BytesIO(sealed)), incremental=True)
    writer.append(PdfReader(io.BytesIO(pdf)))
    out = io.BytesIO()
    writer.write(out)
    status = seal_status(out.getvalue())
    assert status.intact and not status.valid


def test_an_unsealed_or_unreadable_pdf_is_not_valid(pdf):
    assert seal_status(pdf) == seal_status(b"not a pdf at all")
    assert not seal_status(pdf).valid and not seal_status(pdf).intact
    assert seal_status(b"").signer == ""


def test_merge_keeps_the_pages_of_both_in_order(pdf):
    page = HTML(string="<p>1</p><p style='page-break-before: always'>2</p>").write_pdf()
    merged = PdfReader(io.BytesIO(merge_pdfs([pdf, page])))
    assert len(merged.pages) == 3
    assert "Care agreement" in merged.pages[0].extract_text()


def test_a_missing_key_file_names_the_setting_and_the_command(settings, tmp_path, pdf):
    settings.AGREEMENT_SEAL_KEY_FILE = tmp_path / "absent.p12"
    with pytest.raises(ImproperlyConfigured, match="AGREEMENT_SEAL_KEY_FILE.*make_seal_key"):
        seal_pdf(pdf, reason="x")
    with pytest.raises(ImproperlyConfigured, match="AGREEMENT_SEAL_KEY_FILE"):
        seal_status(pdf)


def test_a_wrong_passphrase_names_both_settings(settings, tmp_path, pdf):
    settings.AGREEMENT_SEAL_KEY_FILE = tmp_path / "seal.p12"
    call_command("make_seal_key", stdout=io.StringIO())
    settings.AGREEMENT_SEAL_KEY_PASSPHRASE = "not-the-one-it-was-made-with"
    with pytest.raises(ImproperlyConfigured, match="AGREEMENT_SEAL_KEY_PASSPHRASE"):
        seal_pdf(pdf, reason="x")


def test_make_seal_key_writes_0600_and_refuses_to_overwrite_without_force(settings, tmp_path, pdf):
    out = tmp_path / "nested" / "seal.p12"
    stdout = io.StringIO()
    call_command("make_seal_key", "--out", str(out), stdout=stdout)
    assert str(out) in stdout.getvalue()
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    first = out.read_bytes()

    with pytest.raises(CommandError, match="exists; pass --force"):
        call_command("make_seal_key", "--out", str(out))
    assert out.read_bytes() == first

    quiet = io.StringIO()
    call_command("make_seal_key", "--out", str(out), "--if-missing", stdout=quiet, stderr=quiet)
    assert quiet.getvalue() == "" and out.read_bytes() == first

    call_command("make_seal_key", "--out", str(out), "--force", stdout=io.StringIO())
    assert out.read_bytes() != first and stat.S_IMODE(os.stat(out).st_mode) == 0o600


def test_a_replaced_key_is_read_again_and_distrusts_the_old_seals(settings, tmp_path, pdf):
    settings.AGREEMENT_SEAL_KEY_FILE = tmp_path / "seal.p12"
    call_command("make_seal_key", stdout=io.StringIO())
    old = seal_pdf(pdf, reason="x")
    assert seal_status(old).valid
    call_command("make_seal_key", "--force", stdout=io.StringIO())
    status = seal_status(old)
    assert status.intact and not status.valid  # signed by a key the portal no longer trusts
    assert seal_status(seal_pdf(pdf, reason="x")).valid


def test_sealing_works_inside_a_running_event_loop(pdf):
    # An ASGI request or a browser driver already runs a loop in this thread; pyHanko's blocking calls
    # would refuse to start a second one.
    import asyncio

    async def seal_and_check():
        return seal_status(seal_pdf(pdf, reason="Executed copy of a care agreement"))

    status = asyncio.run(seal_and_check())
    assert status.intact and status.valid
