"""API authentication: hashed, expiring tokens (django-rest-knox) and sessions that passed the second step."""

from __future__ import annotations

from knox.auth import TokenAuthentication as KnoxTokenAuthentication
from rest_framework import exceptions
from rest_framework.authentication import SessionAuthentication

from .two_factor import second_step_missing


class TokenAuthentication(KnoxTokenAuthentication):
    """`Authorization: Token <secret>`. A token is only issued after the second step (TokenApi)."""

    def authenticate_credentials(self, token: bytes):
        try:
            token.decode("utf-8")
        except UnicodeDecodeError:  # knox would answer 500 to a header that is not UTF-8
            raise exceptions.AuthenticationFailed("Invalid token.") from None
        return super().authenticate_credentials(token)


class VerifiedSessionAuthentication(SessionAuthentication):
    """A browser session, but not one that signed in with the password alone and owes its second step."""

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None and second_step_missing(result[0]):
            raise exceptions.AuthenticationFailed(
                "Finish two-step sign-in in the portal first, or use an API token."
            )
        return result
