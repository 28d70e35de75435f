from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from careportal.lib.admin import ReadOnlyAuditedAdmin

from .models import ProviderIdentity, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "email", "role", "organisation", "site", "is_active")
    list_filter = ("role", "is_active", "organisation")
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        ("Role", {"fields": ("role", "organisation", "site", "supervisor")}),
    )  # type: ignore[misc]
    add_fieldsets = (*BaseUserAdmin.add_fieldsets, ("Role", {"fields": ("role", "organisation", "site")}))


@admin.register(ProviderIdentity)
class ProviderIdentityAdmin(ReadOnlyAuditedAdmin):
    """Who signs in through the OpenID provider (decision 0021): set by their sign-ins, never edited here."""

    list_display = ("user", "issuer", "subject", "last_sign_in_at", "access_removed_at")
    search_fields = ("user__username", "subject")
    list_select_related = ("user",)
