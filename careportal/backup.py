"""Backup and restore of the private files (docs/deploying/backup-and-restore.md, decision 0023).

The files are copied through Django's storage API, so the same commands copy a local directory or an Azure
container, to and from a plain directory with a SHA-256 manifest. The database is dumped with pg_dump
(scripts/backup.sh); after a restore, every file the database names must be in the storage.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.core.files import File
from django.core.files.storage import Storage
from django.db import models

from careportal.storage import private_storage

MANIFEST = "MANIFEST.sha256"
_CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore step that cannot go on; the message says what to do."""


def stored_names(storage: Storage, path: str = "") -> Iterator[str]:
    """Every file name in `storage`, sorted (a container lists its blobs with no folders)."""
    try:
        folders, files = storage.listdir(path)
    except FileNotFoundError:  # a local directory not made yet holds nothing
        return
    for name in sorted(files):
        yield f"{path}/{name}" if path and not name.startswith(f"{path}/") else name
    for folder in sorted(folders):
        yield from stored_names(storage, f"{path}/{folder}" if path else folder)


def _safe_target(root: Path, name: str) -> Path:
    parts = PurePosixPath(name).parts
    if not parts or any(part in ("..", "") for part in parts) or PurePosixPath(name).is_absolute():
        raise BackupError(f"Refusing the stored name {name!r}: it leaves the backup folder.")
    return root.joinpath(*parts)


def export_files(target: Path, storage: Storage | None = None) -> int:
    """Copy every stored file into `target` (which must be empty or new), with a SHA-256 manifest."""
    storage = storage or private_storage()
    target.mkdir(parents=True, exist_ok=True)
    if any(target.iterdir()):
        raise BackupError(f"{target} is not empty: back up into a new folder.")
    lines = []
    for name in stored_names(storage):
        digest = hashlib.sha256()
        destination = _safe_target(target, name)
        destination.parent.mkdir(parents=True, exist_ok=True)
        with storage.open(name, "rb") as source, destination.open("wb") as out:
            while chunk := source.read(_CHUNK):
                digest.update(chunk)
                out.write(chunk)
        lines.append(f"{digest.hexdigest()}  {name}\n")
    (target / MANIFEST).write_text("".join(lines), encoding="utf-8")
    return len(lines)


def _manifest(source: Path) -> list[tuple[str, str]]:
    manifest = source / MANIFEST
    if not manifest.exists():
        raise BackupError(f"{manifest} is missing: this is not a folder written by export_files.")
    entries = []
    for line in manifest.read_text(encoding="utf-8").splitlines():
        digest, _, name = line.partition("  ")
        entries.append((digest, name))
    return entries


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def import_files(source: Path, storage: Storage | None = None, *, check_only: bool = False) -> int:
    """Put every file of a backup into an EMPTY storage under its own name, each checked against the manifest
    first; refuses a storage that holds anything (a restore never mixes two histories). `check_only`: the
    checks alone, so a restore stops before it touches the database."""
    storage = storage or private_storage()
    if next(stored_names(storage), None) is not None:
        raise BackupError("The private storage is not empty: restore into a new container or directory.")
    entries = _manifest(source)
    for digest, name in entries:
        path = _safe_target(source, name)
        if not path.is_file() or _sha256(path) != digest:
            raise BackupError(f"{name} is missing from the backup or does not match its SHA-256.")
    if check_only:
        return len(entries)
    for _, name in entries:
        with _safe_target(source, name).open("rb") as handle:
            saved = storage.save(name, File(handle, name=name))
        if saved != name:
            raise BackupError(f"{name} was stored as {saved}: the storage renamed it.")
    return len(entries)


@dataclass
class FileCheck:
    """What verify_files found: how many files the database names, and those missing or altered."""

    checked: int = 0
    problems: list[str] = field(default_factory=list)


def _hash_field(model: type[models.Model], file_field: str) -> str | None:
    """The field recording a file's SHA-256 when it is taken (`sha256` beside `file`, else `<field>_sha256`)."""
    name = "sha256" if file_field == "file" else f"{file_field}_sha256"
    return name if any(f.name == name for f in model._meta.get_fields()) else None


def _sha256_of(storage: Storage, name: str) -> str:
    digest = hashlib.sha256()
    with storage.open(name, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def verify_files(storage: Storage | None = None) -> FileCheck:
    """Every file a FileField names is in the storage, and a file whose SHA-256 was recorded still has it
    (the written agreement's versions and executed copies, signature scans)."""
    storage = storage or private_storage()
    result = FileCheck()
    for model in apps.get_models():
        for model_field in model._meta.get_fields():
            if isinstance(model_field, models.FileField):
                _check_field(storage, model, model_field.name, result)
    return result


def _check_field(storage: Storage, model: type[models.Model], column: str, result: FileCheck) -> None:
    hash_field = _hash_field(model, column)
    rows = model._default_manager.exclude(**{column: ""}).values_list("pk", column, hash_field or "pk")
    for pk, name, recorded in rows.iterator():
        result.checked += 1
        label = f"{model._meta.label} {pk}: {name}"
        if not storage.exists(name):
            result.problems.append(f"{label} is not in the storage")
        elif hash_field and recorded and _sha256_of(storage, name) != recorded:
            result.problems.append(f"{label} does not match its recorded SHA-256")
