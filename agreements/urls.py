from django.urls import path

from careportal.portal import record_routes

from . import document_views, views

app_name = "agreements"
urlpatterns = [
    *record_routes(
        list_view=views.agreement_list,
        create=views.agreement_create,
        detail=views.agreement_detail,
        edit=views.agreement_edit,
        transition=views.agreement_transition,
        pages=[
            path("<uuid:pk>/pdf/", document_views.agreement_pdf, name="pdf"),
            path("<uuid:pk>/pdf/status/", document_views.agreement_pdf_status, name="pdf_status"),
            path("<uuid:pk>/documents/", document_views.documents_panel, name="documents"),
            path(
                "<uuid:pk>/documents/<uuid:document_pk>/",
                document_views.document_download,
                name="document",
            ),
            path("<uuid:pk>/redraft/", views.agreement_redraft, name="redraft"),
        ],
    ),
    path("tamariki/", views.child_list, name="children"),
    path("tamariki/new/", views.child_create, name="child_create"),
    path("tamariki/<uuid:pk>/", views.child_detail, name="child_detail"),
]
