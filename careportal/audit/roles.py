"""The two PostgreSQL roles: an owner that runs migrations and owns every table, the audit triggers and
their function; and the serving role (gunicorn, Celery) with ordinary DML on the application's tables but
only INSERT and SELECT on the audit tables. Only an owner may disable, drop or replace a trigger or its
function, and TRUNCATE needs its own privilege, so the serving role cannot rewrite the trail (R-PRIV-3).

Everything here is idempotent: `manage.py setup_db_roles` runs it once as a superuser, and `manage.py
migrate` (as the owner) runs `grant_serving_role` after every migration so new tables are granted too.
"""

from __future__ import annotations

from typing import Any

from psycopg import sql

# Tables the serving role may only append to and read. Kept literal: migrations use it too.
APPEND_ONLY_TABLES = ("audit_auditentry", "audit_viewedrecord", "audit_daydigest")
_WRITE_PRIVILEGES = ("UPDATE", "DELETE", "TRUNCATE", "TRIGGER", "REFERENCES")


def _run(cursor: Any, statement: sql.Composable, params: tuple = ()) -> None:
    cursor.execute(statement.as_string(cursor.connection), params or None)


def ensure_role(cursor: Any, name: str, password: str | None) -> None:
    """Create a login role (no superuser, no CREATEROLE/CREATEDB) or leave an existing one as it is."""
    cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [name])
    verb = "ALTER" if cursor.fetchone() else "CREATE"
    statement = sql.SQL("{} ROLE {} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS").format(
        sql.SQL(verb), sql.Identifier(name)
    )
    if password:
        statement = sql.SQL("{} PASSWORD {}").format(statement, sql.Literal(password))
    _run(cursor, statement)


def setup_database(cursor: Any, *, database: str, owner: str, app: str) -> None:
    """As a superuser, in `database`: the owner owns it and its schema; the serving role may only use it."""
    ident = sql.Identifier
    _run(cursor, sql.SQL("ALTER DATABASE {} OWNER TO {}").format(ident(database), ident(owner)))
    _run(cursor, sql.SQL("ALTER SCHEMA public OWNER TO {}").format(ident(owner)))
    _run(cursor, sql.SQL("REVOKE CREATE ON SCHEMA public FROM PUBLIC"))
    _run(cursor, sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(ident(database), ident(app)))
    _run(cursor, sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(ident(app)))
    # The default privileges are the owner's: tables its later migrations create are granted at once.
    _run(
        cursor,
        sql.SQL(
            "ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA public "
            "GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {app}"
        ).format(owner=ident(owner), app=ident(app)),
    )
    _run(
        cursor,
        sql.SQL(
            "ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {app}"
        ).format(owner=ident(owner), app=ident(app)),
    )


def grant_serving_role(cursor: Any, app: str) -> None:
    """Ordinary DML on every table, then take back everything but INSERT and SELECT on the audit tables."""
    ident = sql.Identifier(app)
    _run(
        cursor,
        sql.SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {}").format(ident),
    )
    _run(cursor, sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {}").format(ident))
    restrict_append_only_tables(cursor)


def restrict_append_only_tables(cursor: Any) -> None:
    """Revoke UPDATE, DELETE, TRUNCATE, TRIGGER and REFERENCES on the audit tables from every role but
    their owner (and from PUBLIC), whoever granted them: a default privilege or a GRANT ON ALL TABLES."""
    cursor.execute(
        "SELECT c.relname, COALESCE(r.rolname, 'PUBLIC') FROM pg_class c "
        "CROSS JOIN LATERAL aclexplode(c.relacl) a LEFT JOIN pg_roles r ON r.oid = a.grantee "
        "WHERE c.relname = ANY(%s) AND c.relkind = 'r' AND a.grantee <> c.relowner "
        "AND a.privilege_type = ANY(%s) AND pg_table_is_visible(c.oid)",
        [list(APPEND_ONLY_TABLES), list(_WRITE_PRIVILEGES)],
    )
    for table, grantee in sorted(set(cursor.fetchall())):
        who = sql.SQL("PUBLIC") if grantee == "PUBLIC" else sql.Identifier(grantee)
        _run(
            cursor,
            sql.SQL("REVOKE {} ON TABLE {} FROM {}").format(
                sql.SQL(", ").join(map(sql.SQL, _WRITE_PRIVILEGES)), sql.Identifier(table), who
            ),
        )
