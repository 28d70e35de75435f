from rest_framework.routers import SimpleRouter

from .views import AgreementViewSet, ChildViewSet

router = SimpleRouter()
router.register("children", ChildViewSet, basename="child")
router.register("agreements", AgreementViewSet, basename="agreement")
urlpatterns = router.urls
