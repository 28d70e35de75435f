"""An organisation's admin invites a person by e-mail; the invitee opens the link from the e-mail, chooses a
password, sets up two-step sign-in and lands on their organisation's home. A revoke asks first; an expired
link is refused with a clear page (decision 0022)."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.utils import timezone
from django_otp.oath import TOTP

from partners.models import Invitation

pytestmark = pytest.mark.django_db(transaction=True)
NEW_PASSWORD = "a-long-and-unusual-passphrase"


@pytest.fixture(autouse=True)
def _on(settings, live_server):
    settings.INVITATIONS_ENABLED = True
    settings.PORTAL_BASE_URL = live_server.url


def _link(message) -> str:
    url = re.search(r"https?://\S+\?token=[0-9a-f]+", message.body).group(0)
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


def _invite(page, email: str) -> None:
    page.get_by_label("Their e-mail address").fill(email)
    page.get_by_label("Care partner staff").check()
    page.get_by_role("button", name="Send the invitation", exact=True).click()
    page.get_by_text(f"Invitation sent to {email}.").wait_for()


def test_an_admin_invites_and_the_invitee_joins_with_two_step_sign_in(
    portal, partner_admin, partner_org, mailoutbox
):
    portal.sign_in("partner_admin")
    page = portal.go("/partners/mine/")
    page.get_by_role("link", name="Invite people to your organisation").click()
    assert portal.heading() == "Invite people to Kāinga Care Trust"
    portal.checkpoint("invitations-empty")

    # A mistake first: the error is beside the field and named by it.
    page.get_by_role("button", name="Send the invitation", exact=True).click()
    email_box = page.get_by_label("Their e-mail address")
    assert "id_email_error" in (email_box.get_attribute("aria-describedby") or "")
    portal.check_accessibility("invitations: errors")

    _invite(page, "aroha@example.org.nz")
    _invite(page, "wrong@example.org.nz")
    assert page.get_by_role("cell", name="aroha@example.org.nz", exact=True).is_visible()
    portal.checkpoint("invitations-pending")

    # Revoking asks first, by keyboard; "No" keeps it.
    revoke = page.get_by_role("button", name="Revoke the invitation to wrong@example.org.nz")
    revoke.focus()
    page.keyboard.press("Enter")
    dialog = page.get_by_role(
        "dialog", name="Revoke the invitation to wrong@example.org.nz? Its link will stop working."
    )
    assert dialog.is_visible()
    portal.check_accessibility("invitations: revoke asks")
    page.keyboard.press("Escape")
    assert Invitation.objects.filter(email="wrong@example.org.nz", status="pending").exists()
    revoke.click()
    with page.expect_navigation():
        page.get_by_role("button", name="Yes, revoke the invitation to wrong@example.org.nz").click()
    page.get_by_text("The invitation to wrong@example.org.nz was revoked").wait_for()
    assert Invitation.objects.get(email="wrong@example.org.nz").status == "revoked"

    # The invitee, in a browser of their own, opens the link from the e-mail.
    (message,) = [m for m in mailoutbox if m.to == ["aroha@example.org.nz"]]
    page.context.clear_cookies()
    portal.go(_link(message))
    assert "token" not in page.url  # moved into the session at once
    assert portal.heading() == "Kia ora: join Kāinga Care Trust on careportal"
    portal.checkpoint("invitation-accept")
    page.get_by_label("Given name").fill("Aroha")
    page.get_by_label("Family name").fill("Ngata")
    page.get_by_label("Username").fill("aroha")
    page.get_by_label(re.compile(r"^Password")).fill("short")
    page.get_by_label("The same password again").fill("short")
    page.get_by_role("button", name="Continue").click()
    assert "id_password1_error" in (
        page.get_by_label(re.compile(r"^Password")).get_attribute("aria-describedby") or ""
    )
    portal.check_accessibility("invitation: password refused")
    page.get_by_label(re.compile(r"^Password")).fill(NEW_PASSWORD)
    page.get_by_label("The same password again").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Continue").click()

    assert portal.heading() == "Set up two-step sign-in"
    portal.checkpoint("invitation-second-step")
    key = page.locator("#totp-key").inner_text()
    code = f"{TOTP(bytes.fromhex(key)).token():06d}"
    page.get_by_label("Code from your authenticator app").fill(code)
    page.get_by_role("button", name="Finish and sign in").click()

    assert portal.heading() == "Kia ora, Aroha"
    assert page.get_by_text("Nau mai, haere mai").is_visible()
    portal.checkpoint("invitation-home")

    # Used once: the same link now says so.
    page.context.clear_cookies()
    portal.go(_link(message))
    assert portal.heading() == "This invitation has been used"


def test_an_expired_link_is_refused(portal, partner_admin, partner_org, mailoutbox):
    portal.sign_in("partner_admin")
    page = portal.go(f"/partners/organisations/{partner_org.pk}/invitations/")
    _invite(page, "late@example.org.nz")
    Invitation.objects.filter(email="late@example.org.nz").update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    page.context.clear_cookies()
    portal.go(_link(mail.outbox[-1]))
    assert portal.heading() == "This invitation has expired"
    portal.checkpoint("invitation-expired")
