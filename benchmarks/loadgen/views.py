"""The benchmark's baseline (decision 0010): routed only by careportal.settings.benchmark (benchmarks.loadgen.urls).

The same page of agreements the API list answers for a member of staff (25 rows, newest first, the
same scalar fields) as plain JSON from `.values()`: no serializer, no filters, no count. Its throughput
is the floor of Django plus PostgreSQL on the machine that the real list is compared with.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, JsonResponse

from agreements.models import Agreement
from agreements.validation import TERM_FIELDS

FIELDS = (
    "id", "reference", "child_id", "child__case_reference", *TERM_FIELDS, "status", "legal_max_end_date",
    "legal_basis", "site", "drafted_by__username", "approved_at", "activated_on", "return_reason",
    "created_at", "updated_at",
)  # fmt: skip
PAGE_SIZE = 25


@login_required
def baseline_agreements(request: HttpRequest) -> JsonResponse:
    try:
        page = max(int(request.GET.get("page", "1")), 1)
    except ValueError:
        page = 1
    start = (page - 1) * PAGE_SIZE
    rows = list(Agreement.objects.order_by("-created_at").values(*FIELDS)[start : start + PAGE_SIZE])
    return JsonResponse({"results": rows})
