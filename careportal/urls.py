from django.contrib import admin
from django.urls import include, path

from careportal.accounts.admin_site import PortalAdminSite
from careportal.accounts.oidc import views as provider_sign_in
from careportal.accounts.views import (
    PortalLoginView,
    api_token_revoke,
    api_tokens,
    two_factor_off,
    two_factor_setup,
)

from . import calendar_feed, lookups, views

# The admin signs in through the portal's sign-in, second step included (django-otp's documented way of
# swapping the default site's class keeps every app's `admin.site.register`).
admin.site.__class__ = PortalAdminSite
admin.site.site_header = "careportal support"
# A body over Django's size or field limits: JSON under /api/, a plain page in the portal.
handler400 = "careportal.errors.bad_request"

urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("search/", views.search_page, name="search"),
    path("accounts/login/", PortalLoginView.as_view(), name="login"),
    path("accounts/two-step/", two_factor_setup, name="two_factor"),
    path("accounts/two-step/off/", two_factor_off, name="two_factor_off"),
    path("accounts/tokens/", api_tokens, name="api_tokens"),
    path("accounts/tokens/revoke/", api_token_revoke, name="api_token_revoke"),
    *provider_sign_in.routes(),  # staff sign-in through an OpenID provider, and the sign-out (decision 0021)
    path("accounts/", include("django.contrib.auth.urls")),
    *lookups.routes(),  # the combobox's look-ups: POST lookup/<kind>/ (careportal.lookups)
    path("notifications/", include("careportal.notifications.urls")),
    path("calendar/", calendar_feed.subscription, name="calendar_subscription"),
    path("calendar/renew/", calendar_feed.subscription_renew, name="calendar_subscription_renew"),
    path("calendar/revoke/", calendar_feed.subscription_revoke, name="calendar_subscription_revoke"),
    path("calendar/<str:token>.ics", calendar_feed.feed, name="calendar_feed"),
    path("partners/", include("partners.urls")),
    path("agreements/", include("agreements.urls")),
    # Public: anyone holding an executed copy checks it (no names, no dates of birth).
    path("verify/", include("agreements.verify_urls")),
    path("referrals/", include("referrals.urls")),
    path("quality/", include("quality.urls")),
    path("api/v1/", include("careportal.api.urls")),
    path("support/", admin.site.urls),
]
