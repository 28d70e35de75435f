"""Journey (c): a differential response coordinator records the whānau's consent (R-PR-2) and refers
them to a provider; the provider accepts and logs a contact (R-PR-4); the coordinator escalates the
referral to the site pathways meeting. Only the consent-pending referral is made with a factory.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from careportal.lib.dates import nz_today
from referrals.models import Referral
from tests.referrals.factories import ConsentPendingReferralFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _do(portal, button: str, fields: dict | None = None):
    """Fill and submit the transition form named `button`; an irreversible one is confirmed on its page."""
    page = portal.page
    form = page.get_by_role("form", name=button)
    for label, value in (fields or {}).items():
        field = form.get_by_label(label, exact=False)
        if value is True:
            field.check()
        elif field.evaluate("el => el.tagName") == "SELECT":
            field.select_option(label=value)
        elif field.get_attribute("role") == "combobox":  # a look-up: type, then choose the match
            field.fill(value[:6])
            page.locator(f"#{field.get_attribute('aria-controls')}").get_by_role("option", name=value).click()
        else:
            field.fill(value)
    with page.expect_navigation():
        form.get_by_role("button", name=button).click()
    yes = page.get_by_role("button", name=f"Yes, {button[:1].lower()}{button[1:]}")
    if yes.count():  # the confirmation page of an irreversible step
        with page.expect_navigation():
            yes.click()


def _status(portal) -> str:
    return Referral.objects.values_list("status", flat=True).get()


def test_consent_refer_accept_contact_and_escalate(portal, drc, provider_user, provider_org):
    today = nz_today()
    referral = ConsentPendingReferralFactory(managed_by=drc, site="Manukau")

    portal.sign_in("drc")
    page = portal.go("/")
    portal.check_accessibility("drc home")
    page.get_by_role("link", name=referral.reference).first.click()
    assert referral.reference in portal.heading()
    portal.checkpoint("referral-consent-pending")
    _do(portal, "Record the whānau's answer", {
        "Yes, they consented": True,
        "Date consent was given or declined": today.isoformat(),
        "Given or declined by": "Mum (Aroha), in person",
    })  # fmt: skip
    assert page.get_by_text("Consent recorded.").is_visible()
    assert _status(portal) == "consented"
    _do(portal, "Refer to this provider", {"Community service provider": provider_org.legal_name})
    assert page.get_by_text("Referral sent.").is_visible()
    portal.checkpoint("referral-referred")

    portal.sign_in("provider")
    page = portal.go("/")
    portal.check_accessibility("provider home")
    page.get_by_role("link", name=referral.reference).first.click()
    portal.checkpoint("referral-provider-view")
    _do(portal, "Accept the referral")
    assert _status(portal) == "accepted"
    contact = page.locator("form").filter(has=page.get_by_role("heading", name="Log a contact"))
    contact.get_by_label("Date of contact").fill(today.isoformat())
    contact.get_by_label("How").select_option(index=1)
    contact.get_by_label("Note").fill("First visit with the whānau; routines plan agreed.")
    with page.expect_navigation():
        contact.get_by_role("button", name="Log contact").click()
    assert page.get_by_text("First visit with the whānau; routines plan agreed.").is_visible()
    portal.checkpoint("referral-contact-logged")

    portal.sign_in("drc")
    page = portal.go(f"/referrals/{referral.pk}/")
    portal.check_accessibility("referral accepted (coordinator)")
    _do(portal, "Escalate to the pathways meeting", {
        "Why is this being escalated?": "Attendance has not improved; a statutory view is needed.",
        "Site pathways meeting date": (today + timedelta(days=7)).isoformat(),
    })  # fmt: skip
    assert page.get_by_text("Escalated to the site pathways meeting.").is_visible()
    portal.checkpoint("referral-escalated")
    referral.refresh_from_db()
    assert referral.status == "escalated" and referral.pathways_meeting_on == today + timedelta(days=7)
    assert referral.contacts.count() == 1
