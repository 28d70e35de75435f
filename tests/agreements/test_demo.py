"""Demo data: `seed_demo` creates agreements in every status through the services, idempotently."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from agreements.choices import AgreementStatus
from agreements.models import Agreement, Child

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
    counts = (Child.objects.count(), Agreement.objects.count())
    call_command("seed_demo", stdout=StringIO())
    assert (Child.objects.count(), Agreement.objects.count()) == counts
