"""The support admin (`/support/`) signs in through the portal's own sign-in, second step included.

The admin's own login form asks for the password only, so it is not used: its login URL sends people to
the portal's, and the admin opens only to a session that has passed the second step when one is needed.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from .two_factor import second_step_missing


def _admin_needs_second_step(user) -> bool:
    # Support staff can change anyone's account: when production requires the second step for staff,
    # the admin requires it of everyone who reaches it, whatever their role.
    if settings.REQUIRE_TWO_FACTOR_FOR_STAFF:
        return not user.is_verified()
    return second_step_missing(user)


class PortalAdminSite(admin.AdminSite):
    def has_permission(self, request) -> bool:
        return super().has_permission(request) and not _admin_needs_second_step(request.user)

    def login(self, request, extra_context=None):
        target = request.GET.get("next", "")
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            target = ""
        target = target or reverse("admin:index", current_app=self.name)
        if request.method == "GET" and self.has_permission(request):
            return redirect(target)
        return redirect_to_login(target, reverse("login"))
