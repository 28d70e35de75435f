from django.urls import path

from careportal.portal import record_routes

from . import views

app_name = "referrals"
urlpatterns = [
    *record_routes(
        list_view=views.referral_list,
        create=views.referral_create,
        detail=views.referral_detail,
        edit=views.referral_edit,
        transition=views.referral_transition,
        pages=[path("<uuid:pk>/contacts/", views.referral_contact_add, name="contact_add")],
    ),
    path("inbox/", views.referral_inbox, name="inbox"),
    path("pathways-agenda/", views.pathways_agenda, name="agenda"),
]
