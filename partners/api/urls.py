from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("applications", views.ApplicationViewSet, basename="application")
router.register("requirements", views.RequirementViewSet, basename="requirement")
router.register("evidence", views.EvidenceViewSet, basename="evidence")
router.register("accreditations", views.AccreditationViewSet, basename="accreditation")
router.register("approvals", views.ApprovalViewSet, basename="approval")
urlpatterns = router.urls
