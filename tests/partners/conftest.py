"""partners fixtures: files of every kind for upload tests (from the one upload corpus) and storage."""

import pytest

from partners.demo import demo_pdf
from tests.private_storage import private_media, stored_files
from tests.security.upload_corpus import DOCM_MAIN, DOCX_MAIN, EXE, jpeg, office, png, zip_of

__all__ = ["private_media", "stored_files"]


@pytest.fixture
def files():
    """Bytes of each kind: genuine ones and ones that lie."""
    return {
        "pdf": demo_pdf("Child safety policy"),
        "png": png(),
        "jpeg": jpeg(),
        "docx": office("word/document.xml", DOCX_MAIN),
        "docm": office("word/document.xml", DOCM_MAIN),
        "zip": zip_of({"notes.txt": "not a Word document"}),
        "exe": EXE,
        "text": b"just some text pretending to be a PDF\n" * 4,
    }
