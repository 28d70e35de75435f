from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import search, views

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("auth/token/", views.TokenApi.as_view(), name="api-token"),
    path("auth/token/revoke/", views.TokenRevokeApi.as_view(), name="api-token-revoke"),
    path("me/", views.MeApi.as_view(), name="api-me"),
    path("search/", search.SearchApi.as_view(), name="api-search"),
    path("", include("careportal.notifications.api.urls")),
    path("", include("partners.api.urls")),
    path("", include("agreements.api.urls")),
    path("", include("referrals.api.urls")),
    path("", include("quality.api.urls")),
]
