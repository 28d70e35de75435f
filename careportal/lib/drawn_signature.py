"""A signature drawn in person (careportal.widgets.SignaturePadWidget): the data URL the browser sent, checked
and turned into the PNG to store.

Only `data:image/png;base64,` is taken; the bytes are capped and go through the one upload check
(careportal.lib.uploads.check_upload), so only a whole, well-formed PNG with nothing hidden after it is
accepted. Refusals are RuleViolations on the form's field, worded for the person signing.
"""

from __future__ import annotations

import base64
import binascii

from django.core.files.uploadedfile import SimpleUploadedFile

from careportal.exceptions import RuleViolation

from .uploads import check_upload

PREFIX = "data:image/png;base64,"
MAX_BYTES = 300 * 1024  # a drawn signature is tens of KB, even from a large high-density screen
MAX_CHARS = len(PREFIX) + 4 * (MAX_BYTES + 2) // 3  # the same limit on the data URL a form or body carries
NOT_DRAWN = "Draw the signature in the box, or choose another way to sign."
UNREADABLE = (
    "The drawn signature could not be read. Select Clear, draw the signature again, "
    "or choose another way to sign."
)
TOO_LARGE = (
    f"The drawn signature is larger than {MAX_BYTES // 1024} KB, so it cannot be kept. "
    "Select Clear and draw it again, or choose another way to sign."
)


def clean_drawn_signature(value: str, *, field: str) -> bytes:
    """The PNG bytes of the drawing in `value`, or RuleViolation on `field`."""
    text = (value or "").strip()
    if not text:
        raise RuleViolation(NOT_DRAWN, field=field)
    if text[: len(PREFIX)].lower() != PREFIX:
        raise RuleViolation(UNREADABLE, field=field)
    encoded = text[len(PREFIX) :]
    if len(encoded) > (MAX_BYTES + 2) // 3 * 4:  # refused before decoding more than the cap
        raise RuleViolation(TOO_LARGE, field=field)
    try:
        data = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise RuleViolation(UNREADABLE, field=field) from None
    if not data:
        raise RuleViolation(NOT_DRAWN, field=field)
    if len(data) > MAX_BYTES:
        raise RuleViolation(TOO_LARGE, field=field)
    try:
        checked = check_upload(SimpleUploadedFile("signature.png", data, "image/png"), field=field)
    except RuleViolation:
        # The upload check words its refusals for a file chosen to upload; here nothing was chosen.
        raise RuleViolation(UNREADABLE, field=field) from None
    if checked.kind != "png":
        raise RuleViolation(UNREADABLE, field=field)
    return checked.data
