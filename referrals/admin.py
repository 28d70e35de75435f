"""Support admin: read only. Referrals change only through the services (portal and API), which audit."""

from django.contrib import admin

from careportal.lib.admin import ReadOnlyAuditedAdmin

from .models import ProviderDecision, Referral, ReferralContact


class ProviderDecisionInline(admin.TabularInline):
    model = ProviderDecision
    extra = 0
    can_delete = False
    fields = ("provider", "referred_on", "decision", "decided_on", "decided_by", "reason")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Referral)
class ReferralAdmin(ReadOnlyAuditedAdmin):
    # Only the reference and lifecycle columns: the whānau's details stay in the audited portal views.
    list_display = (
        "reference",
        "status",
        "site",
        "provider",
        "managed_by",
        "referred_on",
        "next_contact_due_on",
    )
    list_filter = ("status", "site")
    search_fields = ("reference",)
    list_select_related = ("provider", "managed_by")
    fields = (
        "reference",
        "status",
        "site",
        "managed_by",
        "provider",
        "referred_on",
        "response_due_on",
        "provider_responded_on",
        "last_contact_on",
        "next_contact_due_on",
        "contact_overdue_since",
        "response_overdue_since",
        "pathways_meeting_on",
        "closed_on",
    )
    readonly_fields = fields
    inlines = [ProviderDecisionInline]


@admin.register(ReferralContact)
class ReferralContactAdmin(ReadOnlyAuditedAdmin):
    list_display = ("referral", "contacted_on", "channel", "by")
    list_select_related = ("referral", "by")
    fields = ("referral", "contacted_on", "channel", "by")
    readonly_fields = fields
