"""Demo tamariki and care agreements in every status for `seed_demo`, made through the services.

Idempotent: each demo tamaiti has a stable case reference; a tamaiti who already has an agreement is left
alone. Dates are relative to `ctx.today`, so the demo always shows agreements ending soon, under notice,
expired and so on. All names are fictional.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from agreements import rules, services, sweep, versions
from agreements.models import Agreement, Child
from careportal.demo import DemoContext

PROVISIONS = {
    "educational_needs": "Stays at the same kura; the caregiver takes te tamaiti to school each day.",
    "social_needs": "Keeps up weekly sport and time with friends.",
    "cultural_needs": "Regular time at the marae and with whānau; kapa haka practice continues.",
    "religious_needs": "Attends church with whānau when they wish.",
    "services_programme": "Whānau support worker visits twice a week; counselling arranged for the parent.",
    "parent_rights_obligations": "The parent keeps guardianship and is consulted on schooling and health.",
    "access_arrangements": "Weekend visits with the parent; phone calls any evening.",
}


@dataclass(frozen=True)
class DemoAgreement:
    case_reference: str
    name: str
    age: int
    target: str
    paragraph: str = ""  # "" for s139
    start_offset: int = 0  # days from today
    partner: bool = False


DEMO = (
    DemoAgreement("DEMO-CA-0001", "Manaia Herewini", 9, "draft"),
    DemoAgreement("DEMO-CA-0002", "Ariana Te Whata", 6, "returned"),
    DemoAgreement("DEMO-CA-0003", "Kahu Rangi", 13, "awaiting_fgc", paragraph="a", partner=True),
    DemoAgreement("DEMO-CA-0004", "Wiremu Kapa", 7, "awaiting_supervisor"),
    DemoAgreement("DEMO-CA-0005", "Nikau Paewai", 10, "awaiting_signatures", paragraph="b", partner=True),
    DemoAgreement("DEMO-CA-0006", "Tia Moana", 16, "active", paragraph="d", start_offset=-60, partner=True),
    DemoAgreement("DEMO-CA-0007", "Rāwiri Kingi", 8, "active", start_offset=-18, partner=True),
    DemoAgreement("DEMO-CA-0008", "Hana Tūhoe", 13, "notice_given", paragraph="a", start_offset=-30),
    DemoAgreement("DEMO-CA-0009", "Mikaere Tane", 5, "expired", start_offset=-40),
    DemoAgreement("DEMO-CA-0010", "Aroha Rewi", 11, "terminated", start_offset=-10),
    DemoAgreement("DEMO-CA-0011", "Pita Ngata", 12, "cancelled"),
    DemoAgreement("DEMO-CA-0012", "Kiri Waaka", 8, "awaiting_start", start_offset=5, partner=True),
    DemoAgreement("DEMO-CA-0013", "Tamati Hura", 10, "lapsed", start_offset=-3),
    # R-ALL-9: an s139 that ended 22 days before a new s139 starts: the approving supervisor is warned.
    DemoAgreement("DEMO-CA-0014", "Ngaio Parata", 7, "repeat_s139", start_offset=-40),
)


def _born(age: int, today: date) -> date:
    return date(today.year - age, 1, 15) if today.month > 1 else date(today.year - age - 1, 6, 15)


def _terms(spec: DemoAgreement, start: date, born: date, ctx: DemoContext) -> dict[str, Any]:
    s140 = bool(spec.paragraph)
    limit = rules.maximum_term(
        agreement_type="s140" if s140 else "s139",
        paragraph=spec.paragraph or None,
        start_date=start,
        date_of_birth=born,
    )
    return {
        "agreement_type": "s140" if s140 else "s139",
        "s140_paragraph": spec.paragraph,
        "start_date": start,
        "end_date": limit.max_end_date if s140 else start + timedelta(days=20),
        "end_plan": "transition_to_independence" if spec.paragraph == "d" else "return_home",
        "caregiver_organisation": ctx.organisations["partner"] if spec.partner else None,
        "contact_person": "Mere (parent), weekly phone calls and visits"
        if spec.paragraph in "abc" and s140
        else "",
        "serious_concerns_ruled_out": not s140,
        **PROVISIONS,
    }


PARTIES = [
    {"name": "Mere Demo", "role": "parent", "has_custody_right": True, "signatory": True},
    {"name": "Hōhepa Demo", "role": "parent", "has_custody_right": True, "signatory": False},
]


def _to_awaiting_signatures(agreement: Agreement, ctx: DemoContext, day: date) -> Agreement:
    worker, supervisor = ctx.users["worker"], ctx.users["supervisor"]
    services.agreement_submit(agreement=agreement, by=worker, today=day)
    if agreement.is_s140:
        services.agreement_record_fgc_approval(
            agreement=agreement,
            by=ctx.users["coordinator"],
            held_on=day - timedelta(days=3),
            coordinator_certified=True,
            today=day,
        )
    services.agreement_approve(agreement=agreement, by=supervisor, today=day)
    # The seed runs in one transaction, so the queued version would come only at its end: issue it now.
    versions.issue_signing_version(agreement.pk, day)
    agreement.refresh_from_db()
    return agreement


def _to_active(agreement: Agreement, ctx: DemoContext, day: date) -> Agreement:
    _to_awaiting_signatures(agreement, ctx, day)
    for party in agreement.parties.filter(signatory=True):
        services.agreement_record_signature(
            agreement=agreement,
            by=ctx.users["worker"],
            party=party,
            signed_on=day,
            typed_name=party.name,
            consent=True,
            today=day,
        )
    return services.agreement_activate(agreement=agreement, by=ctx.users["worker"], today=day)


def _advance(agreement: Agreement, spec: DemoAgreement, ctx: DemoContext) -> None:
    """Walk the agreement to its demo status through the services, as kaimahi would have done, each step
    on the day it would have been taken (R-DATE-5: nothing is made with a start date already past)."""
    worker, start, today = ctx.users["worker"], agreement.start_date, ctx.today
    if spec.target == "returned":
        services.agreement_submit(agreement=agreement, by=worker, today=today)
        services.agreement_return_to_draft(
            agreement=agreement,
            by=ctx.users["supervisor"],
            reason="Please add how te tamaiti will get to kura.",
            today=today,
        )
    elif spec.target in ("awaiting_fgc", "awaiting_supervisor"):
        services.agreement_submit(agreement=agreement, by=worker, today=today)
    elif spec.target in ("awaiting_signatures", "lapsed"):
        _to_awaiting_signatures(agreement, ctx, min(start, today))  # lapsed: the sweep below lapses it
    elif spec.target == "awaiting_start":
        _to_active(agreement, ctx, today)
    elif spec.target == "repeat_s139":
        _to_active(agreement, ctx, start)
        _repeat_s139(agreement, ctx)
    elif spec.target == "cancelled":
        services.agreement_cancel(agreement=agreement, by=worker, reason="Whānau arranged care themselves.")
    elif spec.target in ("active", "notice_given", "expired", "terminated"):
        _to_active(agreement, ctx, start)
        _end(agreement, spec, ctx)


def _repeat_s139(earlier: Agreement, ctx: DemoContext) -> None:
    """A new s139 for the same tamaiti starting 22 days after the earlier one's last day, for approval."""
    start = earlier.end_date + timedelta(days=22)
    terms = {f: getattr(earlier, f) for f in ("agreement_type", "end_plan", "serious_concerns_ruled_out")}
    later = services.agreement_create(
        by=ctx.users["worker"],
        child=earlier.child,
        parties=PARTIES,
        today=ctx.today,
        start_date=start,
        end_date=start + timedelta(days=20),
        caregiver_organisation=None,
        **terms,
        **PROVISIONS,
    )
    services.agreement_submit(agreement=later, by=ctx.users["worker"], today=ctx.today)


def _end(agreement: Agreement, spec: DemoAgreement, ctx: DemoContext) -> None:
    # s140 written notice given yesterday is still running; s139 verbal notice ended it at once (R-140-6, R-139-4).
    days_ago, form = {"notice_given": (1, "written"), "terminated": (2, "verbal")}.get(spec.target, (0, ""))
    if form:
        services.agreement_give_notice(
            agreement=agreement,
            by=ctx.users["worker"],
            party=agreement.parties.get(position=0),
            given_on=ctx.today - timedelta(days=days_ago),
            form=form,
            today=ctx.today,
        )


def seed(ctx: DemoContext) -> None:
    """Tamariki and agreements in every status, drafted by `worker`; some cared for by Kāinga Care Trust."""
    worker = ctx.users["worker"]
    for spec in DEMO:
        born = _born(spec.age, ctx.today)
        child, _ = Child.objects.get_or_create(
            case_reference=spec.case_reference,
            defaults={"name": spec.name, "date_of_birth": born, "iwi": "Ngāpuhi"},
        )
        if child.agreements.exists():
            continue
        start = ctx.today + timedelta(days=spec.start_offset)
        terms = _terms(spec, start, child.date_of_birth, ctx)
        agreement = services.agreement_create(
            by=worker, child=child, parties=PARTIES, today=min(start, ctx.today), **terms
        )
        _advance(agreement, spec, ctx)
    sweep.run(ctx.today)  # the expired demo agreement ends, the unsigned one lapses, as the sweep would do
