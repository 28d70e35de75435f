"""What the apps add to the core: declared on each app's AppConfig, typed, and found by looping over the
installed apps.

The core (`careportal/`) imports no app. An app that adds a section to the home page, a chart to the
dashboard, events to the calendar feed, a step to the daily sweep, records to the demo data, the
scope of a model its filters offer, what of its records the one search finds (careportal.search) or
the look-ups its forms' long choice lists type into (careportal.lookups) sets `contributions` (a
`Contributions`) on its AppConfig in `ready()`; the core reads them through `contributed()`, `scopes()`
and `lookups()`. An app not installed contributes nothing, and a reader (or mypy) follows each
contribution to the function it names.

Every entry carries an explicit `order`, lowest first, because the order is part of the behaviour: the
daily sweep asks first for the agreements' documents still owed (so the day's reminders about copies
given see them), moves each app's records before it re-queues the report PDFs they need, and writes the audit
digest last (yesterday's audit rows are all written by then), the demo data creates the organisations
before the users who belong to them, and the pages list their sections in a fixed order. The orders in
use (tests/careportal/test_contributions.py pins them):

    sweep       50 agreements documents owed (versions, executed copies); 100 agreements, 200 partners,
                300 referrals, 400 quality (records and their reminders); 600 quality final reports
                (re-queued); 900 audit digest
    demo        100 partner organisations, 200 users, 300 partners, 400 agreements, 500 referrals,
                600 quality
    work queue  100 agreements, 200 partners, 300 referrals, 400 quality (calendar events alike)
    charts      100 agreements, 200 referrals, 300 partners
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar, runtime_checkable

from django.apps import apps
from django.db import models

from careportal.lib.actor import Actor

if TYPE_CHECKING:  # the value types live with the pages that show them, which import this module
    from careportal.calendar_feed import CalendarEvent
    from careportal.dashboard import Chart
    from careportal.demo import DemoContext
    from careportal.home import WorkSection
    from careportal.lookups import Lookup
    from careportal.search import Searchable


class SweepStep(Protocol):
    """One step of the daily sweep for a New Zealand date: its report lines; running it twice for the
    same date changes nothing more."""

    def __call__(self, day: date, /) -> list[str]: ...


class WorkQueue(Protocol):
    """The user's sections of the "my work" home page (none when the app has nothing for the role)."""

    def __call__(self, user: Actor, /) -> list[WorkSection]: ...


class DashboardCharts(Protocol):
    """The charts of the staff dashboard the user may read."""

    def __call__(self, user: Actor, /) -> list[Chart]: ...


class CalendarEvents(Protocol):
    """The user's deadlines for the calendar feed (record references only, R-PRIV-2)."""

    def __call__(self, user: Actor, /) -> list[CalendarEvent]: ...


class DemoSeeder(Protocol):
    """Create or refresh the app's demo records (idempotent), adding what later seeders build on to ctx."""

    def __call__(self, ctx: DemoContext, /) -> None: ...


class Scope(Protocol):
    """The records of one model that the user may see (R-PRIV-1), for the choices of the filters."""

    def __call__(self, user: Actor, /) -> models.QuerySet: ...


F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class Ordered(Generic[F]):
    """A contribution and its place among the other apps' (lowest first; see the module docstring)."""

    order: int
    provide: F


@dataclass(frozen=True)
class Contributions:
    """Everything one app adds to the core; an app leaves out what it does not contribute."""

    sweep: Sequence[Ordered[SweepStep]] = ()
    demo: Sequence[Ordered[DemoSeeder]] = ()
    work_queue: Sequence[Ordered[WorkQueue]] = ()
    dashboard_charts: Sequence[Ordered[DashboardCharts]] = ()
    calendar_events: Sequence[Ordered[CalendarEvents]] = ()
    # model label (`app_label.modelname`, lower case) -> the records of it a user may see
    scopes: Mapping[str, Scope] = field(default_factory=dict)
    # look-up kind (the URL's `lookup/<kind>/`) -> what a combobox of it finds (careportal.lookups)
    lookups: Mapping[str, Lookup] = field(default_factory=dict)
    # what of the app's records the one search finds (careportal.search; a kind is one app's only)
    search: Sequence[Searchable] = ()


@runtime_checkable
class Contributor(Protocol):
    """An AppConfig that contributes: it sets `contributions` in its `ready()`."""

    contributions: Contributions


def contributions_of() -> Iterator[Contributions]:
    """Every installed app's contributions, in INSTALLED_APPS order."""
    for config in apps.get_app_configs():
        if isinstance(config, Contributor):
            yield config.contributions


def contributed(kind: Callable[[Contributions], Sequence[Ordered[F]]]) -> list[F]:
    """Every installed app's contributions of one kind (`kind` picks the field, e.g.
    `lambda c: c.sweep`), lowest order first; apps with the same order keep INSTALLED_APPS order."""
    entries = [entry for contributions in contributions_of() for entry in kind(contributions)]
    return [entry.provide for entry in sorted(entries, key=lambda entry: entry.order)]


def lookups() -> dict[str, Lookup]:
    """Every installed app's look-up kinds by name; a kind is declared by one app only."""
    found: dict[str, Lookup] = {}
    for contributions in contributions_of():
        for kind, declared in contributions.lookups.items():
            if kind in found:
                raise ValueError(f"Two apps declare the look-up {kind}")
            found[kind] = declared
    return found


def scopes() -> dict[str, Scope]:
    """Every installed app's model scopes by model label; a model is scoped by one app only."""
    found: dict[str, Scope] = {}
    for contributions in contributions_of():
        for label, scope in contributions.scopes.items():
            if label in found:
                raise ValueError(f"Two apps declare the scope of {label}")
            found[label] = scope
    return found
