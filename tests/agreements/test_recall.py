"""Recall: the practitioner who drafted a submitted agreement takes it back to draft before anyone acts.

Added as the engine's example of a new transition: a row in agreements/workflow.py, the model's
transition, a service, and this test (the portal form and the API action come from the row).
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from agreements.choices import AgreementStatus
from careportal.audit.models import AuditEntry
from tests.agreements.factories import (
    AwaitingFgcAgreementFactory,
    AwaitingSignaturesAgreementFactory,
    AwaitingSupervisorAgreementFactory,
)

pytestmark = pytest.mark.django_db


def test_the_drafter_recalls_a_submitted_agreement_through_the_api_with_a_reason(api_as, worker):
    agreement = AwaitingSupervisorAgreementFactory(drafted_by=worker)
    response = api_as(worker).post(
        f"/api/v1/agreements/{agreement.pk}/recall/", {"reason": "Wrong end date."}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == AgreementStatus.DRAFT
    entry = AuditEntry.objects.for_object(agreement).filter(action="recall").get()
    assert (entry.from_status, entry.to_status, entry.reason) == (
        "awaiting_supervisor",
        "draft",
        "Wrong end date.",
    )


def test_an_s140_awaiting_the_fgc_can_be_recalled_from_the_portal(portal_as, worker):
    agreement = AwaitingFgcAgreementFactory(drafted_by=worker)
    page = portal_as(worker).get(agreement.get_absolute_url()).content.decode()
    assert "Take back to draft" in page
    url = reverse("agreements:transition", args=[agreement.pk, "recall"])
    response = portal_as(worker).post(url, {"recall-reason": "The FGC date moved."}, follow=True)
    assert "Taken back to draft" in response.content.decode()
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.DRAFT


def test_a_recall_needs_a_reason_shown_beside_the_form(portal_as, worker):
    agreement = AwaitingSupervisorAgreementFactory(drafted_by=worker)
    url = reverse("agreements:transition", args=[agreement.pk, "recall"])
    response = portal_as(worker).post(url, {"recall-reason": " "})
    assert response.status_code == 400
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.AWAITING_SUPERVISOR


def test_only_the_drafter_may_recall_and_only_before_approval(api_as, worker, other_worker, supervisor):
    agreement = AwaitingSupervisorAgreementFactory(drafted_by=worker)
    for someone in (other_worker, supervisor):
        url = f"/api/v1/agreements/{agreement.pk}/recall/"
        assert api_as(someone).post(url, {"reason": "x"}, format="json").status_code == 403
    approved = AwaitingSignaturesAgreementFactory(drafted_by=worker)
    response = api_as(worker).post(
        f"/api/v1/agreements/{approved.pk}/recall/", {"reason": "x"}, format="json"
    )
    assert response.status_code == 409
