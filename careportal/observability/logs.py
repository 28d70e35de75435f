"""Structured logs: one line per request (method, route, view, status, duration, request id, user id,
queries), the request id on every line of the request and of the Celery tasks it starts, and a scrubber
on every line written (R-PRIV-2: no child's name, e-mail address, password, token or query string).

LOG_FORMAT=json (production's default) writes one JSON object a line, the request line among them;
`text` (the quick start's) the message alone, as before, and Celery keeps its own format. The request
line never holds a body, a query string, a username or a name: only ids.
"""

from __future__ import annotations

import logging
import re
import time
from contextvars import ContextVar
from typing import Any

from django.http import HttpRequest, HttpResponse
from pythonjsonlogger.json import JsonFormatter as _JsonFormatter

from careportal.middleware import current_request_context

_queries: ContextVar[list[int] | None] = ContextVar("careportal_request_queries", default=None)
request_log = logging.getLogger("careportal.request")

# Each pattern and its replacement; applied to the whole formatted line, tracebacks included.
_SCRUB: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"://[^/\s:@]*:[^/\s@]*@"), "://[redacted]@"),  # credentials in a URL
    (re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+"), "[email]"),
    (re.compile(r"(?i)\b(bearer|token|basic)(\s+)[A-Za-z0-9._~+/=-]{6,}"), r"\1\2[redacted]"),
    (
        re.compile(
            r"(?i)(password|passwd|secret|token|otp|api[_-]?key|authorization|cookie|sessionid|csrftoken)"
            r"([\"']?\s*[:=]\s*[\"']?)[^\s\"'&,;}]+"
        ),
        r"\1\2[redacted]",
    ),  # fmt: skip
    (re.compile(r"/calendar/[^/\s\"'?<]+\.ics"), "/calendar/[redacted].ics"),  # the feed's token is its URL
    (re.compile(r"(?<=[\w/])\?[^\s\"'<>]+"), "?[redacted]"),  # query strings: ?q= and ?child= hold names
    # PostgreSQL's DETAIL lines quote the row's values ("Key (name)=(Aroha)", "Failing row contains (…)").
    (re.compile(r"(Key \([^)]*\))=\([^)]*\)"), r"\1=([redacted])"),
    (re.compile(r"(Failing row contains )\(.*\)"), r"\1([redacted])"),
]


def scrub(text: str) -> str:
    for pattern, replacement in _SCRUB:
        text = pattern.sub(replacement, text)
    return text


class RequestIdFilter(logging.Filter):
    """Puts the request id (of the request, or of the task a request started) on every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", None):
            record.request_id = current_request_context().request_id or "-"
        return True


class JsonFormatter(_JsonFormatter):
    """One JSON object a line, scrubbed."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("rename_fields", {"levelname": "level", "name": "logger"})
        kwargs.setdefault("timestamp", "time")
        super().__init__("{levelname}{name}{message}{request_id}", *args, style="{", **kwargs)

    def format(self, record: logging.LogRecord) -> str:
        return scrub(super().format(record))


class TextFormatter(logging.Formatter):
    """The message alone, as the quick start always printed it, scrubbed."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__("%(message)s")

    def format(self, record: logging.LogRecord) -> str:
        return scrub(super().format(record))


def logging_config(*, json: bool, level: str) -> dict[str, Any]:
    """settings.LOGGING: one console handler, JSON or text, with the request id and the scrubber."""
    formatter = "json" if json else "text"
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "careportal.observability.logs.RequestIdFilter"}},
        "formatters": {
            "json": {"()": "careportal.observability.logs.JsonFormatter"},
            "text": {"()": "careportal.observability.logs.TextFormatter"},
        },
        "handlers": {
            "console": {"class": "logging.StreamHandler", "formatter": formatter, "filters": ["request_id"]}
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "django.request": {"level": "ERROR"},
            # In JSON the request line replaces the server's access log, so it is kept at INFO whatever
            # LOG_LEVEL is; in text (the quick start) the server's own access lines are enough.
            "careportal.request": {"level": "INFO" if json else "WARNING"},
            "weasyprint": {"level": "WARNING"},  # a line per layout step of every PDF
            "fontTools": {"level": "WARNING"},
        },
    }


def _route(match: Any) -> str | None:
    """The URL pattern, not the path: `/agreements/<int:pk>/` (a router's regex without its anchors)."""
    if not match:
        return None
    route = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"<\1>", match.route or "")  # (?P<pk>[^/.]+) -> <pk>
    return "/" + re.sub(r"(^|/)\^", r"\1", route).replace("$", "")


def is_json(logging_settings: dict[str, Any]) -> bool:
    return bool(logging_settings.get("handlers", {}).get("console", {}).get("formatter") == "json")


def count_request_query() -> None:
    box = _queries.get()
    if box is not None:
        box[0] += 1


class RequestLogMiddleware:
    """Writes the one line per request. Sits just below RequestContextMiddleware (the request id)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        box = [0]
        token = _queries.set(box)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
        finally:
            _queries.reset(token)
        match = getattr(request, "resolver_match", None)
        user = getattr(request, "user", None)
        fields = {
            "method": request.method,
            "route": _route(match),
            "view": match.view_name if match else None,
            "status": response.status_code,
            "duration_ms": round((time.perf_counter() - started) * 1000, 1),
            "user_id": user.pk if user is not None and user.is_authenticated else None,
            "db_queries": box[0],
        }
        request_log.info(
            "%(method)s %(route)s %(status)s %(duration_ms)sms user=%(user_id)s queries=%(db_queries)s",
            fields,
            extra=fields,
        )
        return response
