"""gunicorn's settings for the portal and the API: `gunicorn -c careportal/gunicorn_conf.py
careportal.wsgi:application` (README "The full stack", docker-compose.yml).

R-PRIV-2 (decision 0019): no child's name in a URL, and so none in an access log. The portal keeps typed
names out of its URLs, but the API's search and filters take them in the query string (`GET
/api/v1/search/?q=`, `?child=`: api.md, the integrators' contract). gunicorn's default access-log format
prints the request line (`%(r)s`), query string and all, and the referring page's URL (`%(f)s`); this one
prints the method, the path without the query string (`%(U)s`) and the protocol, and no referrer.
"""

accesslog = "-"  # to standard output, where the container's log collector reads it
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(L)s "%(a)s"'

# --- metrics and logs (decision 0024) -------------------------------------------------------------------
import os  # noqa: E402
from pathlib import Path  # noqa: E402

# Several workers each count in their own process: with PROMETHEUS_MULTIPROC_DIR set, prometheus_client
# writes every worker's counts to files there and /metrics adds them up. The folder is emptied when the
# server starts (counts of an earlier run would be added again) and a worker that exits is forgotten.
_MULTIPROC_DIR = os.environ.get("PROMETHEUS_MULTIPROC_DIR", "")

# LOG_FORMAT=json (production's default): gunicorn's own lines are JSON too, and its access log is off,
# because the portal writes one JSON line per request itself (careportal.observability.logs), with the
# view, the user id and the request id the access log cannot know.
_JSON = os.environ.get(
    "LOG_FORMAT", "json" if "production" in os.environ.get("DJANGO_SETTINGS_MODULE", "") else "text"
)
if _JSON.strip().lower() == "json":
    accesslog = None  # type: ignore[assignment]  # replaced by the portal's request line
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "careportal.observability.logs.RequestIdFilter"}},
        "formatters": {"json": {"()": "careportal.observability.logs.JsonFormatter"}},
        "handlers": {
            "console": {"class": "logging.StreamHandler", "formatter": "json", "filters": ["request_id"]}
        },
        "loggers": {"gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False}},
    }


def on_starting(server):  # type: ignore[no-untyped-def]
    if _MULTIPROC_DIR:
        folder = Path(_MULTIPROC_DIR)
        folder.mkdir(parents=True, exist_ok=True)
        for entry in folder.glob("*.db"):
            entry.unlink(missing_ok=True)


def child_exit(server, worker):  # type: ignore[no-untyped-def]
    if _MULTIPROC_DIR:
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
