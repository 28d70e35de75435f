"""What the partners record pages share."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from careportal.audit.models import AuditEntry
from careportal.lib.actor import actor_of
from careportal.portal import BoundAction, offered_actions
from careportal.workflow import Workflow
from partners import selectors


def record_context(
    request: HttpRequest, workflow: Workflow, record: Any, failed: BoundAction | None = None
) -> dict[str, Any]:
    """The record's transitions this user may make now (with a failed one's form), its history, today."""
    return {
        "actions": offered_actions(workflow, record, actor_of(request), failed),
        "history": AuditEntry.objects.for_object(record).history(),
        "today": selectors.nz_today(),
    }
