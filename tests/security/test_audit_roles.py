"""R-PRIV-3: the role that serves requests cannot rewrite the audit trail (PostgreSQL).

Roles are cluster-wide, so each test makes its own with unique names and drops them afterwards.
"""

from __future__ import annotations

import uuid

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

from careportal.audit.models import AuditEntry

pytestmark = pytest.mark.django_db(transaction=True)

AUDIT_TABLES = ("audit_auditentry", "audit_viewedrecord", "audit_daydigest")


def _connect(user: str) -> psycopg.Connection:
    s = connection.settings_dict
    return psycopg.connect(
        host=s["HOST"] or "127.0.0.1", port=s["PORT"] or 5432, dbname=s["NAME"], user=user, autocommit=True
    )


@pytest.fixture
def roles():
    suffix = uuid.uuid4().hex[:10]
    owner, app = f"test_owner_{suffix}", f"test_app_{suffix}"
    call_command("setup_db_roles", owner=owner, app=app)
    call_command("setup_db_roles", owner=owner, app=app)  # idempotent
    yield owner, app
    with connection.cursor() as cursor:
        # The database and schema go back to the test's superuser; then nothing is left to the roles.
        cursor.execute(f'REASSIGN OWNED BY "{owner}" TO CURRENT_USER')
        for role in (owner, app):
            cursor.execute(f'DROP OWNED BY "{role}"')
            cursor.execute(f'DROP ROLE "{role}"')


def _refused(conn: psycopg.Connection, statement: str) -> str:
    with pytest.raises(psycopg.errors.InsufficientPrivilege) as caught:
        conn.execute(statement)
    return str(caught.value)


def test_the_serving_role_cannot_disable_drop_replace_or_truncate_R_PRIV_3(roles, worker):
    _, app = roles
    with _connect(app) as conn:
        # What it needs works: INSERT and SELECT on the log, ordinary DML on the application's tables.
        conn.execute(
            "INSERT INTO audit_auditentry (at, kind, action, object_type, object_id, from_status, to_status, "
            "reason, data, request_id) VALUES (now(), 'view', 'view', 'x.y', '1', '', '', '', '{}', '')"
        )
        assert conn.execute("SELECT count(*) FROM audit_auditentry").fetchone()[0] == 1
        conn.execute("UPDATE accounts_user SET first_name = 'Aroha' WHERE id = %s", [worker.pk])
        conn.execute("SELECT count(*) FROM audit_daydigest, audit_viewedrecord")

        assert "owner" in _refused(
            conn, "ALTER TABLE audit_auditentry DISABLE TRIGGER audit_auditentry_no_update"
        )
        assert "owner" in _refused(conn, "ALTER TABLE audit_auditentry DISABLE TRIGGER ALL")
        assert "owner" in _refused(conn, "DROP TRIGGER audit_auditentry_no_delete ON audit_auditentry")
        _refused(
            conn,
            "CREATE OR REPLACE FUNCTION audit_auditentry_append_only() RETURNS trigger AS "
            "$$ BEGIN RETURN NEW; END; $$ LANGUAGE plpgsql",
        )
        _refused(conn, "CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger AS "
                 "$$ BEGIN RETURN NEW; END; $$ LANGUAGE plpgsql")  # fmt: skip
        for table in AUDIT_TABLES:
            assert "permission denied" in _refused(conn, f"TRUNCATE {table}")
            _refused(conn, f"UPDATE {table} SET id = id")
            _refused(conn, f"DELETE FROM {table}")
            _refused(conn, f"CREATE TRIGGER t_{table} BEFORE INSERT ON {table} "
                     "FOR EACH ROW EXECUTE FUNCTION suppress_redundant_updates_trigger()")  # fmt: skip
    # The triggers are still there and enabled.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_trigger WHERE tgrelid = 'audit_auditentry'::regclass AND tgenabled = 'O'"
            " AND NOT tgisinternal"
        )
        assert cursor.fetchone()[0] == 2
    assert AuditEntry.objects.count() == 1


@pytest.mark.slow
def test_docker_init_script_then_migrate_as_owner_leaves_the_serving_role_insert_only(tmp_path):
    """scripts/db/init-roles.sh (what docker-compose runs), then `migrate` with DATABASE_OWNER_URL on a new
    database: the owner owns every table; the serving role reads and writes the application's tables and
    may only INSERT and SELECT on the audit tables. Run twice: both steps are idempotent."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    suffix = uuid.uuid4().hex[:10]
    owner, app, db = f"test_owner_{suffix}", f"test_app_{suffix}", f"careportal_roles_{suffix}"
    s = connection.settings_dict
    host, port = s["HOST"] or "127.0.0.1", str(s["PORT"] or 5432)
    base = {**os.environ, "PGHOST": host, "PGPORT": port}
    root = Path(__file__).resolve().parents[2]
    subprocess.run(["createdb", "-U", s["USER"], db], env=base, check=True)
    init_env = {
        **base,
        "POSTGRES_USER": s["USER"],
        "POSTGRES_DB": db,
        "DB_OWNER_ROLE": owner,
        "DB_APP_ROLE": app,
    }
    migrate_env = {
        **base,
        "DJANGO_SETTINGS_MODULE": "careportal.settings.test",
        "DATABASE_URL": f"postgres://{app}@{host}:{port}/{db}",
        "DATABASE_OWNER_URL": f"postgres://{owner}@{host}:{port}/{db}",
    }
    try:
        for _ in range(2):
            subprocess.run(
                ["sh", str(root / "scripts/db/init-roles.sh")], env=init_env, check=True, capture_output=True
            )
            subprocess.run(
                [sys.executable, "manage.py", "migrate", "--noinput"], cwd=root, env=migrate_env, check=True,
                capture_output=True, timeout=600,
            )  # fmt: skip
        with psycopg.connect(host=host, port=port, dbname=db, user=app, autocommit=True) as conn:
            owners = conn.execute(
                "SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'"
            ).fetchall()
            assert owners == [(owner,)]
            conn.execute("INSERT INTO django_session VALUES ('k', 'd', now())")
            conn.execute("DELETE FROM django_session")
            conn.execute("UPDATE accounts_user SET first_name = 'Aroha'")
            conn.execute(
                "INSERT INTO audit_auditentry (at, kind, action, object_type, object_id, from_status, "
                "to_status, reason, data, request_id) VALUES (now(), 'view', 'v', 'x.y', '1', '', '', '', '{}', '')"
            )
            for table in AUDIT_TABLES:
                conn.execute(f"SELECT count(*) FROM {table}")
                for statement in (f"UPDATE {table} SET id = id", f"DELETE FROM {table}", f"TRUNCATE {table}"):
                    assert "permission denied" in _refused(conn, statement)
            assert "owner" in _refused(conn, "ALTER TABLE audit_auditentry DISABLE TRIGGER ALL")
            _refused(conn, "CREATE TABLE sneaky (id int)")
    finally:
        subprocess.run(["dropdb", "-U", s["USER"], "--if-exists", "--force", db], env=base, check=False)
        with connection.cursor() as cursor:
            for role in (app, owner):
                cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
                if cursor.fetchone():
                    cursor.execute(f'DROP ROLE "{role}"')


@pytest.mark.skipif(
    __import__("shutil").which("docker-compose") is None, reason="docker-compose is not installed"
)
def test_docker_compose_serves_as_the_serving_role_and_migrates_as_the_owner():
    """No service connects as the PostgreSQL superuser; only the one-shot `migrate` has the owner's URL."""
    import os
    import subprocess
    from pathlib import Path

    import yaml

    root = Path(__file__).resolve().parents[2]
    secrets = {
        "SECRET_KEY": "k",
        "AGREEMENT_SEAL_KEY_PASSPHRASE": "s",
        "POSTGRES_PASSWORD": "super",
        "DB_OWNER_PASSWORD": "own",
        "DB_APP_PASSWORD": "app",
    }
    result = subprocess.run(
        ["docker-compose", "-f", str(root / "docker-compose.yml"), "config"],
        capture_output=True, text=True, env={**os.environ, **secrets}, check=True,
    )  # fmt: skip
    services = yaml.safe_load(result.stdout)["services"]
    for name in ("web-1", "web-2", "worker-email", "worker-documents", "worker-sweep", "beat", "migrate"):
        env = services[name]["environment"]
        assert env["DATABASE_URL"].startswith("postgres://careportal_app:app@db:5432/"), name
        assert ("DATABASE_OWNER_URL" in env) == (name == "migrate"), name
        assert "super" not in str(env), name
    assert services["migrate"]["environment"]["DATABASE_OWNER_URL"].startswith("postgres://careportal:own@")
    for name in ("web-1", "web-2", "worker-email", "worker-documents", "worker-sweep", "beat"):
        assert services[name]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
        assert "migrate" not in services[name]["command"]
    db = services["db"]
    assert any("init-roles.sh:/docker-entrypoint-initdb.d/" in str(v) for v in db["volumes"])
    assert (
        db["environment"]["DB_APP_ROLE"] == "careportal_app"
        and db["environment"]["DB_OWNER_ROLE"] == "careportal"
    )
