"""This app's part of the daily sweep (`run_reminders`): a summary, no automatic changes.

Nothing in the QA cycle changes by itself with time: an overdue action stays with its owner and the Hub
decides when a review is finalised (QA-D2). So the sweep only reports, in a constant number of queries
(two aggregates), what needs attention, then hands the reminders due today (quality/reminders.py) to the
shared reminder engine, which sends each one once; running it twice changes nothing.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db.models import Count, Q

from .choices import ReviewStatus
from .models import ImprovementAction, QAReview
from .reminders import send_due_reminders


def run(today: date) -> list[str]:
    # The same window as the "review due" reminder, so the summary and the reminders agree.
    due_days = settings.CAREPORTAL_REMINDER_QA_REVIEW_DUE_DAYS
    reviews = QAReview.objects.aggregate(
        due=Count(
            "pk",
            filter=Q(status=ReviewStatus.PLANNED, planned_for__lte=today + timedelta(days=due_days)),
        ),
        unanswered=Count(
            "pk",
            filter=Q(status=ReviewStatus.PARTNER_RESPONSE, partner_response="", response_due_on__lt=today),
        ),
    )
    overdue = ImprovementAction.objects.overdue_on(today).count()
    send_due_reminders(today)  # decision 0009 (careportal.notifications.sweep reports what was sent)
    lines = []
    if overdue:
        lines.append(f"quality: {overdue} improvement action(s) overdue")
    if reviews["due"]:
        lines.append(
            f"quality: {reviews['due']} review(s) planned within {due_days} days or overdue to start"
        )
    if reviews["unanswered"]:
        lines.append(
            f"quality: {reviews['unanswered']} draft report(s) past the response window, ready to finalise (QA-D2)"
        )
    return lines
