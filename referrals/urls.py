from django.urls import path

from . import views

app_name = "referrals"
urlpatterns = [
    path("", views.referral_list, name="list"),
    path("inbox/", views.referral_inbox, name="inbox"),
    path("new/", views.referral_create, name="create"),
    path("pathways-agenda/", views.pathways_agenda, name="agenda"),
    path("<uuid:pk>/", views.referral_detail, name="detail"),
    path("<uuid:pk>/edit/", views.referral_edit, name="edit"),
    path("<uuid:pk>/contacts/", views.referral_contact_add, name="contact_add"),
    path("<uuid:pk>/<slug:name>/", views.referral_transition, name="transition"),
]
