from django.contrib import admin

from careportal.lib.admin import ReadOnlyAuditedAdmin

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAuditedAdmin):
    """Read-only: the log is append-only (the database refuses changes too)."""

    list_display = ("at", "actor", "kind", "action", "object_type", "object_id", "from_status", "to_status")
    list_filter = ("kind", "object_type")
    search_fields = ("object_id", "action", "actor__username", "request_id")
    date_hierarchy = "at"
