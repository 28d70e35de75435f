#!/usr/bin/env bash
# Set up and run every quality gate and the whole test suite against the real PostgreSQL and Redis on this
# machine (starting them if they are installed but down). `.ci/run` calls exactly this.
source "$(dirname "${BASH_SOURCE[0]}")/_env.sh"
ensure_venv "[dev]"
ensure_debian_packages pdftotext poppler-utils chromium chromium docker-compose docker-compose

if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  echo "Starting PostgreSQL…"
  as_root pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start
  for _ in $(seq 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi
if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  echo "Starting Redis…"
  command -v redis-server >/dev/null || ensure_debian_packages redis-server redis-server
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
  for _ in $(seq 30); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 1; done
fi

# The real outside services the tests start (an OpenID provider, Azurite), at the versions the lock file names.
if [ ! -d tests/tools/node_modules ] || [ tests/tools/package-lock.json -nt tests/tools/node_modules ]; then
  echo "Installing the test tools (npm ci)…"
  npm ci --prefix tests/tools --no-audit --no-fund --loglevel=error
  touch tests/tools/node_modules
fi

# The migration-history check connects to the database the test settings name.
psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'careportal'" | grep -q 1 \
  || createdb -h 127.0.0.1 -U postgres careportal
export DJANGO_SETTINGS_MODULE=careportal.settings.test
echo "== ruff";        .venv/bin/ruff check . && .venv/bin/ruff format --check .
echo "== mypy";        .venv/bin/mypy .
echo "== imports";     .venv/bin/lint-imports
echo "== migrations";  .venv/bin/python manage.py makemigrations --check --dry-run
echo "== schema";      .venv/bin/python manage.py spectacular --validate --fail-on-warn --file /tmp/careportal-schema.yml
echo "== tests";       .venv/bin/python -m pytest -n "${PYTEST_WORKERS:-2}" "$@"
