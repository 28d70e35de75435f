"""Journey (e): a partner user pastes another organisation's record URL and gets the not-found page
(R-PRIV-1: another organisation's record does not exist for you; a 404, never a 403 that confirms it)."""

from __future__ import annotations

import pytest

from tests.agreements.factories import ActiveAgreementFactory
from tests.partners.factories import ReadinessApplicationFactory
from tests.quality.factories import OpenActionFactory, PartnerResponseReviewFactory
from tests.referrals.factories import AcceptedReferralFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_partner_user_gets_not_found_for_another_organisations_records(
    portal, partner_admin, partner_org, other_partner_org, applicant_org, provider_org, provider2_user
):
    ours = ActiveAgreementFactory(caregiver_organisation=partner_org)
    theirs = ActiveAgreementFactory(caregiver_organisation=other_partner_org)
    review = PartnerResponseReviewFactory(cycle__organisation=other_partner_org)
    action = OpenActionFactory(review=review, owner_organisation=other_partner_org)
    application = ReadinessApplicationFactory(organisation=applicant_org)
    referral = AcceptedReferralFactory(provider=provider_org)

    portal.sign_in("partner_admin")
    page = portal.go(ours.get_absolute_url())
    assert portal.heading().startswith(f"Care agreement {ours.reference}")  # its own record opens
    for url in (
        theirs.get_absolute_url(),
        f"{theirs.get_absolute_url()}pdf/",
        f"/quality/reviews/{review.pk}/",
        f"/quality/actions/{action.pk}/",
        f"/partners/applications/{application.pk}/",
    ):
        response = page.goto(portal.base_url + url)
        assert response.status == 404, url
        assert portal.heading() == "Page not found", url
        assert theirs.reference not in page.content() and review.reference not in page.content()
    portal.checkpoint("not-found")

    portal.sign_in("provider2")  # another provider's referral
    response = portal.page.goto(f"{portal.base_url}/referrals/{referral.pk}/")
    assert response.status == 404 and portal.heading() == "Page not found"
    assert referral.reference not in portal.page.content()
