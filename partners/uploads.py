"""Checking an uploaded evidence file before anything is stored: size, type from content, honest name.

Decision: evidence may be a PDF, a PNG or JPEG image, or a Word document (.docx). The type is sniffed from
the bytes with `filetype` (never trusted from the name or the browser's Content-Type); a .docx is a zip,
so it is also opened and must hold a Word main document, and a zip of anything else (or a macro-enabled
.docm) is refused. The file's name must carry the extension of what it really is: a PNG named
`policy.pdf` is refused, so what an organisation sees in its checklist is what reviewers open.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from typing import IO

import filetype
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from careportal.exceptions import RuleViolation
from careportal.files import safe_file_name

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DOCX_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
# sniffed kind → (content type, extensions a truthful name may end with, a human label)
ALLOWED: dict[str, tuple[str, tuple[str, ...], str]] = {
    "pdf": ("application/pdf", ("pdf",), "a PDF document"),
    "png": ("image/png", ("png",), "a PNG image"),
    "jpg": ("image/jpeg", ("jpg", "jpeg"), "a JPEG image"),
    "docx": (DOCX, ("docx",), "a Word document (.docx)"),
}
ALLOWED_LABEL = "a PDF, a PNG or JPEG image, or a Word document (.docx)"
ACCEPT_ATTRIBUTE = ".pdf,.png,.jpg,.jpeg,.docx"
_SNIFF_BYTES = 8192
# A real .docx has a few dozen parts; these bounds refuse zip bombs without unpacking anything.
_DOCX_MAX_PARTS = 2000
_DOCX_MAX_UNPACKED = 200 * 1024 * 1024


@dataclass(frozen=True)
class CheckedFile:
    """An upload that passed every check, with the facts the evidence row records."""

    upload: UploadedFile
    kind: str
    content_type: str
    file_name: str
    size: int

    @property
    def extension(self) -> str:
        return ALLOWED[self.kind][1][0]


def _refuse(message: str) -> RuleViolation:
    return RuleViolation(message, field="file")


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MB"
    return f"{n / 1024:.0f} KB" if n >= 1024 else f"{n} bytes"


def _is_docx(stream: IO[bytes]) -> bool:
    """A Word document: a valid zip with [Content_Types].xml declaring a Word main part that exists."""
    try:
        with zipfile.ZipFile(stream) as archive:
            infos = archive.infolist()
            if len(infos) > _DOCX_MAX_PARTS or sum(i.file_size for i in infos) > _DOCX_MAX_UNPACKED:
                return False
            names = {i.filename for i in infos}
            if "[Content_Types].xml" not in names or "word/document.xml" not in names:
                return False
            content_types = archive.read("[Content_Types].xml")
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, EOFError):
        return False
    finally:
        stream.seek(0)
    return DOCX_MAIN in content_types


def _sniff(upload: UploadedFile) -> str | None:
    upload.seek(0)
    head = upload.read(_SNIFF_BYTES)
    upload.seek(0)
    guess = filetype.guess(head)
    if guess is None:
        return None
    if guess.extension in ("docx", "zip"):
        # filetype only looks at the first entries; open the archive to be sure it is a Word document.
        return "docx" if _is_docx(upload) else None
    return guess.extension if guess.extension in ALLOWED else None


def check_upload(upload: UploadedFile) -> CheckedFile:
    """Raise RuleViolation on `file` with a clear message, or return what to store."""
    size = upload.size or 0
    limit = settings.MAX_UPLOAD_BYTES
    if size == 0:
        raise _refuse("The file is empty. Choose the document again and re-upload it.")
    if size > limit:
        raise _refuse(f"The file is {_size(size)}; files can be at most {_size(limit)}.")
    name = safe_file_name(upload.name or "", fallback="")
    kind = _sniff(upload)
    if kind is None:
        raise _refuse(f"This file's content is not {ALLOWED_LABEL}, so it cannot be accepted.")
    content_type, extensions, label = ALLOWED[kind]
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in extensions:
        raise _refuse(
            f"The file is named “{name or 'without a name'}” but its content is {label}. "
            f"Rename it to end in .{extensions[0]} (or save it in the right format) and upload it again."
        )
    return CheckedFile(upload=upload, kind=kind, content_type=content_type, file_name=name, size=size)
