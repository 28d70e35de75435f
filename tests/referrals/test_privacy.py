"""A provider sees only referrals sent to it, and only the eight referral fields, the status and the
contact log; another provider's referral is a 404 in the API and the portal (R-PRIV-1, R-PR-4).
Views are logged (R-PRIV-3)."""

import pytest
from django.urls import reverse

from careportal.audit.models import AuditEntry, AuditKind
from referrals import services
from referrals.choices import ReferralStatus
from tests.referrals.factories import TODAY, ReferralContactFactory

pytestmark = pytest.mark.django_db
S = ReferralStatus

PROVIDER_FIELDS = {
    "id", "reference", "status", "allowed_transitions", "family_details", "situation", "concerns",
    "service_type", "whanau_view", "strengths", "history_summary", "other_providers", "provider",
    "referred_on", "response_due_on", "last_contact_on", "next_contact_due_on", "created_at", "updated_at",
}  # fmt: skip
SECRET_BITS = {
    "consent_given_by": "Aunty Huia Tamihana",
    "escalation_reason": "Private escalation note",
    "site": "Secret Site",
}


@pytest.fixture
def theirs(make_referral, provider_org):
    """A referral accepted by provider_org, with consent and escalation details providers must not see."""
    referral = make_referral(S.ESCALATED, **SECRET_BITS)
    ReferralContactFactory(referral=referral, note="Rang the provider.")
    return referral


API_PATHS = ["", "contacts/", "history/"]


@pytest.mark.parametrize("suffix", API_PATHS)
def test_another_providers_referral_is_404_in_the_api_r_priv_1(api_as, provider2_user, theirs, suffix):
    assert api_as(provider2_user).get(f"/api/v1/referrals/{theirs.pk}/{suffix}").status_code == 404


def test_another_providers_referral_is_404_for_writes_too(api_as, provider2_user, theirs):
    client = api_as(provider2_user)
    base = f"/api/v1/referrals/{theirs.pk}/"
    assert (
        client.post(
            base + "contacts/", {"contacted_on": TODAY.isoformat(), "channel": "phone", "note": "x"}
        ).status_code
        == 404
    )
    assert client.patch(base, {"situation": "x"}).status_code == 404
    assert client.post(base + "close/", {"outcome": "x"}).status_code == 404


@pytest.mark.parametrize("name", ["referrals:detail", "referrals:edit"])
def test_another_providers_referral_is_404_in_the_portal_r_priv_1(portal_as, provider2_user, theirs, name):
    assert portal_as(provider2_user).get(reverse(name, args=[theirs.pk])).status_code == 404


def test_another_providers_referral_is_404_for_portal_posts(portal_as, provider2_user, theirs):
    client = portal_as(provider2_user)
    assert (
        client.post(
            reverse("referrals:transition", args=[theirs.pk, "close"]), {"close-outcome": "x"}
        ).status_code
        == 404
    )
    contact = {"contacted_on": TODAY.isoformat(), "channel": "phone", "note": "x"}
    assert client.post(reverse("referrals:contact_add", args=[theirs.pk]), contact).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == S.ESCALATED and theirs.contacts.count() == 1


def test_provider_list_holds_only_its_own_referrals(
    api_as, provider_user, provider2_user, make_referral, provider2_org
):
    mine = make_referral(S.ACCEPTED)
    make_referral(S.REFERRED, provider=provider2_org)
    make_referral(S.CONSENTED)  # not sent anywhere
    results = api_as(provider_user).get("/api/v1/referrals/").json()["results"]
    assert [r["id"] for r in results] == [str(mine.pk)]


def test_provider_sees_only_the_eight_fields_status_and_contact_dates_r_priv_1(api_as, provider_user, theirs):
    body = api_as(provider_user).get(f"/api/v1/referrals/{theirs.pk}/").json()
    assert set(body) == PROVIDER_FIELDS
    text = str(body)
    for secret in SECRET_BITS.values():
        assert secret not in text
    assert body["family_details"] == theirs.family_details


def test_provider_sees_the_contact_log_but_not_the_history(api_as, provider_user, theirs):
    client = api_as(provider_user)
    contacts = client.get(f"/api/v1/referrals/{theirs.pk}/contacts/").json()["results"]
    assert [c["note"] for c in contacts] == ["Rang the provider."]
    assert client.get(f"/api/v1/referrals/{theirs.pk}/history/").status_code == 403


def test_provider_portal_page_shows_the_referral_fields_and_contacts_only(portal_as, provider_user, theirs):
    html = portal_as(provider_user).get(reverse("referrals:detail", args=[theirs.pk])).content.decode()
    assert theirs.family_details in html and theirs.whanau_view.replace("'", "&#x27;") in html
    assert "Rang the provider." in html
    for secret in SECRET_BITS.values():
        assert secret not in html
    for staff_only in (
        "Consent (R-PR-2)",
        "Eligibility",
        "History",
        "Managed by",
        "Providers this referral was sent to",
    ):
        assert staff_only not in html


def test_a_provider_that_declines_no_longer_sees_the_referral(api_as, provider_user, make_referral):
    referral = make_referral(S.REFERRED)
    client = api_as(provider_user)
    response = client.post(f"/api/v1/referrals/{referral.pk}/decline/", {"reason": "Full."})
    assert response.status_code == 200
    assert response.json()["status"] == S.PROVIDER_DECLINED
    assert client.get(f"/api/v1/referrals/{referral.pk}/").status_code == 404


@pytest.mark.parametrize(
    "persona", ["partner_admin", "partner_staff", "applicant_admin", "pfo", "hub", "delegate"]
)
def test_care_partners_and_other_staff_see_no_referrals(request, api_as, portal_as, make_referral, persona):
    referral = make_referral(S.ACCEPTED)
    user = request.getfixturevalue(persona)
    assert api_as(user).get("/api/v1/referrals/").json()["count"] == 0
    assert api_as(user).get(f"/api/v1/referrals/{referral.pk}/").status_code == 404
    assert portal_as(user).get(reverse("referrals:detail", args=[referral.pk])).status_code == 404
    assert portal_as(user).get(reverse("referrals:list")).status_code == 403


def test_every_view_of_a_referral_is_logged_r_priv_3(api_as, portal_as, drc, provider_user, theirs):
    api_as(drc).get(f"/api/v1/referrals/{theirs.pk}/")
    portal_as(provider_user).get(reverse("referrals:detail", args=[theirs.pk]))
    views = AuditEntry.objects.for_object(theirs).filter(kind=AuditKind.VIEW)
    assert sorted(v.actor.username for v in views) == ["drc", "provider"]


def test_provider_sees_a_referral_it_accepted_after_it_is_closed(api_as, provider_user, drc, make_referral):
    referral = make_referral(S.MONITORING)
    services.referral_close(referral=referral, by=drc, outcome="Done.")
    assert api_as(provider_user).get(f"/api/v1/referrals/{referral.pk}/").json()["status"] == S.CLOSED
