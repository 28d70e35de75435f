"""Support admin: read-only. Changes happen only through the services; every record view is audited."""

from django.contrib import admin

from careportal.audit.services import audit_view

from .models import Agreement, AgreementDocument


class ReadOnlyAuditedAdmin(admin.ModelAdmin):
    """Nothing is added, changed or deleted here; opening a record is a view of it (R-PRIV-3)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is not None:
            audit_view(actor=request.user, obj=obj, what="view_admin")
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(Agreement)
class AgreementAdmin(ReadOnlyAuditedAdmin):
    # The list shows references only: no child's name in a list a support person scans (R-PRIV-2).
    list_display = (
        "reference",
        "agreement_type",
        "s140_paragraph",
        "status",
        "site",
        "start_date",
        "end_date",
    )
    list_filter = ("status", "agreement_type", "site")
    search_fields = ("reference", "child__case_reference")
    exclude = ("child",)
    readonly_fields = ("child_case_reference",)

    @admin.display(description="Case reference")
    def child_case_reference(self, obj: Agreement) -> str:
        return obj.child.case_reference


@admin.register(AgreementDocument)
class AgreementDocumentAdmin(ReadOnlyAuditedAdmin):
    list_display = ("agreement", "version", "content_hash", "created_at")
    exclude = ("file",)
