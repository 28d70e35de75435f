"""`manage.py make_seal_key [--out PATH] [--force | --if-missing]`: a development key for careportal.sealing.

A self-signed certificate is enough where only this portal checks its own seals; production is given the
organisation's issued PKCS#12 key instead (AGREEMENT_SEAL_KEY_FILE).
"""

import datetime
import os
import tempfile
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

COMMON_NAME = "Oranga Tamariki care agreements (development)"
VALID_FOR = datetime.timedelta(days=5 * 365 + 1)  # five years, one of them a leap year


class Command(BaseCommand):
    help = "Make a self-signed PKCS#12 seal key (RSA 3072) protected by AGREEMENT_SEAL_KEY_PASSPHRASE."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", help="where to write it (default: settings.AGREEMENT_SEAL_KEY_FILE)")
        existing = parser.add_mutually_exclusive_group()
        existing.add_argument("--force", action="store_true", help="replace a key file that exists")
        existing.add_argument(
            "--if-missing", action="store_true", help="do nothing, quietly, if the file exists (for scripts)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        out = Path(options["out"] or settings.AGREEMENT_SEAL_KEY_FILE)
        if out.exists():
            if options["if_missing"]:
                return
            if not options["force"]:
                # Seals made with the old key stop validating once it is replaced: never by accident.
                raise CommandError(
                    f"{out} exists; pass --force to replace it (its seals will no longer verify)."
                )
        out.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        data = _pkcs12(settings.AGREEMENT_SEAL_KEY_PASSPHRASE.encode())
        # mkstemp makes the file 0600; os.replace swaps it in whole, so a reader never sees half a key.
        fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=".seal-")
        try:
            with os.fdopen(fd, "wb") as file:
                file.write(data)
            os.replace(tmp, out)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        self.stdout.write(self.style.SUCCESS(f"Seal key written to {out} ({COMMON_NAME})."))


def _pkcs12(passphrase: bytes) -> bytes:
    key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, COMMON_NAME)])
    now = datetime.datetime.now(datetime.UTC)
    # digitalSignature + nonRepudiation (content_commitment): what a PDF signer's key is checked for.
    usage = x509.KeyUsage(
        digital_signature=True,
        content_commitment=True,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=False,
        crl_sign=False,
        encipher_only=False,
        decipher_only=False,
    )
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))  # a little clock skew between hosts
        .not_valid_after(now + VALID_FOR)
        .add_extension(usage, critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    encryption = serialization.BestAvailableEncryption(passphrase)
    return pkcs12.serialize_key_and_certificates(b"careportal-seal", key, cert, None, encryption)
