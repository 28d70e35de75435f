"""Request context (request id and client IP) for the audit trail; the session's idle-expiry refresh."""

from __future__ import annotations

import re
import time
import uuid
from contextvars import ContextVar, Token
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


def bind_request_id(request_id: str) -> Token[RequestContext]:
    """Outside a request (a Celery task the request started): the request's id for the audit and logs."""
    return _context.set(RequestContext(request_id=request_id))


def reset_request_context(token: Token[RequestContext]) -> None:
    _context.reset(token)


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
    pushed forward when the last push is SESSION_REFRESH_SECONDS old or more (decision 0010: saves an UPDATE
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


class PrivateCacheMiddleware:
    """Every response to a signed-in user (session or token) is `Cache-Control: no-store, private`, so no
    browser, proxy or shared cache keeps a page, list or download about tamariki (R-PRIV-1). Sits below
    AuthenticationMiddleware; DRF's token authentication sets `request.user` on the Django request too,
    so API responses are seen as authenticated after the view. Static files are answered by WhiteNoise
    above this middleware and keep their long cache lifetime; the anonymous sign-in page keeps Django's."""

    VALUE = "no-store, private"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        signed_in_before = _is_authenticated(request)  # e.g. a sign-out response, anonymous afterwards
        response = self.get_response(request)
        # Answers to writes too: a sign-in or a new API token is private before anyone is signed in.
        private = signed_in_before or request.method not in ("GET", "HEAD", "OPTIONS")
        if private or _is_authenticated(request) or "HTTP_AUTHORIZATION" in request.META:
            response["Cache-Control"] = self.VALUE
            if "Expires" in response:
                del response["Expires"]
        return response


def _is_authenticated(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


# Browser features the portal never uses; the header denies them to the portal and to anything it frames.
PERMISSIONS_POLICY = (
    "accelerometer=(), ambient-light-sensor=(), autoplay=(), bluetooth=(), camera=(), display-capture=(), "
    "encrypted-media=(), geolocation=(), gyroscope=(), hid=(), idle-detection=(), magnetometer=(), "
    "microphone=(), midi=(), payment=(), picture-in-picture=(), publickey-credentials-get=(), "
    "screen-wake-lock=(), serial=(), usb=(), xr-spatial-tracking=()"
)


class PermissionsPolicyMiddleware:
    """Sends `Permissions-Policy` (settings.PERMISSIONS_POLICY, this module's default when unset) on every
    response; an empty setting sends none."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = getattr(settings, "PERMISSIONS_POLICY", PERMISSIONS_POLICY)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.policy:
            response.setdefault("Permissions-Policy", self.policy)
        return response
