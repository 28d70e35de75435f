"""Private files: stored under PRIVATE_MEDIA_ROOT, served only through permission-checked views."""

from __future__ import annotations

import re

from django.http import FileResponse

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_MAX_NAME = 100


def safe_file_name(name: str, *, fallback: str = "file") -> str:
    """A download/storage name with no path parts and only safe characters (no traversal, no header tricks)."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = _UNSAFE.sub("-", base).strip(".-")
    if len(cleaned) > _MAX_NAME:
        # Shorten the stem, keep the extension: the upload check compares it with the content.
        stem, dot, extension = cleaned.rpartition(".")
        keep = dot and 0 < len(extension) <= 10
        cleaned = f"{stem[: _MAX_NAME - len(extension) - 1]}.{extension}" if keep else cleaned[:_MAX_NAME]
    return cleaned or fallback


def file_field_response(field_file, *, file_name: str, content_type: str) -> FileResponse:
    """Stream a stored FileField as an attachment with nosniff."""
    response = FileResponse(
        field_file.open("rb"),
        as_attachment=True,
        filename=safe_file_name(file_name),
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
