"""The contact log between coordinator and provider (R-PR-4): who may log, what dates, what it updates."""

from datetime import timedelta

import pytest

from careportal.exceptions import RuleViolation
from referrals import services
from referrals.choices import ReferralStatus
from tests.referrals.factories import TODAY

pytestmark = pytest.mark.django_db
S = ReferralStatus


def contact(day=TODAY, **extra):
    return {"contacted_on": day.isoformat(), "channel": "phone", "note": "Talked through progress.", **extra}


def contacts_url(referral):
    return f"/api/v1/referrals/{referral.pk}/contacts/"


@pytest.mark.parametrize("persona", ["drc", "senior", "provider_user"])
def test_coordinator_or_provider_logs_a_contact_and_the_next_is_due_28_days_later_r_pr_4(
    request, api_as, make_referral, persona
):
    referral = make_referral(S.MONITORING, contact_overdue_since=TODAY - timedelta(days=1))
    user = request.getfixturevalue(persona)
    day = TODAY - timedelta(days=2)
    response = api_as(user).post(contacts_url(referral), contact(day))
    assert response.status_code == 201, response.json()
    assert response.json()["by"] == user.username
    referral.refresh_from_db()
    assert referral.last_contact_on == day
    assert referral.next_contact_due_on == day + timedelta(days=28)
    assert referral.contact_overdue_since is None
    listed = api_as(user).get(contacts_url(referral)).json()
    assert listed["count"] == 1 and listed["results"][0]["note"] == "Talked through progress."


def test_the_interval_is_a_setting(api_as, drc, make_referral, settings):
    settings.CAREPORTAL_REFERRAL_CONTACT_INTERVAL_DAYS = 10
    referral = make_referral(S.ACCEPTED)
    api_as(drc).post(contacts_url(referral), contact())
    referral.refresh_from_db()
    assert referral.next_contact_due_on == TODAY + timedelta(days=10)


@pytest.mark.parametrize("persona", ["worker", "supervisor", "admin_user"])
def test_other_staff_may_read_but_not_log_contacts(request, api_as, make_referral, persona):
    referral = make_referral(S.MONITORING)
    client = api_as(request.getfixturevalue(persona))
    assert client.get(contacts_url(referral)).status_code == 200
    assert client.post(contacts_url(referral), contact()).status_code == 403
    assert not referral.contacts.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (contact(TODAY + timedelta(days=1)), "contacted_on"),
        (contact(TODAY - timedelta(days=30)), "contacted_on"),  # before the referral was made
        (contact(channel="pigeon"), "channel"),
        (contact(note=""), "note"),
        ({"channel": "phone", "note": "x"}, "contacted_on"),
        ({**contact(), "contacted_on": "not a date"}, "contacted_on"),
    ],
)
def test_a_wrong_contact_is_a_400_on_its_field(api_as, drc, make_referral, body, field):
    referral = make_referral(S.ACCEPTED)
    response = api_as(drc).post(contacts_url(referral), body)
    assert response.status_code == 400
    assert field in response.json()
    assert not referral.contacts.exists()


def test_a_contact_in_the_future_is_refused_by_the_service_too(make_referral, drc):
    referral = make_referral(S.ACCEPTED)
    with pytest.raises(RuleViolation) as caught:
        services.referral_contact_log(
            referral=referral, by=drc, contacted_on=TODAY + timedelta(days=1), channel="phone", note="x"
        )
    assert caught.value.field == "contacted_on"


@pytest.mark.parametrize(
    "status", [S.DRAFT, S.CONSENT_PENDING, S.CONSENTED, S.CONSENT_DECLINED, S.PROVIDER_DECLINED, S.CLOSED]
)
def test_contacts_are_logged_only_once_sent_and_while_open(api_as, drc, make_referral, status):
    referral = make_referral(status)
    response = api_as(drc).post(contacts_url(referral), contact())
    assert response.status_code == 409
    assert response.json()["status"] == status


def test_an_older_contact_does_not_move_the_last_contact_back(api_as, drc, make_referral):
    referral = make_referral(S.MONITORING)
    client = api_as(drc)
    client.post(contacts_url(referral), contact(TODAY - timedelta(days=1)))
    client.post(contacts_url(referral), contact(TODAY - timedelta(days=5)))
    referral.refresh_from_db()
    assert referral.last_contact_on == TODAY - timedelta(days=1)
    assert referral.next_contact_due_on == TODAY + timedelta(days=27)
    dates = [c["contacted_on"] for c in client.get(contacts_url(referral)).json()["results"]]
    assert dates == [(TODAY - timedelta(days=1)).isoformat(), (TODAY - timedelta(days=5)).isoformat()]
