"""OpenAPI security schemes for the project's authentication classes (same names as DRF's own)."""

from drf_spectacular.authentication import SessionScheme, TokenScheme
from drf_spectacular.plumbing import build_bearer_security_scheme_object


class PortalTokenScheme(TokenScheme):
    target_class = "careportal.accounts.authentication.TokenAuthentication"

    def get_security_definition(self, auto_schema):
        prefix = self.target.authenticate_header(None)  # "Token", as with DRF's tokens
        return build_bearer_security_scheme_object(header_name="Authorization", token_prefix=prefix)


class VerifiedSessionScheme(SessionScheme):
    target_class = "careportal.accounts.authentication.VerifiedSessionAuthentication"
