"""R-ALL-6: a signature's date is on or after the day the agreement was issued for signing (the day it was
approved and reached awaiting signatures: its version's `issued_on`) and never in the future."""

from __future__ import annotations

from datetime import timedelta

import pytest

from agreements.models import AgreementDocument
from tests.agreements.factories import agreement_in

pytestmark = pytest.mark.django_db


def sign(api, agreement, signed_on):
    party = str(agreement.parties.get(position=0).pk)
    return api.post(
        f"/api/v1/agreements/{agreement.pk}/record_signature/",
        {"party": party, "signed_on": signed_on.isoformat()},
        format="json",
    )


@pytest.mark.parametrize(("days_before_approval", "status"), [(1, 400), (0, 200)])
def test_r_all_6_a_signature_is_not_dated_before_the_agreement_was_issued_for_signing(
    api_as, worker, today, days_before_approval, status
):
    agreement = agreement_in("awaiting_signatures", drafted_by=worker, start_date=today + timedelta(days=5))
    issued_on = today - timedelta(days=3)
    AgreementDocument.objects.filter(pk=agreement.signing_version_id).update(issued_on=issued_on)
    response = sign(api_as(worker), agreement, issued_on - timedelta(days=days_before_approval))
    assert response.status_code == status, response.json()
    if status == 400:
        assert "R-ALL-6" in response.json()["signed_on"][0]
        assert "issued for signing" in response.json()["signed_on"][0]


def test_r_all_6_a_signature_is_never_dated_in_the_future(api_as, worker, today):
    agreement = agreement_in("awaiting_signatures", drafted_by=worker, start_date=today + timedelta(days=5))
    response = sign(api_as(worker), agreement, today + timedelta(days=1))
    assert response.status_code == 400
    assert "signed_on" in response.json()
