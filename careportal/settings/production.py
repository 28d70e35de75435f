"""Production: every secret and host comes from the environment; nothing insecure is defaulted."""

from .base import *  # noqa: F403
from .env import env_bool, env_database, env_int, env_list, env_str

DEBUG = False
SECRET_KEY = env_str("SECRET_KEY")
AGREEMENT_SEAL_KEY_PASSPHRASE = env_str("AGREEMENT_SEAL_KEY_PASSPHRASE")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# Workers are long-lived processes (gunicorn): a connection is kept a minute, not opened per request.
DATABASES = {"default": env_database("DATABASE_URL", conn_max_age=60)}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
REQUIRE_TWO_FACTOR_FOR_STAFF = env_bool("REQUIRE_TWO_FACTOR_FOR_STAFF", True)

CACHES = {"default": REDIS_CACHE}  # noqa: F405
LOGGING = logging_settings(default_format="json")  # noqa: F405 - one JSON object a line (decision 0024)

# JSON only: the browsable API's HTML forms are for development (careportal.settings.local).
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"]}  # noqa: F405
# The schema and the interactive docs describe every operation: for signed-in users only.
SPECTACULAR_SETTINGS = {  # noqa: F405
    **SPECTACULAR_SETTINGS,  # noqa: F405
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
}
