"""What a download answers while its PDF is still being made by the queue: portal page, status, API body.

One wording and one retry interval for every document, so the portal, its script and integrators agree.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response

PREPARING = "The document is being prepared."
RETRY_AFTER_SECONDS = 5
STATUS_READY, STATUS_PREPARING = "ready", "preparing"

PREPARING_RESPONSE = OpenApiResponse(
    inline_serializer(
        "DocumentPreparing",
        {"detail": serializers.CharField(), "status": serializers.ChoiceField([STATUS_PREPARING])},
    ),
    description=f"{PREPARING} The queue is making the PDF; ask again after the Retry-After header's seconds.",
)


def preparing_page(
    request: HttpRequest, *, title: str, download_url: str, status_url: str, back_url: str
) -> HttpResponse:
    """202 with a page that says so; its script polls `status_url`, and without script a link checks again."""
    context = {
        "title": title,
        "message": PREPARING,
        "download_url": download_url,
        "status_url": status_url,
        "back_url": back_url,
        "retry_after": RETRY_AFTER_SECONDS,
    }
    response = render(request, "pdf/preparing.html", context, status=202)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def document_status(*, ready: bool, download_url: str) -> JsonResponse:
    """For the preparing page's script: whether the download is ready (no file, no audit row)."""
    if ready:
        return JsonResponse({"status": STATUS_READY, "download_url": download_url})
    return JsonResponse(
        {"status": STATUS_PREPARING, "detail": PREPARING},
        headers={"Retry-After": str(RETRY_AFTER_SECONDS), "Cache-Control": "no-store"},
    )


def preparing_api_response() -> Response:
    """The API's 202: integrators retry after `Retry-After` seconds."""
    return Response(
        {"detail": PREPARING, "status": STATUS_PREPARING},
        status=202,
        headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
    )
