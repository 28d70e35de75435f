"""Demo records for `seed_demo` (idempotent): Kāinga Care Trust's QA cycle with a review in every state,
findings across the six standards, activities, and improvement actions in every state (one overdue).

Everything goes through the services as the Quality Hub reviewer (`hub`) and the partner's administrator
(`partner_admin`) would do it. Running twice changes nothing: a cycle that already has more than its first
planned review is left as it is.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from careportal.demo import DemoContext

from . import services
from .choices import ActivityKind, Rating
from .models import NationalCareStandard, QACycle, QAReview

NARRATIVES = {
    1: (
        Rating.MET,
        "Assessments and plans in CYRAS cases 4821937 and 4822015 were current; visits were on time.",
    ),
    2: (
        Rating.PARTIALLY_MET,
        "Support plans in case 4821937 addressed health needs; education support was late.",
    ),
    3: (Rating.MET, "Caregivers described regular supervision and respite; training records were complete."),
    4: (
        Rating.PARTIALLY_MET,
        "Tamariki views were recorded in most files; case 4822015 had no recent kōrero.",
    ),
    5: (
        Rating.NOT_MET,
        "No transition plan for rangatahi in case 4822103 within six months of leaving care.",
    ),
    6: (Rating.MET, "Monitoring reports were complete and on time for the period."),
}
ACTIVITIES = [
    (ActivityKind.KORERO_TAMARIKI, "Kōrero with three tamariki at their caregivers' homes."),
    (ActivityKind.KORERO_RANGATAHI, "Hui with four rangatahi about their plans and transitions."),
    (ActivityKind.KORERO_CARERS, "Kōrero with five caregivers about support and respite."),
    (ActivityKind.KORERO_WHANAU, "Kōrero with two whānau about contact and involvement in planning."),
    (ActivityKind.FILE_REVIEW, "Reviewed twelve case files, including 4821937, 4822015 and 4822103."),
]


def seed(ctx: DemoContext) -> None:
    hub, partner = ctx.users["hub"], ctx.organisations["partner"]
    started_on = ctx.today - timedelta(days=320)
    cycle = services.qa_cycle_start(
        organisation=partner, started_on=started_on, by=hub, joint_review_requested=True
    )
    if cycle.reviews.count() > 1:
        return
    if cycle.started_on > started_on:
        # The partners demo completed the transition today; the demo story has the partner in its cycle
        # for 320 days, so move the start (and the joint-review request) back before planning past reviews.
        QACycle.objects.filter(pk=cycle.pk).update(
            started_on=started_on, joint_review_requested=True, joint_review_requested_on=started_on
        )
        cycle.refresh_from_db()
    _final_review(ctx, cycle)
    _review(ctx, cycle, days_ago=30, parts=range(1, 7), until="send_to_partner")
    _review(ctx, cycle, days_ago=20, parts=range(1, 7), until="submit_draft_report")
    _review(ctx, cycle, days_ago=7, parts=[1, 3, 4], until="start")


def _review(ctx: DemoContext, cycle: QACycle, *, days_ago: int, parts: Any, until: str) -> QAReview:
    """A review taken through the services as far as the transition `until`."""
    hub = ctx.users["hub"]
    planned = ctx.today - timedelta(days=days_ago)
    review = services.review_schedule(
        cycle=cycle, planned_for=planned, by=hub, period_start=cycle.started_on, period_end=planned
    )
    review = services.review_start(review=review, by=hub)
    for offset, (kind, summary) in enumerate(ACTIVITIES[: len(list(parts))]):
        held_on = min(planned + timedelta(days=offset), ctx.today)
        services.activity_record(review=review, kind=kind, held_on=held_on, summary=summary, by=hub)
    for part in parts:
        rating, narrative = NARRATIVES[part]
        standard = NationalCareStandard.objects.get(part=part)
        services.finding_record(review=review, standard=standard, rating=rating, narrative=narrative, by=hub)
    if until in ("submit_draft_report", "send_to_partner"):
        review = services.review_submit_draft_report(review=review, by=hub)
    if until == "send_to_partner":
        review = services.review_send_to_partner(review=review, by=hub)
        services.action_create(
            review=review, title="Record kōrero with every tamaiti each visit", by=hub,
            due_on=ctx.today + timedelta(days=90), finding=review.findings.get(standard__part=4),
        )  # fmt: skip
    return review


def _final_review(ctx: DemoContext, cycle: QACycle) -> None:
    """A finalised review (with its PDF) and actions in every state, one of them overdue."""
    hub, partner_admin = ctx.users["hub"], ctx.users["partner_admin"]
    review = _review(ctx, cycle, days_ago=120, parts=range(1, 7), until="send_to_partner")
    services.review_update(
        review=review, by=hub, summary="Strong caregiver support; transitions need a plan."
    )
    services.review_respond(
        review=review, by=partner_admin,
        response="We accept the findings. Transition plans are being written for every rangatahi aged 15 or over.",
    )  # fmt: skip
    transitions = review.findings.get(standard__part=5)
    support = review.findings.get(standard__part=2)
    earlier = ctx.today - timedelta(days=100)  # the actions were agreed when the review was under way

    def action(title: str, due_in: int, finding: Any = None, **kwargs: Any) -> Any:
        return services.action_create(
            review=review, title=title, due_on=ctx.today + timedelta(days=due_in), finding=finding, by=hub,
            today=earlier, **kwargs,
        )  # fmt: skip

    closed = action("Education support plans for every tamaiti", 20, support)
    services.action_submit_evidence(
        action=closed, by=partner_admin, evidence_note="Plans updated for all 14."
    )
    services.action_verify_close(action=closed, by=hub)
    submitted = action("Caregiver respite roster", 45)
    services.action_submit_evidence(
        action=submitted, by=partner_admin, evidence_note="Roster agreed with carers."
    )
    overdue = action("Transition plans for rangatahi 15 and over", -10, transitions)
    services.action_start(action=overdue, by=partner_admin)
    action("Share the transitions practice guide with the partner", 60, transitions, owner_organisation=None)
    services.review_finalise(review=review, by=hub)
