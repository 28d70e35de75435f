"""The test suite: real PostgreSQL and Redis on this machine, fast password hashing, mail kept in memory."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/careportal")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/15")
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "true")
os.environ.setdefault("PRIVATE_MEDIA_ROOT", tempfile.mkdtemp(prefix="careportal-test-media-"))
# In the environment, so the production settings that tests start in subprocesses have it too.
os.environ.setdefault("AGREEMENT_SEAL_KEY_PASSPHRASE", "test-seal-passphrase")

from .base import *  # noqa: E402,F403
from .base import STORAGES  # noqa: E402
from .env import env_str  # noqa: E402

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
AXES_FAILURE_LIMIT = 3
STATIC_ROOT = Path(tempfile.mkdtemp(prefix="careportal-test-static-"))
# Renew the idle expiry on every request (production renews it once a minute, decision 0010), so a test's
# first and second request run the same queries; tests/security/test_hardening.py checks the production
# interval.
SESSION_REFRESH_SECONDS = 0
# A seal key per process, not through the environment: xdist workers inherit the controller's, and two
# workers replacing one key file would each find the other's seals untrusted. tests/conftest.py makes it.
# A test that starts other processes (a worker, web nodes) hands them its own key by name.
AGREEMENT_SEAL_KEY_FILE = Path(
    env_str("AGREEMENT_SEAL_KEY_FILE", "")
    or Path(tempfile.mkdtemp(prefix="careportal-test-seal-")) / "agreements-seal.p12"
)
