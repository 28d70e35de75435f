from __future__ import annotations

from typing import cast

from django.contrib.auth import authenticate
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from knox.models import AuthToken
from rest_framework import serializers, status
from rest_framework.exceptions import NotAuthenticated
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from careportal.accounts import tokens, two_factor
from careportal.accounts.authentication import TokenAuthentication
from careportal.accounts.models import User
from careportal.accounts.security import sign_in_failed
from careportal.api.throttling import FailOpenScopedRateThrottle
from careportal.lib.actor import actor_of


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


class TokenRequestSerializer(serializers.Serializer):
    """The password, then the second step for a user who has one or must have one (staff in production)."""

    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=128, trim_whitespace=False, style={"input_type": "password"})
    otp = serializers.CharField(
        max_length=8, required=False, allow_blank=True, help_text="The current code of the authenticator app."
    )

    def validate(self, attrs):
        request = self.context["request"]
        user = authenticate(request=request, username=attrs["username"], password=attrs["password"])
        if user is None:  # authenticate() sent user_login_failed: audited, counted by django-axes
            raise serializers.ValidationError(
                "Unable to log in with provided credentials.", code="authorization"
            )
        device = two_factor.confirmed_device(user)
        if device is not None:
            problem = two_factor.check_code(device, attrs.get("otp", ""))
        elif two_factor.required_for(user):
            problem = (
                "Two-step sign-in is required: set it up in the portal (Two-step sign-in), then try again."
            )
        else:
            problem = None
        if problem is not None:
            sign_in_failed(user.get_username(), "second_step")
            raise serializers.ValidationError({"otp": [problem]})
        attrs["user"] = user
        return attrs


class TokenApi(APIView):
    """`POST {"username", "password", "otp"}` → `{"token"}`. Wrong credentials → 400; a missing or wrong
    second-step code → 400 on `otp`; failures are throttled. Each call issues a new token that expires."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer]
    throttle_classes = [FailOpenScopedRateThrottle]
    throttle_scope = "token"

    @extend_schema(
        request=TokenRequestSerializer,
        responses=inline_serializer("TokenResponse", {"token": serializers.CharField()}),
    )
    def post(self, request: Request) -> Response:
        serializer = TokenRequestSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        _, secret = tokens.issue(serializer.validated_data["user"])
        return Response({"token": secret})


class TokenRevokeApi(APIView):
    """Revoke the token this request is signed with; it answers 401 from then on."""

    authentication_classes = [TokenAuthentication]
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={204: OpenApiResponse(description="The token is revoked.")})
    def post(self, request: Request) -> Response:
        if not isinstance(request.auth, AuthToken):  # only a token request names a token to revoke
            raise NotAuthenticated("Send the token to revoke in the Authorization header.")
        tokens.revoke(request.auth, actor=actor_of(request))
        return Response(status=status.HTTP_204_NO_CONTENT)
