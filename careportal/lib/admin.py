"""The support admin's one read-only base: records change only through the services, which check and audit.

Opening a record in the admin is a view of it and is audited like any other (R-PRIV-3), whatever the app.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest, HttpResponse

from careportal.audit.services import audit_view


class ReadOnlyAuditedAdmin(admin.ModelAdmin):
    """Nothing is added, changed or deleted here; opening a record writes a `view_admin` audit entry."""

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:  # noqa: ARG002
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:  # noqa: ARG002
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:  # noqa: ARG002
        return False

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        obj = self.get_object(request, object_id)
        if obj is not None:
            audit_view(actor=request.user, obj=obj, what="view_admin")
        return super().change_view(request, object_id, form_url, extra_context)
