"""The QA cycle that follows approval, asked for through a typed port: the quality app runs QA cycles and
builds on partners (organisations, accreditations), so partners does not import quality. The quality
app's AppConfig provides `start_qa_cycle`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured

from careportal.lib.actor import Actor

if TYPE_CHECKING:  # quality's AppConfig imports this module before the models can be
    from .models import Organisation


@dataclass(frozen=True)
class QACycleOpened:
    cycle_id: str
    first_review_on: date | None  # the date the cycle's first review is planned for


class QACycleStart(Protocol):
    def __call__(self, *, organisation: Organisation, started_on: date, by: Actor) -> QACycleOpened:
        """Open the organisation's QA cycle from `started_on` (idempotent: the open one if there is one)."""
        ...


@runtime_checkable
class QACycleProvider(Protocol):
    start_qa_cycle: QACycleStart


def start_qa_cycle(*, organisation: Organisation, started_on: date, by: Actor) -> QACycleOpened:
    """Open the approved organisation's QA cycle through the installed app that runs them."""
    providers = [config for config in apps.get_app_configs() if isinstance(config, QACycleProvider)]
    if len(providers) != 1:
        raise ImproperlyConfigured(
            "A partner's approval opens its QA cycle: exactly one installed app (quality) must provide "
            f"start_qa_cycle on its AppConfig, not {len(providers)}."
        )
    return providers[0].start_qa_cycle(organisation=organisation, started_on=started_on, by=by)
