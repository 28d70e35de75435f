from django.urls import path
from rest_framework.routers import SimpleRouter

from .views import AgreementViewSet, ChildViewSet, VerifyView

router = SimpleRouter()
router.register("children", ChildViewSet, basename="child")
router.register("agreements", AgreementViewSet, basename="agreement")
urlpatterns = [*router.urls, path("verify/<str:code>/", VerifyView.as_view(), name="verify")]
