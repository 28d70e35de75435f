"""The probes and the metrics endpoint, answered first (ProbeMiddleware tops MIDDLEWARE)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from . import health


class ProbeMiddleware:
    """Answers /healthz, /readyz and /metrics before any other middleware: no session, no second step, no
    HTTPS redirect, no Host check, no audit, no axes; nothing else sees these paths (decision 0024)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info
        if path in ("/healthz", "/healthz/"):
            return health.healthz(request)
        if path in ("/readyz", "/readyz/"):
            return health.readyz(request)
        if path in ("/metrics", "/metrics/"):
            from . import metrics

            return metrics.export(request)
        return self.get_response(request)
