"""The one check every upload goes through before anything is stored: decided by content, never by name.

Allow-list (what the portal's upload fields need: readiness evidence and improvement-action evidence are
policies, plans, registers, scans and photos):
- PDF (.pdf): parsed with pypdf, every object walked (object streams included); refused with JavaScript,
  launch actions, embedded files, XFA forms, a password, or when it cannot be parsed or is cut short.
- Word (.docx) and Excel (.xlsx): an OOXML package whose declared main part is a document or a workbook;
  refused with macros (vbaProject.bin, macro-enabled content types, .docm/.xlsm), ActiveX, Excel 4 macro
  sheets, or a template/object fetched from outside; refused when it would unpack to more than 100 MB.
- PNG (.png), JPEG (.jpg, .jpeg): structure walked (chunk CRCs, segments), no hidden data after the image,
  at most 100 megapixels.
- plain text (.txt): valid UTF-8 with no HTML, SVG, XML or script markers.
Refused by decision: legacy .doc/.xls (OLE files hide VBA and Excel 4 macros that need a separate parser to
find, and Word and Excel save .docx/.xlsx), OpenDocument and CSV (not needed; save as .docx/.xlsx/.txt),
SVG and HTML (they run scripts), other images, archives and executables, and any file that is two kinds
at once (a polyglot). The name must end in the extension of what the content is; the stored name is made
safe; the content type stored and served comes from this check, never from the browser.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.core.files.base import ContentFile
from django.db.models.fields.files import FieldFile
from django.utils.functional import lazy
from rest_framework import serializers

from careportal.exceptions import RuleViolation
from careportal.files import safe_file_name

from .upload_formats import ADVICE, Refusal, identify


@dataclass(frozen=True)
class Kind:
    """An accepted kind: the content type served, the extensions a truthful name ends in, a label."""

    content_type: str
    extensions: tuple[str, ...]
    label: str


KINDS: dict[str, Kind] = {
    "pdf": Kind("application/pdf", ("pdf",), "a PDF"),
    "docx": Kind(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ("docx",),
        "a Word document",
    ),
    "xlsx": Kind(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ("xlsx",), "an Excel workbook"
    ),
    "png": Kind("image/png", ("png",), "a PNG image"),
    "jpeg": Kind("image/jpeg", ("jpg", "jpeg"), "a JPEG image"),
    "text": Kind("text/plain; charset=utf-8", ("txt",), "a text file"),
}
ALLOWED_LABEL = "a PDF, Word, Excel, PNG, JPEG or text file"
ACCEPT_ATTRIBUTE = ",".join(f".{ext}" for kind in KINDS.values() for ext in kind.extensions)
ACCEPTED_TYPES = "(.pdf, .docx, .xlsx, .png, .jpg or .txt)"
_CLAIMS = {ext: kind.label for kind in KINDS.values() for ext in kind.extensions}


@dataclass(frozen=True)
class CheckedUpload:
    """An upload that passed the check: exactly the bytes checked, their kind and a safe name."""

    data: bytes
    kind: str
    file_name: str

    @property
    def content_type(self) -> str:
        return KINDS[self.kind].content_type

    @property
    def extension(self) -> str:
        return KINDS[self.kind].extensions[0]

    @property
    def size(self) -> int:
        return len(self.data)


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MB"
    return f"{n / 1024:.0f} KB" if n >= 1024 else f"{n} bytes"


def max_upload_bytes() -> int:
    """The largest file the check accepts (settings.MAX_UPLOAD_BYTES, read when asked: settings can change)."""
    return settings.MAX_UPLOAD_BYTES


def limit_text() -> str:
    """What an upload field says before anything is chosen: the accepted kinds and this check's own limit."""
    return f"Upload {ALLOWED_LABEL} {ACCEPTED_TYPES}, at most {_size(max_upload_bytes())}."


# Read when a form is rendered, not at import, so the help text always states the limit in force.
HELP_TEXT = lazy(limit_text, str)()


def _extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _read(upload: Any, limit: int) -> bytes:
    """At most limit + 1 bytes: enough to know a file is too large without reading all of it."""
    upload.seek(0)
    data = upload.read(limit + 1)
    upload.seek(0)
    return data


def check_upload(upload: Any, *, field: str) -> CheckedUpload:
    """Raise RuleViolation on `field` with a message for the person uploading, or answer what to store."""
    limit = max_upload_bytes()
    data = _read(upload, limit)
    if not data:
        raise RuleViolation("The file is empty. Choose the document again and upload it.", field=field)
    if len(data) > limit:
        size = _size(max(len(data), upload.size or 0))
        size = f"larger than {_size(limit)}" if size == _size(limit) else size
        raise RuleViolation(f"The file is {size}; files can be at most {_size(limit)}.", field=field)
    name = safe_file_name(upload.name or "", fallback="")
    claimed = _CLAIMS.get(_extension(name))
    try:
        kind = identify(data)
    except Refusal as refusal:
        if refusal.message:
            raise RuleViolation(refusal.message, field=field) from None
        is_not = f", not {claimed}" if claimed else ""
        why = f" {refusal.why}" if refusal.why else ""
        raise RuleViolation(f"This file is {refusal.what}{is_not}.{why} {ADVICE}", field=field) from None
    accepted = KINDS[kind]
    if _extension(name) not in accepted.extensions:
        raise RuleViolation(
            f"The file is named “{name or 'without a name'}” but its content is {accepted.label}. "
            f"Rename it to end in .{accepted.extensions[0]} (or save it in the right format) and upload it again.",
            field=field,
        )
    return CheckedUpload(data=data, kind=kind, file_name=name)


@contextmanager
def stored(field_file: FieldFile, checked: CheckedUpload, name: str) -> Iterator[None]:
    """Store the checked bytes under `name`; if the block fails (the row is not written), remove them again."""
    field_file.save(name, ContentFile(checked.data), save=False)
    stored_name = field_file.name or ""
    try:
        yield
    except BaseException:
        field_file.storage.delete(stored_name)
        raise


class CheckedFileInput(forms.ClearableFileInput):
    """A file input carrying the check's limit (`data-max-bytes`, `data-max-label`) for static/js/uploads.js,
    which refuses a larger file in the browser before it is sent. The server's check still decides."""

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        limit = max_upload_bytes()
        attrs = {**(attrs or {}), "data-max-bytes": str(limit), "data-max-label": _size(limit)}
        return super().get_context(name, value, attrs)


def upload_form_field(**kwargs: Any) -> forms.FileField:
    """A portal file field: the browser offers the accepted kinds and knows the limit (stated in the help
    text); the check itself runs in the service."""
    kwargs.setdefault("help_text", HELP_TEXT)
    # Empty files reach the check, so the person sees its message rather than a second wording.
    return forms.FileField(
        allow_empty_file=True, widget=CheckedFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}), **kwargs
    )


def upload_serializer_field(**kwargs: Any) -> serializers.FileField:
    """An API file field; refusals come from the check as a 400 on this field's own name."""
    kwargs.setdefault("help_text", HELP_TEXT)
    return serializers.FileField(allow_empty_file=True, use_url=False, **kwargs)
