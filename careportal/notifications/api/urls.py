from rest_framework.routers import SimpleRouter

from .views import NotificationViewSet, TaskViewSet

router = SimpleRouter()
router.register("notifications", NotificationViewSet, basename="notification")
router.register("tasks", TaskViewSet, basename="task")
urlpatterns = router.urls
