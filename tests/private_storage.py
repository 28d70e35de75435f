"""Fixtures for upload tests: a fresh private storage per test and a view of what is stored on disk.

Import them into a conftest or test module (`from tests.private_storage import private_media, stored_files`).
"""

from pathlib import Path

import pytest
from django.conf import settings


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
def stored_files():
    """A function answering the set of files under PRIVATE_MEDIA_ROOT right now."""

    def snapshot() -> set[Path]:
        root = Path(settings.PRIVATE_MEDIA_ROOT)
        return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()

    return snapshot
