"""Demo data: `seed_demo` creates agreements in every status through the services, idempotently."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from agreements.choices import AgreementStatus
from agreements.models import Agreement, Child
from agreements.overlaps import recent_s139

pytestmark = pytest.mark.django_db


def test_seed_demo_creates_agreements_in_every_status_and_is_idempotent(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    statuses = set(Agreement.objects.values_list("status", flat=True))
    assert statuses == set(AgreementStatus.values)
    assert Agreement.objects.filter(drafted_by__username="worker").count() == Agreement.objects.count()
    partner_cared = Agreement.objects.filter(caregiver_organisation__legal_name="Kāinga Care Trust")
    assert partner_cared.exists()
    assert Agreement.objects.filter(status="draft").exclude(return_reason="").exists()  # returned to draft
    # R-ALL-10: awaiting its start and lapsed, each saying why; R-ALL-9: a repeat s139 for the supervisor.
    assert Agreement.objects.filter(status="awaiting_start").exclude(status_reason="").exists()
    assert Agreement.objects.filter(status="lapsed").exclude(status_reason="").exists()
    awaiting = Agreement.objects.filter(status="awaiting_supervisor")
    assert any(recent_s139(a) is not None for a in awaiting)
    counts = (Child.objects.count(), Agreement.objects.count())
    call_command("seed_demo", stdout=StringIO())
    assert (Child.objects.count(), Agreement.objects.count()) == counts
