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

        assert "owner" in _refused(conn, "ALTER TABLE audit_auditentry DISABLE TRIGGER audit_auditentry_no_update")
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
