"""Error reports to Sentry (or any service that takes its envelopes) when SENTRY_DSN is set, with nothing
personal in them (R-PRIV-2): no user but an id, no request body, cookies, query string or credential
headers, no local variables, and every message, exception value and breadcrumb scrubbed as the logs are
(careportal.observability.logs.scrub)."""

from __future__ import annotations

from typing import Any

from careportal.middleware import current_request_context

from .logs import scrub

# Request headers that are sent on; everything else (Authorization, Cookie, X-CSRFToken, forwarded
# addresses, referrers with their query strings) is dropped.
SAFE_HEADERS = {"accept", "content-type", "content-length", "host", "user-agent", "x-request-id"}


def before_send(event: dict[str, Any], hint: dict[str, Any]) -> dict[str, Any] | None:
    request_id = current_request_context().request_id  # the request's (or its task's): find its log lines
    if request_id:
        event.setdefault("tags", {})["request_id"] = request_id
    request = event.get("request")
    if isinstance(request, dict):
        for key in ("data", "cookies", "query_string", "env"):
            request.pop(key, None)
        if isinstance(request.get("url"), str):
            request["url"] = scrub(request["url"].split("?", 1)[0])
        headers = request.get("headers") or {}
        request["headers"] = {k: scrub(str(v)) for k, v in headers.items() if k.lower() in SAFE_HEADERS}
    user = event.get("user")
    event["user"] = {"id": user["id"]} if isinstance(user, dict) and user.get("id") else {}
    event.pop("extra", None)
    for exception in (event.get("exception") or {}).get("values") or []:
        if isinstance(exception.get("value"), str):
            exception["value"] = scrub(exception["value"])
        for frame in (exception.get("stacktrace") or {}).get("frames") or []:
            frame.pop("vars", None)
    _scrub_message(event)
    for crumb in (event.get("breadcrumbs") or {}).get("values") or []:
        if isinstance(crumb.get("message"), str):
            crumb["message"] = scrub(crumb["message"])
        crumb.pop("data", None)
    return event


def _scrub_message(event: dict[str, Any]) -> None:
    if isinstance(event.get("message"), str):
        event["message"] = scrub(event["message"])
    logentry = event.get("logentry")
    if isinstance(logentry, dict):
        for key in ("message", "formatted"):
            if isinstance(logentry.get(key), str):
                logentry[key] = scrub(logentry[key])
        logentry.pop("params", None)


def init(*, dsn: str, environment: str, release: str) -> None:
    """sentry-sdk with the Django, Celery and logging integrations it turns on by itself."""
    import sentry_sdk

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release or None,
        send_default_pii=False,
        include_local_variables=False,
        include_source_context=False,  # file and line are enough: the code is in the repository
        max_request_body_size="never",
        before_send=before_send,  # type: ignore[arg-type]
        before_breadcrumb=lambda crumb, hint: {
            **crumb,
            "data": {},
            "message": scrub(crumb.get("message") or ""),
        },
        traces_sample_rate=0,
    )
