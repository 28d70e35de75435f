"""Settings shared by every environment. Environment values are read only through `env` helpers."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from celery.schedules import crontab

from careportal.celery_queues import DEFAULT as DEFAULT_QUEUE
from careportal.celery_queues import queue_name, task_routes

from .env import env_bool, env_database, env_int, env_list, env_networks, env_str, env_url
from .storage import PRIVATE_LINK_SECONDS, private_storage  # noqa: F401 - PRIVATE_LINK_SECONDS is a setting

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = env_str("SECRET_KEY", "insecure-dev-key-change-me-0123456789-abcdefghijklmnopqrstuvwxyz")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "rest_framework",
    "knox",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "careportal.accounts",
    "careportal.audit",
    "careportal.notifications",
    "partners",
    "agreements",
    "referrals",
    "quality",
]

MIDDLEWARE = [
    # The request id first, so every line of a request's log has it; then that request's one log line.
    "careportal.middleware.RequestContextMiddleware",
    "careportal.observability.logs.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "careportal.middleware.SessionRefreshMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "careportal.middleware.PrivateCacheMiddleware",
    "careportal.middleware.PermissionsPolicyMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "careportal.accounts.middleware.RequireTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # axes must be last: it turns a lockout into its own response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "careportal.urls"
WSGI_APPLICATION = "careportal.wsgi.application"
ASGI_APPLICATION = "careportal.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "careportal.context_processors.portal",
            ],
            # The one date style (R-DATE-1) and plain words (rule ids behind "Why?"), in every template
            # without {% load %}.
            "builtins": ["careportal.lib.date_filters", "careportal.lib.plain_filters"],
        },
    },
]
FORM_RENDERER = "careportal.forms.PortalFormRenderer"

DATABASES = {
    "default": env_database(
        "DATABASE_URL", {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "db.sqlite3"}
    )
}
# The owner role (same database): only `manage.py migrate` connects as it; DATABASE_URL is the serving role,
# which may only INSERT and SELECT on the audit tables (careportal.audit.roles, R-PRIV-3).
DATABASE_OWNER = env_database("DATABASE_OWNER_URL", None)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Optional TOTP two-step sign-in; production can require it for Oranga Tamariki staff.
REQUIRE_TWO_FACTOR_FOR_STAFF = env_bool("REQUIRE_TWO_FACTOR_FOR_STAFF", False)
OTP_TOTP_ISSUER = "careportal"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sessions end after 30 minutes without activity (shared workstations in site offices).
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 30 * 60, minimum=60)
# Idle sign-out: careportal.middleware.SessionRefreshMiddleware renews the expiry at most once a minute.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_REFRESH_SECONDS = 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Repeated failed logins are locked out per username+IP for a cool-off period.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# The client address behind reverse proxies: X-Forwarded-For is believed only from these (addresses or
# CIDR networks; none by default). The audit trail, axes and the API throttle all read the address
# through careportal.client_ip.client_ip.
TRUSTED_PROXIES = env_networks("TRUSTED_PROXIES", [])
AXES_CLIENT_IP_CALLABLE = "careportal.client_ip.client_ip"

LANGUAGE_CODE = "en-nz"
TIME_ZONE = "Pacific/Auckland"  # R-DATE-1: all dates are New Zealand calendar dates.
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["careportal.formats"]  # day-first dates in Django's own output too

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded evidence and generated PDFs are private: served only through permission-checked views. The
# default storage is the private one, local or an Azure container by PRIVATE_STORAGE (decision 0023).
PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "var" / "private")))
STORAGES = {
    "default": private_storage(PRIVATE_MEDIA_ROOT),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# careportal.sealing: the organisation's PKCS#12 key that seals executed agreements (make_seal_key makes a
# development one). The passphrase default is for development only; production requires it from the env.
AGREEMENT_SEAL_KEY_FILE = Path(
    env_str("AGREEMENT_SEAL_KEY_FILE", str(BASE_DIR / "var" / "seal" / "agreements-seal.p12"))
)
AGREEMENT_SEAL_KEY_PASSPHRASE = env_str("AGREEMENT_SEAL_KEY_PASSPHRASE", "development-seal-passphrase")
MAX_UPLOAD_BYTES = env_int("MAX_UPLOAD_BYTES", 10 * 1024 * 1024, minimum=1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

REDIS_URL = env_url("REDIS_URL", "redis://127.0.0.1:6379/0", schemes=("redis", "rediss"))
# The shared cache production uses (local and test keep Django's in-process default). If Redis cannot be
# reached a call answers "not there" (careportal/cache.py); the short socket timeouts bound what a Redis
# that stopped answering costs a page, and after a failure Redis is left alone for RETRY_AFTER_SECONDS.
REDIS_CACHE = {
    "BACKEND": "careportal.cache.FailOpenRedisCache",
    "LOCATION": REDIS_URL,
    "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5, "RETRY_AFTER_SECONDS": 5},
}

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "careportal <no-reply@careportal.invalid>")
PORTAL_BASE_URL = env_str("PORTAL_BASE_URL", "http://127.0.0.1:8000")

# Celery: real mode talks to Redis; the embedded quick start runs tasks eagerly (CELERY_TASK_ALWAYS_EAGER).
CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
CELERY_TIMEZONE = TIME_ZONE
# One queue per kind of work, each with its own workers (careportal/celery_queues.py, README "Deploying").
CELERY_QUEUE_PREFIX = env_str("CELERY_QUEUE_PREFIX", "")
CELERY_TASK_DEFAULT_QUEUE = queue_name(DEFAULT_QUEUE, CELERY_QUEUE_PREFIX)
CELERY_TASK_ROUTES = task_routes(CELERY_QUEUE_PREFIX)
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE = {
    "daily-sweep": {
        "task": "careportal.notifications.tasks.daily_sweep",
        "schedule": crontab(hour=6, minute=0),
    },
    # R-ALL-10: the day's status changes (start, lapse, end) shortly after midnight, NZ time.
    "agreements-automatic-changes": {
        "task": "agreements.tasks.automatic_changes",
        "schedule": crontab(hour=0, minute=5),
    },
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first so an anonymous call answers 401 with a WWW-Authenticate header. Tokens are hashed
        # and expire (django-rest-knox); a session counts only once its second step is done.
        "careportal.accounts.authentication.TokenAuthentication",
        "careportal.accounts.authentication.VerifiedSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "careportal.api.pagination.PagePagination",
    "PAGE_SIZE": 25,
    "DEFAULT_FILTER_BACKENDS": [
        "careportal.api.filters.FilterBackend",  # django-filter, minus per-request costs (decision 0010)
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "careportal.api.handlers.exception_handler",
    # Bounded nesting and body size, refused as JSON (careportal.api.parsers).
    "DEFAULT_PARSER_CLASSES": [
        "careportal.api.parsers.JSONParser",
        "careportal.api.parsers.FormParser",
        "careportal.api.parsers.MultiPartParser",
    ],
    "DEFAULT_THROTTLE_RATES": {"token": env_str("TOKEN_THROTTLE_RATE", "10/min")},
    "DATE_FORMAT": "%Y-%m-%d",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
# API tokens (django-rest-knox): only a hash is stored; each sign-in gets its own token, which expires.
API_TOKEN_TTL_HOURS = env_int("API_TOKEN_TTL_HOURS", 10, minimum=1)
REST_KNOX = {
    "TOKEN_TTL": timedelta(hours=API_TOKEN_TTL_HOURS),
    "AUTH_HEADER_PREFIX": "Token",  # the header integrators already send
    "AUTO_REFRESH": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "careportal API",
    "DESCRIPTION": "Care agreements, care partner approval, partnered response referrals, quality assurance.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    # Several models have a `status`; the agreement's and its extensions' are named after their model.
    "ENUM_NAME_OVERRIDES": {
        "AgreementStatusEnum": "agreements.choices.AgreementStatus",
        "ExtensionStatusEnum": "agreements.choices.ExtensionStatus",
    },
    # Swagger UI assets are served from our own static files: the portal works offline on an intranet.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# Content Security Policy: no inline scripts anywhere; scripts are static files.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# Probes, metrics, JSON logs and error reports: LOGGING, METRICS_*, SENTRY_* (decision 0024).
from .observability import *  # noqa: E402,F403
from .observability import with_observability  # noqa: E402

MIDDLEWARE, INSTALLED_APPS = with_observability(MIDDLEWARE, INSTALLED_APPS)

# Decisions of docs/rules.md, each in one place so configuration or one edit can change it.
CAREPORTAL_SUBMISSIONS_WINDOW_WORKING_DAYS = env_int(
    "SUBMISSIONS_WINDOW_WORKING_DAYS", 20, minimum=1
)  # R-396-4
CAREPORTAL_REFERRAL_CONTACT_INTERVAL_DAYS = env_int("REFERRAL_CONTACT_INTERVAL_DAYS", 28, minimum=1)  # R-PR-4
CAREPORTAL_PROVIDER_RESPONSE_WORKING_DAYS = 5
CAREPORTAL_QA_CYCLE_MONTHS = env_int("QA_CYCLE_MONTHS", 12, minimum=1)
CAREPORTAL_ACCREDITATION_REVIEW_YEARS = 2  # R-396-5

# Reminder intervals (decision 0009): when each reminder falls due (see README "Reminders"). Days are calendar
# days before the date the reminder is about, unless named working days or months. The provider response
# and contact reminders follow CAREPORTAL_PROVIDER_RESPONSE_WORKING_DAYS / _REFERRAL_CONTACT_INTERVAL_DAYS.
CAREPORTAL_REMINDER_S139_ENDING_DAYS = (7, 2)  # s139 last day
CAREPORTAL_REMINDER_S140_ENDING_DAYS = (56, 28, 7)  # s140 last day: 8 weeks, 4 weeks, 1 week
CAREPORTAL_REMINDER_S139_EXTENSION_DECISION_DAYS = 7  # R-139-2, if not yet extended
CAREPORTAL_REMINDER_S140D_EXTENSION_FGC_MONTHS = 3  # R-140-3: FGC for an s140(1)(d) extension
CAREPORTAL_REMINDER_SAFETY_CHECK_WORKING_DAYS = 2  # R-ALL-8 task still open after an ending (overdue)
CAREPORTAL_REMINDER_TURNS_18_MONTHS = 3  # R-AGE-3: an agreement that would reach the 18th birthday
CAREPORTAL_REMINDER_ENDED_CATCH_UP_DAYS = 14  # how late an "expired / notice took effect" reminder may go
CAREPORTAL_REMINDER_CONSENT_WORKING_DAYS = 5  # R-PR-2: consent not recorded after the draft
CAREPORTAL_REMINDER_ACCREDITATION_REVIEW_MONTHS = (3, 1)  # R-396-5
CAREPORTAL_REMINDER_EVIDENCE_EXPIRY_DAYS = (60, 14)  # R-396-3 evidence about to expire
CAREPORTAL_REMINDER_QA_REVIEW_DUE_DAYS = 14  # a planned QA review is about to start
CAREPORTAL_REMINDER_ACTION_DUE_DAYS = 14  # an improvement action is due (and later, overdue)

# Lists (decision 0010): a count above the threshold is cached for this long (careportal/pagination.py).
CAREPORTAL_COUNT_CACHE_THRESHOLD = env_int("COUNT_CACHE_THRESHOLD", 10_000, minimum=0)
CAREPORTAL_COUNT_CACHE_SECONDS = env_int("COUNT_CACHE_SECONDS", 30, minimum=0)

# Staff sign-in through an OpenID Connect provider: off unless OIDC_RP_CLIENT_ID is set (decision 0021,
# docs/deploying/sign-in.md). A bad value stops start-up.
from .oidc import read_oidc, with_oidc  # noqa: E402

OIDC = read_oidc()
AUTHENTICATION_BACKENDS, CONTENT_SECURITY_POLICY = with_oidc(
    OIDC, AUTHENTICATION_BACKENDS, CONTENT_SECURITY_POLICY
)
AXES_WHITELIST_CALLABLE = "careportal.accounts.oidc.backend.is_provider_callback" if OIDC.enabled else None
from .invitations import *  # noqa: E402,F403  (decision 0022: invitations by e-mail, off by default)
