"""`GET /api/v1/search/?q=` (api.md): the one search, scoped to what the requesting user may see."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from careportal import search
from careportal.lib.actor import actor_of

_RESULT_FIELDS: dict[str, serializers.Field] = {
    "kind": serializers.ChoiceField(choices=search.KINDS),
    "id": serializers.UUIDField(),
    "label": serializers.CharField(),
    "url": serializers.CharField(help_text="The record's portal page (an opaque id, never a name)."),
}


class SearchApi(APIView):
    """Tamariki, agreements, referrals and organisations the user may see (R-PRIV-1)."""

    @extend_schema(
        operation_id="search",
        description=(
            f"At most {search.LIMIT} results, best first: names match without macrons or case (`Tawhiri` "
            "finds `Tāwhiri`), references by prefix. Organisation users find only their own records. "
            "Results showing te tamaiti's data are written to the audit log as viewed (R-PRIV-3)."
        ),
        parameters=[
            OpenApiParameter(
                "q", str, required=True, description=f"{search.MIN_QUERY} to {search.MAX_QUERY} characters."
            )
        ],
        responses={
            200: inline_serializer(
                "SearchResults", {"results": inline_serializer("SearchResult", _RESULT_FIELDS, many=True)}
            ),
            400: OpenApiResponse(
                description=f"`q` shorter than {search.MIN_QUERY} characters (or too long)."
            ),
        },
    )
    def get(self, request: Request) -> Response:
        try:
            q = search.clean_query(request.query_params.get("q"))
        except DjangoValidationError as error:
            raise ValidationError({"q": error.messages}) from error
        results = search.search(actor_of(request), q)
        search.audit_shown(request.user, results)
        return Response({"results": [result.as_dict() for result in results]})
