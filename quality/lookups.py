"""The look-ups this app offers (careportal.lookups): the organisations a QA cycle can be started for."""

from __future__ import annotations

from django.db import models

from careportal.lib.actor import Actor
from partners.lookups import organisation_lookup
from partners.models import Organisation

from .choices import CycleStatus
from .permissions import is_reviewer


def cycle_candidates(user: Actor) -> models.QuerySet[Organisation]:
    """Approved organisations with no open QA cycle; only Hub reviewers start cycles, so anyone else is
    offered (and shown the names of) none (R-PRIV-1)."""
    if not is_reviewer(user):
        return Organisation.objects.none()
    return Organisation.objects.filter(approval_status="approved").exclude(qa_cycles__status=CycleStatus.OPEN)


CYCLE_ORGANISATIONS = organisation_lookup(cycle_candidates)
