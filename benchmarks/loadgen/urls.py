"""The benchmark's URLs (ROOT_URLCONF of careportal.settings.benchmark): the portal's, plus the baseline."""

from django.urls import path

from careportal.urls import handler400
from careportal.urls import urlpatterns as portal

from .views import baseline_agreements

__all__ = ["handler400", "urlpatterns"]

urlpatterns = [
    *portal,
    path("bench/baseline/agreements/", baseline_agreements, name="bench_baseline"),
]
