from rest_framework.routers import SimpleRouter

from .views import ImprovementActionViewSet, NationalCareStandardViewSet, QACycleViewSet, QAReviewViewSet

router = SimpleRouter()
router.register("care-standards", NationalCareStandardViewSet, basename="care-standard")
router.register("qa-cycles", QACycleViewSet, basename="qa-cycle")
router.register("qa-reviews", QAReviewViewSet, basename="qa-review")
router.register("improvement-actions", ImprovementActionViewSet, basename="improvement-action")
urlpatterns = router.urls
