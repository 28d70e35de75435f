"""One private storage for every file (decision 0023): every FileField uses it, nothing in the product reads
a file by its path on disk, and PRIVATE_STORAGE is read through the env helpers with clear errors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import default_storage
from django.db import models

from careportal.settings.storage import private_storage

ROOT = Path(__file__).resolve().parents[2]
PRODUCT = ("careportal", "partners", "agreements", "referrals", "quality")


def test_every_file_field_keeps_its_files_in_the_private_storage():
    fields = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.FileField) and field.storage is not default_storage
    ]
    assert fields == []
    assert (
        sum(isinstance(f, models.FileField) for m in apps.get_models() for f in m._meta.get_fields()) >= 6
    )  # evidence, signatures (drawing, scan), documents, final reports, action evidence


def test_no_product_code_reads_a_stored_file_by_its_path_on_disk():
    """`.path` and PRIVATE_MEDIA_ROOT only work for local files; a container has neither."""
    pattern = re.compile(r"\.(file|drawing|scan|final_report|evidence_file)\.path\b|PRIVATE_MEDIA_ROOT")
    offenders = [
        str(path.relative_to(ROOT))
        for package in PRODUCT
        for path in (ROOT / package).rglob("*.py")
        if "settings" not in path.parts and pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_local_files_are_the_default(monkeypatch, tmp_path):
    monkeypatch.delenv("PRIVATE_STORAGE", raising=False)
    assert private_storage(tmp_path) == {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": tmp_path},
    }


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"PRIVATE_STORAGE": "s3"}, "PRIVATE_STORAGE='s3' is not valid"),
        ({"PRIVATE_STORAGE": "azure"}, "needs AZURE_CONTAINER"),
        (
            {"PRIVATE_STORAGE": "azure", "AZURE_CONTAINER": "c"},
            "needs AZURE_CONNECTION_STRING, or AZURE_ACCOUNT",
        ),
        (
            {"PRIVATE_STORAGE": "azure", "AZURE_CONTAINER": "c", "AZURE_ACCOUNT_NAME": "a"},
            "AZURE_ACCOUNT_KEY",
        ),
    ],
)
def test_an_incomplete_azure_configuration_stops_start_up_naming_what_is_missing(
    monkeypatch, tmp_path, env, message
):
    for name in ("AZURE_CONTAINER", "AZURE_CONNECTION_STRING", "AZURE_ACCOUNT_NAME", "AZURE_ACCOUNT_KEY"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ImproperlyConfigured, match=re.escape(message)):
        private_storage(tmp_path)


def test_an_account_name_and_key_configure_the_public_azure_endpoint(monkeypatch, tmp_path):
    for name, value in {
        "PRIVATE_STORAGE": "Azure",
        "AZURE_CONTAINER": "careportal-private",
        "AZURE_ACCOUNT_NAME": "careportalprod",
        "AZURE_ACCOUNT_KEY": "a2V5",
        "AZURE_CUSTOM_DOMAIN": "files.example.govt.nz",
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AZURE_CONNECTION_STRING", raising=False)
    config = private_storage(tmp_path)
    assert config["BACKEND"] == "careportal.storage.PrivateAzureStorage"
    assert config["OPTIONS"] | {} == {
        "azure_container": "careportal-private",
        "overwrite_files": False,
        "expiration_secs": None,
        "timeout": 20,
        "account_name": "careportalprod",
        "account_key": "a2V5",
        "endpoint_suffix": "core.windows.net",
        "azure_ssl": True,
        "custom_domain": "files.example.govt.nz",
    }
