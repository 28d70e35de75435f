"""Support admin: read-only (careportal.lib.admin). Changes happen only through the services."""

from django.contrib import admin

from careportal.lib.admin import ReadOnlyAuditedAdmin

from .models import Agreement, AgreementDocument


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
