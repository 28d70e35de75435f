from django.contrib import admin

from .models import FollowUpTask, Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("created_at", "recipient", "kind", "message", "read_at")
    list_filter = ("kind",)


@admin.register(FollowUpTask)
class FollowUpTaskAdmin(admin.ModelAdmin):
    list_display = ("created_at", "kind", "title", "assignee", "due_on", "status")
    list_filter = ("kind", "status")
