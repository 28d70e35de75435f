from django.contrib import admin

from careportal.lib.admin import ReadOnlyAuditedAdmin

from .models import FollowUpTask, Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("created_at", "recipient", "kind", "message", "read_at")
    list_filter = ("kind",)


@admin.register(FollowUpTask)
class FollowUpTaskAdmin(ReadOnlyAuditedAdmin):
    """Read-only: a task is marked done only through task_mark_done, which checks who and audits it."""

    list_display = ("created_at", "kind", "title", "assignee", "due_on", "status", "completed_by")
    list_filter = ("kind", "status")
