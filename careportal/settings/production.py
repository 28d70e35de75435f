"""Production: every secret and host comes from the environment; nothing insecure is defaulted."""

from .base import *  # noqa: F403
from .env import env_bool, env_database, env_int, env_list, env_str

DEBUG = False
SECRET_KEY = env_str("SECRET_KEY")
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
# BENCHMARK_HTTP_COOKIES: only for benchmarks/run.py, whose client talks plain http over loopback
# (127.0.0.1); cookies then lack the Secure flag. Never set it in a deployment.
_BENCHMARK_HTTP_COOKIES = env_bool("BENCHMARK_HTTP_COOKIES", False)
SESSION_COOKIE_SECURE = not _BENCHMARK_HTTP_COOKIES
CSRF_COOKIE_SECURE = not _BENCHMARK_HTTP_COOKIES
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
REQUIRE_TWO_FACTOR_FOR_STAFF = env_bool("REQUIRE_TWO_FACTOR_FOR_STAFF", True)

CACHES = {"default": REDIS_CACHE}  # noqa: F405
