"""When production requires it, staff must sign in with two steps before using the portal."""

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

# /api/ answers for itself: a session owing its second step is refused there with a 401
# (careportal.accounts.authentication.VerifiedSessionAuthentication), while a token, issued only after
# the second step, is accepted. A redirect to a portal page would mean nothing to an API client.
ALLOWED_PREFIXES = ("/accounts/", "/static/", "/api/")


class RequireTwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            settings.REQUIRE_TWO_FACTOR_FOR_STAFF
            and user is not None
            and user.is_authenticated
            and user.is_ot_staff
            and not user.is_verified()
            and not request.path.startswith(ALLOWED_PREFIXES)
        ):
            return redirect(reverse("two_factor"))
        return self.get_response(request)
