from django.contrib import admin

from .models import Organisation


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("legal_name", "kind", "region", "approval_status")
    list_filter = ("kind", "approval_status", "region")
    search_fields = ("legal_name", "nzbn")
    readonly_fields = ("approval_status",)
