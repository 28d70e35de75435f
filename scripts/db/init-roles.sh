#!/bin/sh
# The two database roles (README "Security"), made once as the PostgreSQL superuser: docker-compose mounts
# this in /docker-entrypoint-initdb.d, which runs it when the data volume is first initialised. Without
# Docker, `manage.py setup_db_roles` does the same (careportal/audit/roles.py); keep the two alike.
#   owner (DB_OWNER_ROLE, default careportal): owns the database, its tables, the audit triggers and their
#     function; only `manage.py migrate` connects as it (DATABASE_OWNER_URL).
#   serving (DB_APP_ROLE, default careportal_app): gunicorn and Celery (DATABASE_URL); ordinary DML on the
#     application's tables, INSERT and SELECT only on the audit tables (revoked by the migrations).
set -eu
psql -v ON_ERROR_STOP=1 --no-psqlrc --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v db="$POSTGRES_DB" -v owner="${DB_OWNER_ROLE:-careportal}" -v app="${DB_APP_ROLE:-careportal_app}" \
  -v owner_password="${DB_OWNER_PASSWORD:-}" -v app_password="${DB_APP_PASSWORD:-}" <<'SQL'
SELECT format('CREATE ROLE %I', :'owner') WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'owner') \gexec
SELECT format('CREATE ROLE %I', :'app') WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'app') \gexec
ALTER ROLE :"owner" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS PASSWORD :'owner_password';
ALTER ROLE :"app" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS PASSWORD :'app_password';
ALTER DATABASE :"db" OWNER TO :"owner";
ALTER SCHEMA public OWNER TO :"owner";
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT CONNECT ON DATABASE :"db" TO :"app";
GRANT USAGE ON SCHEMA public TO :"app";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO :"app";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO :"app";
SQL
