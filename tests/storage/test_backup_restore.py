"""Backup and restore (docs/deploying/backup-and-restore.md): scripts/backup.sh dumps a database holding
evidence and digested audit days and copies its private files out of an Azurite
container; scripts/restore.sh puts both into a NEW empty database (made with its two roles by
scripts/db/init-roles.sh) and a NEW empty container, and verify_audit and verify_files pass there. The
restored copy serves: its owner downloads the evidence through a signed link, and its serving role still
may not rewrite the audit trail. A restore into a database or a storage that is not empty is refused."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
import uuid
from datetime import timedelta
from pathlib import Path

import psycopg
import pytest
from django.db import connection
from django.utils import timezone

from careportal.audit import digest
from careportal.audit.models import AuditEntry, DayDigest
from careportal.audit.services import audit_record
from partners.demo import demo_pdf
from partners.models import Evidence
from tests.agreements.factories import AgreementFactory, issue_version
from tests.partners.factories import ApplicationFactory
from tests.partners.test_evidence import upload
from tests.storage.test_azure_storage import blobs, fetch

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parents[2]
PDF = demo_pdf("Child safety policy")

# Run in the restored deployment: sign in as the evidence's owner and download it (Django's test client).
DOWNLOAD = """
import json, sys, django
django.setup()
from django.test import Client
from django.test.utils import setup_test_environment
from careportal.accounts.models import User
setup_test_environment()
client = Client()
client.force_login(User.objects.get(username=sys.argv[1]))
response = client.get(f"/api/v1/evidence/{sys.argv[2]}/download/")
print(json.dumps({"status": response.status_code, "location": response.get("Location", "")}))
"""


def run(command: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)  # noqa: S603


@pytest.fixture
def new_database():
    """A new, empty database with its owner and serving roles, as scripts/db/init-roles.sh makes them."""
    suffix = uuid.uuid4().hex[:10]
    owner, app, name = f"test_owner_{suffix}", f"test_app_{suffix}", f"careportal_restore_{suffix}"
    s = connection.settings_dict
    host, port = s["HOST"] or "127.0.0.1", str(s["PORT"] or 5432)
    base = {**os.environ, "PGHOST": host, "PGPORT": port}
    subprocess.run(["createdb", "-U", s["USER"], name], env=base, check=True)
    init = {
        **base,
        "POSTGRES_USER": s["USER"],
        "POSTGRES_DB": name,
        "DB_OWNER_ROLE": owner,
        "DB_APP_ROLE": app,
    }
    subprocess.run(["sh", str(ROOT / "scripts/db/init-roles.sh")], env=init, check=True, capture_output=True)
    try:
        yield {
            "DATABASE_URL": f"postgres://{app}@{host}:{port}/{name}",
            "DATABASE_OWNER_URL": f"postgres://{owner}@{host}:{port}/{name}",
            "app": app,
            "host": host,
            "port": port,
            "name": name,
        }
    finally:
        subprocess.run(["dropdb", "-U", s["USER"], "--if-exists", "--force", name], env=base, check=False)
        with connection.cursor() as cursor:
            for role in (app, owner):
                cursor.execute(f'DROP ROLE IF EXISTS "{role}"')


@pytest.fixture
def requirements(transactional_db):
    """The evidence requirements the migrations seed: an earlier transactional test emptied every table."""
    from django.apps import apps

    importlib.import_module("partners.migrations.0004_seed_requirements").seed(apps, None)


@pytest.fixture
def records(azure_storage, requirements, api_as, partner_staff, partner_org, time_machine):
    """Evidence in the container, a version of a written agreement (with its SHA-256), audit entries on
    two earlier days, digested, and those of today."""
    application = ApplicationFactory(organisation=partner_org, state="readiness")
    for days_ago in (3, 2):
        time_machine.move_to(timezone.now() - timedelta(days=days_ago))
        audit_record(actor=partner_staff, kind="view", action="view", obj=application)
        time_machine.move_to(timezone.now() + timedelta(days=days_ago))
    response = upload(api_as(partner_staff), application, "Child safety policy.pdf", PDF)
    assert response.status_code == 201, response.json()
    issue_version(AgreementFactory())
    digest.write_digests(up_to=timezone.localdate() - timedelta(days=1))
    assert DayDigest.objects.count() >= 2
    return response.json()["id"]


def test_a_backup_restores_into_an_empty_database_and_container_and_verifies(
    azurite, azure_storage, records, new_database, partner_staff, tmp_path
):
    source = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "careportal.settings.test",
        "DATABASE_URL": _url(connection.settings_dict),
        **azurite.env(azure_storage),
    }
    source.pop("DATABASE_OWNER_URL", None)
    backup = tmp_path / "backup"
    made = run(["bash", "scripts/backup.sh", str(backup)], source)
    assert made.returncode == 0, made.stderr
    assert (backup / "database.dump").stat().st_size > 0
    stored = Evidence.objects.get(pk=records).file.name
    assert (backup / "files" / stored).read_bytes() == PDF

    container = azurite.new_container()
    target = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "careportal.settings.test",
        "DATABASE_URL": new_database["DATABASE_URL"],
        "DATABASE_OWNER_URL": new_database["DATABASE_OWNER_URL"],
        **azurite.env(container),
    }
    restored = run(["bash", "scripts/restore.sh", str(backup)], target)
    assert restored.returncode == 0, restored.stdout + restored.stderr
    assert f"All {DayDigest.objects.count()} audit days verify." in restored.stdout
    assert "All 2 files are in the private storage." in restored.stdout
    assert blobs(azurite, container) == blobs(azurite, azure_storage)

    # The restored copy serves the file to its owner, through a signed link to the new container.
    probe = run([sys.executable, "-c", DOWNLOAD, partner_staff.username, records], target)
    assert probe.returncode == 0, probe.stderr
    answer = json.loads(probe.stdout.strip().splitlines()[-1])
    assert answer["status"] == 302 and f"/{container}/" in answer["location"]
    status, body, _ = fetch(answer["location"])
    assert status == 200 and body == PDF

    # The grants came back: the serving role works, and still cannot rewrite the audit trail.
    db = new_database
    with psycopg.connect(
        host=db["host"], port=db["port"], dbname=db["name"], user=db["app"], autocommit=True
    ) as conn:
        restored_entries = conn.execute("SELECT count(*) FROM audit_auditentry").fetchone()[0]
        assert (
            restored_entries > AuditEntry.objects.count()
        )  # the backup's, then the probe's sign-in, download
        downloads = "SELECT count(*) FROM audit_auditentry WHERE kind = 'download' AND object_id = %s"
        assert conn.execute(downloads, [records]).fetchone()[0] == 1
        conn.execute(
            "UPDATE accounts_user SET first_name = 'Aroha' WHERE username = %s", [partner_staff.username]
        )
        for statement in ("UPDATE audit_auditentry SET reason = 'x'", "DELETE FROM audit_daydigest"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement)

    # Again into the same (now full) database and container: refused before anything is touched.
    again = run(["bash", "scripts/restore.sh", str(backup)], target)
    assert again.returncode != 0 and "restore into a new, empty database" in again.stderr


def _url(s: dict) -> str:
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    return f"postgres://{s['USER']}{password}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
