from django.urls import path

from . import views

app_name = "quality"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("watch/", views.watch, name="watch"),
    path("cycles/", views.cycle_list, name="cycles"),
    path("cycles/start/", views.cycle_start, name="cycle_start"),
    path("cycles/<uuid:pk>/", views.cycle_detail, name="cycle_detail"),
    path("cycles/<uuid:pk>/reviews/", views.review_schedule, name="review_schedule"),
    path("cycles/<uuid:pk>/joint-review/", views.joint_review, name="joint_review"),
    path("cycles/<uuid:pk>/<slug:name>/", views.cycle_transition, name="cycle_transition"),
    path("reviews/", views.review_list, name="reviews"),
    path("reviews/<uuid:pk>/", views.review_detail, name="review_detail"),
    path("reviews/<uuid:pk>/edit/", views.review_edit, name="review_edit"),
    path("reviews/<uuid:pk>/activities/", views.activity_add, name="activity_add"),
    path("reviews/<uuid:pk>/findings/", views.finding_add, name="finding_add"),
    path("reviews/<uuid:pk>/findings/<uuid:finding_id>/", views.finding_edit, name="finding_edit"),
    path("reviews/<uuid:pk>/actions/", views.action_add, name="action_add"),
    path("reviews/<uuid:pk>/report.pdf", views.review_pdf, name="review_pdf"),
    path("reviews/<uuid:pk>/report-status/", views.review_pdf_status, name="review_pdf_status"),
    path("reviews/<uuid:pk>/<slug:name>/", views.review_transition, name="review_transition"),
    path("actions/", views.action_list, name="actions"),
    path("actions/<uuid:pk>/", views.action_detail, name="action_detail"),
    path("actions/<uuid:pk>/evidence/", views.action_evidence, name="action_evidence"),
    path("actions/<uuid:pk>/<slug:name>/", views.action_transition, name="action_transition"),
]
