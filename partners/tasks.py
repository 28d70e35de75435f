"""partners' Celery tasks: the invitation e-mail (on the e-mail queue: its name matches `*.send_*email*`)."""

from __future__ import annotations

from urllib.parse import urlencode

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from careportal.notifications.email import EMAIL_TASK_OPTIONS
from partners.models import Invitation
from partners.services.invitations import invitation_deliver


def invitation_link(token: str) -> str:
    # The token goes in the query string, which the access logs leave out (decision 0019); the first page
    # moves it into the session and redirects, so it stays out of the history and the Referer too.
    return f"{settings.PORTAL_BASE_URL}{reverse('partners:invitation_accept')}?{urlencode({'token': token})}"


def render_invitation_email(invitation: Invitation, token: str) -> EmailMultiAlternatives:
    context = {
        "invitation": invitation,
        "organisation": invitation.organisation,
        "url": invitation_link(token),
        "expiry_days": settings.INVITATION_EXPIRY_DAYS,
    }
    subject = render_to_string("partners/email/invitation_subject.txt", context).strip()
    text = render_to_string("partners/email/invitation.txt", context)
    html = render_to_string("partners/email/invitation.html", context)
    email = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [invitation.email])
    email.attach_alternative(html, "text/html")
    return email


def _send(invitation: Invitation, token: str) -> None:
    render_invitation_email(invitation, token).send()


@shared_task(name="partners.tasks.send_invitation_email", **EMAIL_TASK_OPTIONS)
def send_invitation_email(invitation_id: str) -> bool:
    """Send the e-mail an invitation owes, once (guarded per row); retried on failure, acknowledged late."""
    return invitation_deliver(invitation_id, _send)
