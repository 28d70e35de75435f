"""The 400 handler: a body over Django's limits answers JSON under /api/ and a plain page in the portal."""

from __future__ import annotations

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views import defaults

OVER_LIMIT = (RequestDataTooBig, TooManyFieldsSent)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    status = 413 if isinstance(exception, RequestDataTooBig) else 400
    if request.path.startswith("/api/"):
        detail = "The request body is too large." if status == 413 else "The request could not be read."
        return JsonResponse({"detail": detail}, status=status)
    if isinstance(exception, OVER_LIMIT):
        return render(request, "errors/too_large.html", status=status)
    # Anything else (e.g. a disallowed host) keeps Django's page, which needs nothing from the request.
    return defaults.bad_request(request, exception)
