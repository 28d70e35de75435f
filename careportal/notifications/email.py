"""E-mail for reminders: subject, text and HTML from templates; the delivery is audited."""

from __future__ import annotations

from typing import Any

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from careportal.audit.models import AuditKind
from careportal.audit.services import audit_record

from .models import Reminder


def render_reminder_email(reminder: Reminder) -> EmailMultiAlternatives:
    context = {
        "reminder": reminder,
        "url": f"{settings.PORTAL_BASE_URL}{reminder.link}",
        "recipient": reminder.recipient,
    }
    subject = render_to_string("notifications/email/reminder_subject.txt", context).strip()
    text = render_to_string("notifications/email/reminder.txt", context)
    html = render_to_string("notifications/email/reminder.html", context)
    email = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [reminder.recipient.email])
    email.attach_alternative(html, "text/html")
    return email


def deliver_reminder_email(reminder_id: str) -> bool:
    """Send one reminder's e-mail unless it went already. Returns whether this call sent it.

    The row is locked (SKIP LOCKED) while sending, so two workers never send the same e-mail; the mark is
    committed with the send, so a failed send is retried by the task and a sent one never again.
    """
    with transaction.atomic():
        reminder = (
            Reminder.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("recipient")
            .filter(pk=reminder_id, emailed_at__isnull=True)
            .first()
        )
        if reminder is None:
            return False
        if reminder.recipient.email:
            render_reminder_email(reminder).send()
        reminder.emailed_at = timezone.now()
        reminder.save(update_fields=["emailed_at", "updated_at"])
        audit_record(
            actor=None,
            kind=AuditKind.DELIVERY,
            action=f"reminder:{reminder.kind}",
            object_type=reminder.subject_type,
            object_id=reminder.subject_id,
            data={"reminder": str(reminder.pk), "recipient": reminder.recipient_id, "channel": "email"},
        )
    return True


# Every e-mail task: retried with backoff when delivery fails, acknowledged only once it ran (each send is
# guarded per row, so a redelivery sends nothing twice).
EMAIL_TASK_OPTIONS: dict[str, Any] = {
    "acks_late": True,
    "autoretry_for": (Exception,),
    "retry_backoff": True,
    "max_retries": 5,
}


# Defined here, beside the delivery, so the reminder engine queues it without importing the tasks module
# (which runs the daily sweep, which uses the engine); the name stays the one workers and beat know.
@shared_task(name="careportal.notifications.tasks.send_reminder_emails", **EMAIL_TASK_OPTIONS)
def send_reminder_emails(reminder_ids: list[str]) -> int:
    """Send each reminder's e-mail once (guarded per row); retried on failure, acknowledged late."""
    return sum(deliver_reminder_email(reminder_id) for reminder_id in reminder_ids)
