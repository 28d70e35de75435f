"""The support admin's one read-only base (careportal.lib.admin): no add, change or delete, and opening a
record is an audited view of it (R-PRIV-3), in every app."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from careportal.audit.models import AuditEntry, AuditKind
from careportal.lib.admin import ReadOnlyAuditedAdmin
from careportal.notifications.services import task_create

pytestmark = pytest.mark.django_db

READ_ONLY = sorted(
    (model._meta.label_lower, model_admin)
    for model, model_admin in admin.site._registry.items()
    if isinstance(model_admin, ReadOnlyAuditedAdmin)
)


def test_every_app_registers_its_read_only_records_with_the_shared_base() -> None:
    apps = {label.split(".")[0] for label, _ in READ_ONLY}
    assert {"agreements", "referrals", "partners", "quality", "notifications", "audit"} <= apps


@pytest.mark.parametrize(("label", "model_admin"), READ_ONLY, ids=[label for label, _ in READ_ONLY])
def test_nothing_is_added_changed_or_deleted_in_the_admin(label: str, model_admin, admin_user) -> None:
    request = RequestFactory().get("/")
    request.user = admin_user
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)


def test_opening_a_record_in_the_admin_is_an_audited_view(portal_as, admin_user, worker, partner_org) -> None:
    task = task_create(
        kind="agreement_safety_check", title="Safety check", subject=partner_org, assignee=worker
    )
    response = portal_as(admin_user).get(reverse("admin:notifications_followuptask_change", args=[task.pk]))
    assert response.status_code == 200
    entry = AuditEntry.objects.get(action="view_admin")
    assert (entry.kind, entry.actor, entry.object_type, entry.object_id) == (
        AuditKind.VIEW,
        admin_user,
        "notifications.followuptask",
        str(task.pk),
    )
