"""Support admin: read-mostly. Status changes happen only through the services (portal and API)."""

from django.contrib import admin

from careportal.lib.admin import ReadOnlyAuditedAdmin

from .models import Accreditation, Application, Evidence, Invitation, Organisation, Requirement, S396Approval
from .services import requirement_revise
from .services.reference import REQUIREMENT_FIELDS


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("legal_name", "kind", "region", "approval_status")
    list_filter = ("kind", "approval_status", "region")
    search_fields = ("legal_name", "nzbn")
    readonly_fields = ("approval_status",)


@admin.register(Requirement)
class RequirementAdmin(admin.ModelAdmin):
    """Editing a requirement that has evidence creates a new version (R-396-3); old versions are read-only."""

    list_display = (
        "code",
        "version",
        "title",
        "required",
        "file_required",
        "validity_days",
        "active",
        "superseded_at",
    )
    list_filter = ("active", "required", "file_required")
    search_fields = ("code", "title", "standard")
    readonly_fields = ("version", "superseded_at", "superseded_by")

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.superseded_at is not None:
            return [f.name for f in self.model._meta.fields]
        if obj is not None:
            return [*self.readonly_fields, "code"]
        return self.readonly_fields

    def save_model(self, request, obj, form, change):
        if not change:
            super().save_model(request, obj, form, change)
            return
        changes = {name: form.cleaned_data[name] for name in REQUIREMENT_FIELDS if name in form.cleaned_data}
        saved = requirement_revise(requirement=obj, by=request.user, **changes)
        obj.pk = saved.pk  # the admin's messages and redirect follow the version that now holds the changes

    def has_delete_permission(self, request, obj=None):  # noqa: ARG002
        return False


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAuditedAdmin):
    list_display = ("organisation", "status", "created_at", "decline_proposed_on", "submissions_due_on")
    list_filter = ("status",)
    search_fields = ("organisation__legal_name",)


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAuditedAdmin):
    list_display = ("application", "requirement_code", "version", "status", "created_at", "expires_on")
    list_filter = ("status", "requirement_code")
    exclude = ("file",)  # files are served only through the permission-checked, audited views


@admin.register(Accreditation)
class AccreditationAdmin(ReadOnlyAuditedAdmin):
    list_display = ("organisation", "level", "status", "granted_on", "review_due_on")
    list_filter = ("status", "level")
    search_fields = ("organisation__legal_name",)


@admin.register(S396Approval)
class S396ApprovalAdmin(ReadOnlyAuditedAdmin):
    list_display = ("organisation", "status", "granted_on", "proposed_action", "gazette_notice_reference")
    list_filter = ("status",)
    search_fields = ("organisation__legal_name",)


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAuditedAdmin):
    """Support sees who was invited where and when; invitations change only in the portal (decision 0022)."""

    list_display = ("organisation", "role", "status", "expires_at", "sends", "invited_by", "created_at")
    list_filter = ("status", "role")
    search_fields = ("organisation__legal_name", "email")
    exclude = ("token_hash",)
