"""HTML → A4 PDF with WeasyPrint. Every page carries the document reference, version and content hash.

Rendering takes a second or more, so it only ever runs in a Celery task (the callers' `tasks.py`); a
request only compares `content_digest` with what is stored, and shows "being prepared" until it matches.
"""

from __future__ import annotations

import base64
import hashlib
import io
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string


@dataclass(frozen=True)
class RenderedPdf:
    content: bytes
    content_hash: str  # sha256 of the rendered HTML body, printed on every page (first 16 hex digits)


def content_digest(template_name: str, context: dict[str, Any]) -> str:
    """sha256 of the document's content without its footer: same content, same digest (cheap: HTML only)."""
    return hashlib.sha256(
        render_to_string(template_name, {**context, "pdf_footer": None}).encode()
    ).hexdigest()


def render_pdf(template_name: str, context: dict[str, Any], *, reference: str, version: int) -> RenderedPdf:
    """Render `template_name` (which extends `pdf/base.html`) to PDF bytes.

    The hash is of the document's content without the footer, so the same content always has the same
    hash and a reader can check a printed copy against the portal's record.
    """
    from weasyprint import HTML  # imported lazily: Pango loads slowly and most requests never need it

    digest = content_digest(template_name, context)
    footer = {"reference": reference, "version": version, "hash": digest[:16]}
    html = render_to_string(template_name, {**context, "pdf_footer": footer})
    pdf = HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
    return RenderedPdf(content=pdf, content_hash=digest)


def qr_data_uri(url: str) -> str:
    """A QR code of `url` as a PNG data URI, for an <img> WeasyPrint embeds as an image (nothing fetched).

    Medium error correction and the standard quiet zone, so a phone reads it from a printed copy.
    """
    import qrcode
    from qrcode.image.pil import PilImage

    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=8, border=4)
    code.add_data(url)
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image(image_factory=PilImage).save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
