#!/usr/bin/env bash
# Restore a backup of scripts/backup.sh into an EMPTY database and an EMPTY private storage
# (docs/deploying/backup-and-restore.md). Beforehand: create the database and its two roles
# (scripts/db/init-roles.sh, or `manage.py setup_db_roles` as a superuser) and an empty private container
# or directory. Environment: that of the new deployment, with DATABASE_OWNER_URL (the owner role: it
# restores and owns every object) and DATABASE_URL (the serving role: it runs the checks).
# Steps: check the backup and that the database and the storage are empty; pg_restore as the owner, leaving
# out the old owners and grants; `migrate` as the owner (nothing to apply; it grants the serving role the
# tables again, INSERT and SELECT only on the audit tables); the files; then verify_audit and verify_files.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PY="${CAREPORTAL_PYTHON:-$( [ -x .venv/bin/python ] && echo .venv/bin/python || echo python3 )}"
src="${1:?usage: scripts/restore.sh BACKUP_FOLDER}"
owner_url="${DATABASE_OWNER_URL:?restore: set DATABASE_OWNER_URL (the owner role of the new database)}"
: "${DATABASE_URL:?restore: set DATABASE_URL (the serving role of the new database)}"

(cd "$src" && sha256sum --check --quiet database.dump.sha256)
tables="$(psql --no-psqlrc --no-password -XtAc "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'" "$owner_url")"
if [ "$tables" != 0 ]; then
  echo "restore: the database already has $tables tables; restore into a new, empty database." >&2
  exit 1
fi
"$PY" manage.py import_files --check "$src/files"

pg_restore --exit-on-error --no-owner --no-acl --no-password --dbname="$owner_url" "$src/database.dump"
"$PY" manage.py migrate --noinput
"$PY" manage.py import_files "$src/files"
"$PY" manage.py verify_audit
"$PY" manage.py verify_files
echo "restore: done; the audit trail and the files verify."
