"""The calendar feed (decision 0011): a secret, revocable iCalendar URL of each staff user's deadlines.

R-PRIV-2: events carry references only, never a child's or whānau name.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from icalendar import Calendar

from careportal.lib.dates import nz_today
from tests.agreements.factories import ActiveAgreementFactory, ChildFactory, NoticeGivenAgreementFactory
from tests.quality.factories import PartnerResponseReviewFactory, PlannedReviewFactory
from tests.referrals.factories import AcceptedReferralFactory

pytestmark = pytest.mark.django_db


def _subscribe(client: Client) -> str:
    client.post("/calendar/renew/")
    page = client.get("/calendar/")
    token = page.context["feed_url"].rsplit("/", 1)[1].removesuffix(".ics")
    assert len(token) >= 32
    return token


def _events(response) -> dict[str, tuple[str, object]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    cal = Calendar.from_ical(response.content)
    return {str(e["summary"]): e.decoded("dtstart") for e in cal.walk("VEVENT")}


def test_feed_works_without_a_session_and_lists_agreement_deadlines_R_PRIV_2(client, worker):
    child = ChildFactory(name="Aroha Secretname")
    active = ActiveAgreementFactory(drafted_by=worker, child=child)
    notice = NoticeGivenAgreementFactory(drafted_by=worker)
    client.force_login(worker)
    token = _subscribe(client)
    anonymous = Client()
    response = anonymous.get(f"/calendar/{token}.ics")
    events = _events(response)
    assert events[f"Last day of care agreement {active.reference}"] == active.end_date
    assert (
        events[f"Notice takes effect: care agreement {notice.reference}"] == notice.termination.effective_on
    )
    assert b"Secretname" not in response.content and b"Tipene" not in response.content
    assert response["Cache-Control"] == "private, no-store"


def test_wrong_short_and_revoked_tokens_are_404(client, worker):
    client.force_login(worker)
    token = _subscribe(client)
    anonymous = Client()
    assert anonymous.get(f"/calendar/{'x' * 43}.ics").status_code == 404
    assert anonymous.get("/calendar/short.ics").status_code == 404
    client.post("/calendar/revoke/")
    assert anonymous.get(f"/calendar/{token}.ics").status_code == 404
    assert client.get("/calendar/").context["feed_url"] == ""


def test_renewing_makes_the_old_link_stop_working(client, worker):
    client.force_login(worker)
    old = _subscribe(client)
    new = _subscribe(client)
    assert old != new
    anonymous = Client()
    assert anonymous.get(f"/calendar/{old}.ics").status_code == 404
    assert anonymous.get(f"/calendar/{new}.ics").status_code == 200


def test_a_deactivated_user_feed_is_404(client, worker):
    client.force_login(worker)
    token = _subscribe(client)
    worker.is_active = False
    worker.save(update_fields=["is_active"])
    assert Client().get(f"/calendar/{token}.ics").status_code == 404


def test_organisation_users_have_no_calendar_feed(client, partner_admin):
    client.force_login(partner_admin)
    assert client.get("/calendar/").status_code == 403
    assert client.post("/calendar/renew/").status_code == 403


def test_supervisor_sees_supervisees_last_days_and_another_worker_does_not(
    client, worker, other_worker, supervisor
):
    active = ActiveAgreementFactory(drafted_by=worker)
    client.force_login(supervisor)
    events = _events(Client().get(f"/calendar/{_subscribe(client)}.ics"))
    assert f"Last day of care agreement {active.reference}" in events
    client.force_login(other_worker)
    events = _events(Client().get(f"/calendar/{_subscribe(client)}.ics"))
    assert not any(active.reference in title for title in events)


def test_hub_reviewer_gets_reviews_due_and_partner_response_dates(client, hub, partner_org):
    planned = PlannedReviewFactory(cycle__organisation=partner_org)
    with_partner = PartnerResponseReviewFactory(cycle=planned.cycle)
    client.force_login(hub)
    events = _events(Client().get(f"/calendar/{_subscribe(client)}.ics"))
    assert events[f"Quality review {planned.reference} due"] == planned.planned_for
    assert (
        events[f"Partner response due: quality review {with_partner.reference}"]
        == with_partner.response_due_on
    )


def test_drc_gets_contacts_due_for_own_referrals_without_whanau_details_R_PRIV_2(client, drc):
    referral = AcceptedReferralFactory(managed_by=drc)
    assert referral.next_contact_due_on is not None
    client.force_login(drc)
    response = Client().get(f"/calendar/{_subscribe(client)}.ics")
    events = _events(response)
    assert events[f"Contact due: referral {referral.reference}"] == referral.next_contact_due_on
    assert b"Mum" not in response.content and "Ōtara".encode() not in response.content


def test_delegate_gets_the_submissions_window_of_a_proposed_decline(client, delegate, applicant_org):
    from tests.partners.factories import ReadinessApplicationFactory, decline_proposed

    application = ReadinessApplicationFactory(organisation=applicant_org, **decline_proposed(days_ago=2))
    client.force_login(delegate)
    events = _events(Client().get(f"/calendar/{_subscribe(client)}.ics"))
    title = f"Submissions window closes: application by {applicant_org}"
    assert events[title] == application.submissions_due_on
    assert application.submissions_due_on > nz_today() - timedelta(days=1)
