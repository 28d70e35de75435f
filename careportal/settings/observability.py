"""Health, metrics, logs and error reports (careportal/observability, decision 0024). Imported at the end
of base.py; every part is off until its environment variable is set, but for the probes."""

from __future__ import annotations

import os

from careportal.observability.logs import logging_config

from .env import env_int, env_networks, env_str

# /metrics answers a scraper holding this token (Authorization: Bearer …) or calling from these networks
# (the client address of careportal.client_ip, behind TRUSTED_PROXIES); 404 to anyone else. Neither set:
# no metrics are kept and /metrics is a 404.
METRICS_TOKEN = env_str("METRICS_TOKEN", "")
METRICS_NETWORKS = env_networks("METRICS_NETWORKS", [])
METRICS_ENABLED = bool(METRICS_TOKEN or METRICS_NETWORKS)
# A Celery worker's own /metrics (tasks, the sweep): a port to serve it on, 0 for none.
METRICS_WORKER_PORT = env_int("METRICS_WORKER_PORT", 0, minimum=0)
METRICS_WORKER_ADDRESS = env_str("METRICS_WORKER_ADDRESS", "0.0.0.0")  # noqa: S104 - inside the container

# Multiprocess mode (careportal/gunicorn_conf.py): every process of the container writes its counts here,
# management commands too (collectstatic before gunicorn starts), so the folder must exist first.
PROMETHEUS_MULTIPROC_DIR = env_str("PROMETHEUS_MULTIPROC_DIR", "")
if PROMETHEUS_MULTIPROC_DIR:
    os.makedirs(PROMETHEUS_MULTIPROC_DIR, exist_ok=True)

_LOG_FORMATS = ("text", "json")


def log_format(default: str) -> str:
    value = env_str("LOG_FORMAT", default).strip().lower()
    if value not in _LOG_FORMATS:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(f"Environment variable LOG_FORMAT={value!r} is not valid: text or json.")
    return value


def logging_settings(*, default_format: str) -> dict:
    return logging_config(json=log_format(default_format) == "json", level=env_str("LOG_LEVEL", "INFO"))


LOGGING = logging_settings(default_format="text")


def with_observability(middleware: list[str], installed_apps: list[str]) -> tuple[list[str], list[str]]:
    """The probes first; django-prometheus' pair around the rest when metrics are on (its latency timer
    outermost but for the probes, its view and status reader just above axes, which makes the lockout
    response)."""
    middleware = ["careportal.observability.middleware.ProbeMiddleware", *middleware]
    if METRICS_ENABLED:
        middleware.insert(1, "django_prometheus.middleware.PrometheusBeforeMiddleware")
        middleware.insert(len(middleware) - 1, "django_prometheus.middleware.PrometheusAfterMiddleware")
    return middleware, [*installed_apps, "careportal.observability"]


# Error reports to Sentry (or a compatible service), personal data scrubbed (careportal/observability/errors.py).
SENTRY_DSN = env_str("SENTRY_DSN", "")
SENTRY_ENVIRONMENT = env_str("SENTRY_ENVIRONMENT", "production")
SENTRY_RELEASE = env_str("SENTRY_RELEASE", "")

if SENTRY_DSN:
    from careportal.observability.errors import init as _init_sentry

    _init_sentry(dsn=SENTRY_DSN, environment=SENTRY_ENVIRONMENT, release=SENTRY_RELEASE)
