"""What the quality app does when a care partner is approved: it opens the partner's QA cycle (its
AppConfig provides this to partners' port, partners.qa_cycle)."""

from __future__ import annotations

from datetime import date

from careportal.lib.actor import Actor
from partners.models import Organisation
from partners.qa_cycle import QACycleOpened

from .services import qa_cycle_start


def start_qa_cycle(*, organisation: Organisation, started_on: date, by: Actor) -> QACycleOpened:
    """Open the cycle (idempotent) and answer it with the date its first review is planned for."""
    cycle = qa_cycle_start(organisation=organisation, started_on=started_on, by=by)
    planned = cycle.reviews.order_by("planned_for").values_list("planned_for", flat=True).first()
    return QACycleOpened(cycle_id=str(cycle.pk), first_review_on=planned)
