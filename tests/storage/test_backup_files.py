"""The private files' half of a backup (careportal/backup.py) on the local directory: every file and its
SHA-256 out to a folder and back into an EMPTY storage under the same names; a full storage, a folder that
is not a backup or a file changed in it is refused; verify_files names a missing or an altered document."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError

from careportal.backup import MANIFEST, BackupError, export_files, import_files, stored_names, verify_files
from tests.agreements.factories import AgreementFactory, issue_version
from tests.private_storage import private_media, stored_files  # noqa: F401 - a fresh directory each test

pytestmark = pytest.mark.django_db


def test_files_go_out_with_a_manifest_and_back_into_an_empty_directory(settings, tmp_path):
    default_storage.save("evidence/a/1.pdf", ContentFile(b"%PDF-1 one"))
    default_storage.save("agreements/b/2.pdf", ContentFile(b"%PDF-1 two"))
    assert export_files(tmp_path / "backup") == 2
    manifest = (tmp_path / "backup" / MANIFEST).read_text()
    assert "  evidence/a/1.pdf\n" in manifest and "  agreements/b/2.pdf\n" in manifest

    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**settings.STORAGES["default"], "OPTIONS": {"location": tmp_path / "restored"}},
    }
    with pytest.raises(BackupError, match="not empty"):
        export_files(tmp_path / "backup")
    assert import_files(tmp_path / "backup") == 2
    assert sorted(stored_names(default_storage)) == ["agreements/b/2.pdf", "evidence/a/1.pdf"]
    assert default_storage.open("evidence/a/1.pdf").read() == b"%PDF-1 one"
    with pytest.raises(BackupError, match="storage is not empty"):
        import_files(tmp_path / "backup")


def test_a_changed_file_or_a_folder_without_a_manifest_is_refused_before_anything_is_stored(
    settings, tmp_path
):
    default_storage.save("evidence/a/1.pdf", ContentFile(b"%PDF-1 one"))
    export_files(tmp_path / "backup")
    (tmp_path / "backup" / "evidence/a/1.pdf").write_bytes(b"%PDF-1 forged")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**settings.STORAGES["default"], "OPTIONS": {"location": tmp_path / "restored"}},
    }
    with pytest.raises(CommandError, match="does not match its SHA-256"):
        call_command("import_files", str(tmp_path / "backup"))
    with pytest.raises(CommandError, match="MANIFEST.sha256 is missing"):
        call_command("import_files", str(tmp_path / "nothing"))
    assert list(stored_names(default_storage)) == []


def test_verify_files_names_a_missing_file_and_a_document_whose_bytes_changed(capsys):
    document = issue_version(AgreementFactory())
    call_command("verify_files")
    assert "All 1 files are in the private storage." in capsys.readouterr().out
    default_storage.delete(document.file.name)
    default_storage.save(document.file.name, ContentFile(b"%PDF-1 not the issued version"))
    assert verify_files().problems == [
        f"agreements.AgreementDocument {document.pk}: {document.file.name} does not match its recorded SHA-256"
    ]
    default_storage.delete(document.file.name)
    with pytest.raises(CommandError, match="is not in the storage"):
        call_command("verify_files")
