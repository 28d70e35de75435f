#!/usr/bin/env bash
# A backup of careportal into a NEW folder (docs/deploying/backup-and-restore.md):
#   database.dump        pg_dump of the database, custom format (and database.dump.sha256)
#   files/               every private file (local directory or Azure container) and files/MANIFEST.sha256
# The database first, then the files: every file a dumped row names was stored before its row committed,
# so it is in the copy (a file stored later is harmless). Run with the environment of a web node or worker
# (DJANGO_SETTINGS_MODULE, DATABASE_URL, PRIVATE_STORAGE and the AZURE_* values, SECRET_KEY…);
# pg_dump connects with DATABASE_OWNER_URL when set, else DATABASE_URL (the serving role may read every table).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PY="${CAREPORTAL_PYTHON:-$( [ -x .venv/bin/python ] && echo .venv/bin/python || echo python3 )}"
dest="${1:?usage: scripts/backup.sh NEW_FOLDER}"
if [ -e "$dest" ] && [ -n "$(ls -A "$dest")" ]; then
  echo "backup: $dest is not empty; back up into a new folder." >&2
  exit 1
fi
mkdir -p "$dest"
db_url="${DATABASE_OWNER_URL:-${DATABASE_URL:?backup: set DATABASE_URL}}"

pg_dump --format=custom --no-password --file="$dest/database.dump" --dbname="$db_url"
(cd "$dest" && sha256sum database.dump > database.dump.sha256)
"$PY" manage.py export_files "$dest/files"
echo "backup: done, $dest (database.dump and files/)."
