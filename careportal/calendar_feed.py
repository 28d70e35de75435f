"""Each staff user's deadlines as an iCalendar feed at a secret, revocable URL (decision 0011).

Apps contribute events through their `calendar_events` (careportal.contributions). Event titles
carry record references, never a child's name (R-PRIV-2): a phone's calendar is not a secure place.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from icalendar import Calendar, Event

from careportal.accounts.security import security_event
from careportal.contributions import contributed
from careportal.links import link_maker


@dataclass(frozen=True)
class CalendarEvent:
    uid: str  # stable across feed refreshes, so calendars update rather than duplicate
    title: str
    day: date
    url: str = ""


def dated_events(
    rows: Iterable[Any], *, uid: str, title: Callable[[Any], str], day: str, detail_url: str
) -> list[CalendarEvent]:
    """One event per record on the date in its `day` field, linked to the record's page (`detail_url`, a
    URL name taking the pk); `uid` is a format of the pk, e.g. "qa-action-{pk}"."""
    link = link_maker(detail_url)
    return [
        CalendarEvent(uid=uid.format(pk=row.pk), title=title(row), day=getattr(row, day), url=link(row.pk))
        for row in rows
    ]


def events_for(user) -> list[CalendarEvent]:
    return [event for events in contributed(lambda c: c.calendar_events) for event in events(user)]


def build_calendar(user, base_url: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//careportal//deadlines//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "careportal deadlines")
    for item in events_for(user):
        event = Event()
        event.add("uid", f"{item.uid}@careportal")
        event.add("summary", item.title)
        event.add("dtstart", item.day)
        event.add("dtend", item.day + timedelta(days=1))
        if item.url:
            event.add("url", base_url + item.url)
        calendar.add_component(event)
    return calendar.to_ical()


def feed(request, token: str) -> HttpResponse:
    """No session: the secret in the URL is the credential. A wrong or revoked token is a 404."""
    if len(token) < 32:
        raise Http404
    user = get_user_model().objects.filter(calendar_token=token, is_active=True).first()
    if user is None or not user.is_ot_staff:
        raise Http404
    response = HttpResponse(
        build_calendar(user, settings.PORTAL_BASE_URL), content_type="text/calendar; charset=utf-8"
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def subscription(request):
    if not request.user.is_ot_staff:
        raise PermissionDenied
    url = (
        request.build_absolute_uri(f"/calendar/{request.user.calendar_token}.ics")
        if request.user.calendar_token
        else ""
    )
    return render(request, "calendar_subscription.html", {"feed_url": url})


@login_required
@require_POST
def subscription_renew(request):
    """Create a new secret URL; the old one stops working at once."""
    if not request.user.is_ot_staff:
        raise PermissionDenied
    with transaction.atomic():
        request.user.calendar_token = secrets.token_urlsafe(32)
        request.user.save(update_fields=["calendar_token"])
        security_event(request.user, "calendar_link_renewed")
    messages.success(request, "Your calendar link is ready. Any earlier link no longer works.")
    return redirect("calendar_subscription")


@login_required
@require_POST
def subscription_revoke(request):
    """Turn the secret URL off: the feed answers 404 until a new link is made."""
    with transaction.atomic():
        had_link = bool(request.user.calendar_token)
        request.user.calendar_token = ""
        request.user.save(update_fields=["calendar_token"])
        if had_link:
            security_event(request.user, "calendar_link_revoked")
    messages.success(request, "Your calendar link has been turned off.")
    return redirect("calendar_subscription")
