"""Request context (request id and client IP) for the audit trail; the session's idle-expiry refresh."""

from __future__ import annotations

import re
import time
import uuid
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from .client_ip import client_ip


@dataclass(frozen=True)
class RequestContext:
    request_id: str = ""
    ip_address: str | None = None


_context: ContextVar[RequestContext] = ContextVar("careportal_request", default=RequestContext())  # noqa: B039 (frozen)
_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def current_request_context() -> RequestContext:
    return _context.get()


class RequestContextMiddleware:
    """Gives every request an id (honouring a well-formed X-Request-ID) and echoes it in the response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _SAFE_ID.match(incoming) else uuid.uuid4().hex
        token = _context.set(RequestContext(request_id=request_id, ip_address=client_ip(request)))
        try:
            response = self.get_response(request)
        finally:
            _context.reset(token)
        response["X-Request-ID"] = request_id
        return response


class SessionRefreshMiddleware:
    """The idle sign-out (SESSION_COOKIE_AGE) without writing the session on every request: the expiry is
    pushed forward when the last push is SESSION_REFRESH_SECONDS old or more (issue 10: saves an UPDATE
    in its own transaction on nearly every page). Sign-out then comes 30 minutes after the last
    activity, less at most that interval. Sits below SessionMiddleware, which saves a modified session."""

    KEY = "_refreshed_at"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and not session.is_empty() and session.session_key:
            now = int(time.time())
            if now - int(session.get(self.KEY, 0)) >= settings.SESSION_REFRESH_SECONDS:
                session[self.KEY] = now
        return response
