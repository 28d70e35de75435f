from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list, name="list"),
    path("read-all/", views.notification_read_all, name="read_all"),
    path("<uuid:pk>/read/", views.notification_read, name="read"),
    path("tasks/<uuid:pk>/done/", views.task_done, name="task_done"),
]
