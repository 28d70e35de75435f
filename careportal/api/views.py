from __future__ import annotations

from typing import cast

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from careportal.accounts.models import User
from careportal.api.throttling import FailOpenScopedRateThrottle


class MeApi(APIView):
    """Who am I: username, roles, organisation and site."""

    @extend_schema(
        responses=inline_serializer(
            "Me",
            {
                "username": serializers.CharField(),
                "roles": serializers.ListField(child=serializers.CharField()),
                "organisation": serializers.UUIDField(allow_null=True),
                "site": serializers.CharField(),
            },
        )
    )
    def get(self, request: Request) -> Response:
        user = cast(User, request.user)  # IsAuthenticated guarantees a real user
        return Response(
            {
                "username": user.username,
                "roles": [user.role],
                "organisation": str(user.organisation_id) if user.organisation_id else None,
                "site": user.site,
            }
        )


class TokenApi(ObtainAuthToken):
    """`POST {"username", "password"}` → `{"token"}`; wrong credentials → 400; failures are throttled."""

    throttle_classes = [FailOpenScopedRateThrottle]
    throttle_scope = "token"

    @extend_schema(
        request=inline_serializer(
            "TokenRequest", {"username": serializers.CharField(), "password": serializers.CharField()}
        ),
        responses=inline_serializer("TokenResponse", {"token": serializers.CharField()}),
    )
    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)
