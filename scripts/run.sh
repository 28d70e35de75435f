#!/usr/bin/env bash
# Set up and run the portal on the embedded default: SQLite, Celery tasks eager, e-mail to the console,
# demo data loaded, on http://127.0.0.1:8000 (users of api.md, password demo-password).
source "$(dirname "${BASH_SOURCE[0]}")/_env.sh"
ensure_venv ""
export DJANGO_SETTINGS_MODULE=careportal.settings.local
.venv/bin/python manage.py migrate --noinput
# var/seal: the development key that seals PDFs; before the demo data, whose signed agreements are sealed
.venv/bin/python manage.py make_seal_key --if-missing
.venv/bin/python manage.py seed_demo
echo "careportal is starting on http://127.0.0.1:8000 — sign in as worker / demo-password (Ctrl+C stops it)."
exec .venv/bin/python manage.py runserver "${PORT:-127.0.0.1:8000}"
