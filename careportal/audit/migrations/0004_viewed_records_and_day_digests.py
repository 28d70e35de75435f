"""Viewed records (a list's entries, R-PRIV-3) and day digests (tamper evidence), both append-only like the
audit log; on PostgreSQL every audit table is then reduced to INSERT and SELECT for any role but its owner.
"""

import django.db.models.deletion
from django.db import migrations, models

NEW_TABLES = ("audit_viewedrecord", "audit_daydigest")
# careportal.audit.roles.restrict_append_only_tables, copied so later changes there cannot change history.
REVOKE = """
DO $$
DECLARE grant_row record;
BEGIN
    FOR grant_row IN
        SELECT DISTINCT c.relname AS tbl, COALESCE(quote_ident(r.rolname), 'PUBLIC') AS who
        FROM pg_class c CROSS JOIN LATERAL aclexplode(c.relacl) a LEFT JOIN pg_roles r ON r.oid = a.grantee
        WHERE c.relname IN ('audit_auditentry', 'audit_viewedrecord', 'audit_daydigest') AND c.relkind = 'r'
          AND a.grantee <> c.relowner AND pg_table_is_visible(c.oid)
          AND a.privilege_type IN ('UPDATE', 'DELETE', 'TRUNCATE', 'TRIGGER', 'REFERENCES')
    LOOP
        EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE, TRIGGER, REFERENCES ON TABLE %I FROM %s',
                       grant_row.tbl, grant_row.who);
    END LOOP;
END $$;
"""
PG_FUNCTION = """
CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


def _pg_triggers(table):
    return [
        f"CREATE TRIGGER {table}_no_{op.lower()} BEFORE {op} ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION audit_append_only();"
        for op in ("UPDATE", "DELETE")
    ]


def _sqlite_triggers(table):
    return [
        f"CREATE TRIGGER {table}_no_{op.lower()} BEFORE {op} ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{table} is append-only: {op} is not allowed'); END;"
        for op in ("UPDATE", "DELETE")
    ]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        statements = [PG_FUNCTION, *[s for t in NEW_TABLES for s in _pg_triggers(t)], REVOKE]
    elif vendor == "sqlite":
        statements = [s for t in NEW_TABLES for s in _sqlite_triggers(t)]
    else:
        statements = []
    for statement in statements:
        schema_editor.execute(statement, params=None)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in NEW_TABLES:
        for op in ("update", "delete"):
            on = f" ON {table}" if vendor == "postgresql" else ""
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_{op}{on};", params=None)
    if vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS audit_append_only();", params=None)


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0003_security_events'),
    ]

    operations = [
        migrations.CreateModel(
            name='DayDigest',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('day', models.DateField(unique=True)),
                ('entry_count', models.PositiveIntegerField()),
                ('previous', models.CharField(max_length=64)),
                ('digest', models.CharField(max_length=64)),
                ('written_at', models.DateTimeField(auto_now_add=True)),
            ],
            options={
                'ordering': ['day'],
            },
        ),
        migrations.CreateModel(
            name='ViewedRecord',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('object_type', models.CharField(max_length=100)),
                ('object_id', models.CharField(max_length=64)),
                ('entry', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='viewed_records', to='audit.auditentry')),
            ],
            options={
                'indexes': [models.Index(fields=['object_type', 'object_id', 'entry'], name='audit_viewed_record_idx')],
            },
        ),
        migrations.RunPython(forwards, backwards),
    ]
