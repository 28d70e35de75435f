"""partners fixtures: files of every kind for upload tests and a view of what is stored on disk."""

import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings

from partners.demo import demo_pdf

PNG = (
    bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000")
    + b"\x1f\x15\xc4\x89"
    + b"\x00" * 40
)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64 + b"\xff\xd9"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 128
DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
DOCM_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"


def _zip(parts: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def make_docx(main_type: str = DOCX_MAIN) -> bytes:
    content_types = (
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        f'<Override PartName="/word/document.xml" ContentType="{main_type}"/></Types>'
    )
    return _zip(
        {
            "[Content_Types].xml": content_types,
            "_rels/.rels": "<Relationships/>",
            "word/document.xml": "<w:document/>",
        }
    )


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """A fresh PRIVATE_MEDIA_ROOT per test, so "nothing stored" can be checked exactly."""
    root = tmp_path / "private"
    settings.PRIVATE_MEDIA_ROOT = root
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": root}},
    }
    return root


@pytest.fixture
def files():
    """Bytes of each kind: genuine ones and ones that lie."""
    return {
        "pdf": demo_pdf("Child safety policy"),
        "png": PNG,
        "jpeg": JPEG,
        "docx": make_docx(),
        "docm": make_docx(DOCM_MAIN),
        "zip": _zip({"notes.txt": "not a Word document"}),
        "exe": EXE,
        "text": b"just some text pretending to be a PDF\n" * 4,
    }


@pytest.fixture
def stored_files():
    """A function answering the set of files under PRIVATE_MEDIA_ROOT right now."""

    def snapshot() -> set[Path]:
        root = Path(settings.PRIVATE_MEDIA_ROOT)
        return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()

    return snapshot
