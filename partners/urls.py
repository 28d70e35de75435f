from django.urls import path

from .views import applications, evidence, invitations, organisations

app_name = "partners"
urlpatterns = [
    path("", applications.pipeline, name="pipeline"),
    path("mine/", applications.mine, name="mine"),
    path("applications/new/", applications.start, name="start"),
    path("applications/<uuid:pk>/", applications.detail, name="detail"),
    path("applications/<uuid:pk>/edit/", applications.edit, name="edit"),
    path("applications/<uuid:pk>/evidence/new/", evidence.upload, name="evidence_upload"),
    path("applications/<uuid:pk>/<slug:name>/", applications.transition, name="transition"),
    path("evidence/<uuid:pk>/", evidence.detail, name="evidence"),
    path("evidence/<uuid:pk>/download/", evidence.download, name="evidence_download"),
    path("evidence/<uuid:pk>/<slug:name>/", evidence.review, name="evidence_review"),
    path("organisations/<uuid:pk>/", organisations.organisation_detail, name="organisation"),
    path(
        "organisations/<uuid:pk>/accreditations/new/",
        organisations.accreditation_create,
        name="accreditation_create",
    ),
    path("organisations/<uuid:pk>/invitations/", invitations.invitations, name="invitations"),
    path(
        "organisations/<uuid:pk>/invitations/resend/", invitations.invitation_resend, name="invitation_resend"
    ),
    path(
        "organisations/<uuid:pk>/invitations/revoke/", invitations.invitation_revoke, name="invitation_revoke"
    ),
    path("invitations/accept/", invitations.invitation_accept, name="invitation_accept"),
    path(
        "invitations/accept/second-step/", invitations.invitation_second_step, name="invitation_second_step"
    ),
    path("approvals/<uuid:pk>/", organisations.approval_detail, name="approval"),
    path("approvals/<uuid:pk>/<slug:name>/", organisations.approval_action, name="approval_action"),
]
