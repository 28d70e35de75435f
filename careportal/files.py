"""Private files: kept in the private storage (careportal/storage.py: a local directory or a container),
served only through permission-checked, audited views."""

from __future__ import annotations

import re
from typing import TypeAlias

from django.http import FileResponse, HttpResponseRedirect
from drf_spectacular.utils import OpenApiResponse

from careportal.storage import signed_link

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


Download: TypeAlias = FileResponse | HttpResponseRedirect
# The API's download endpoints document the redirect next to their 200 (`**SIGNED_LINK` in `responses`).
SIGNED_LINK = {
    302: OpenApiResponse(
        description="The private files are in a container (PRIVATE_STORAGE=azure): a redirect to a read-only "
        "link to the file, signed for PRIVATE_LINK_SECONDS; made only after the permission check and the audit."
    )
}


def file_field_response(field_file, *, file_name: str, content_type: str) -> Download:
    """The stored file as an attachment: a redirect to a short-lived signed link when the storage signs them
    (decision 0023), otherwise streamed with nosniff. The caller has checked permission and audited."""
    link = signed_link(field_file.name, file_name=safe_file_name(file_name), content_type=content_type)
    if link is not None:
        redirect = HttpResponseRedirect(link)
        redirect["Cache-Control"] = "private, no-store"  # a cached redirect would outlive the link
        redirect["Referrer-Policy"] = "no-referrer"
        return redirect
    response = FileResponse(
        field_file.open("rb"),
        as_attachment=True,
        filename=safe_file_name(file_name),
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
