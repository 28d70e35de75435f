from django.urls import path

from . import views

app_name = "agreements"
urlpatterns = [
    path("", views.agreement_list, name="list"),
    path("new/", views.agreement_create, name="create"),
    path("<uuid:pk>/", views.agreement_detail, name="detail"),
    path("<uuid:pk>/edit/", views.agreement_edit, name="edit"),
    path("<uuid:pk>/pdf/", views.agreement_pdf, name="pdf"),
    path("<uuid:pk>/pdf/status/", views.agreement_pdf_status, name="pdf_status"),
    path("<uuid:pk>/redraft/", views.agreement_redraft, name="redraft"),
    path("<uuid:pk>/<slug:name>/", views.agreement_transition, name="transition"),
    path("tamariki/", views.child_list, name="children"),
    path("tamariki/new/", views.child_create, name="child_create"),
    path("tamariki/<uuid:pk>/", views.child_detail, name="child_detail"),
]
