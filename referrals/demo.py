"""Demo referrals for `seed_demo`: one or more in every status, made through the services (idempotent).

Each demo referral is keyed by its whānau details text, so running the seed twice makes nothing new.
Dates are set around `ctx.today` by passing `today=` to the services, as if the work had been done then.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from careportal.demo import DemoContext

from . import services
from .choices import ContactChannel
from .models import Referral

FIELDS = {
    "situation": "Parents separated recently; Mum is finding the school run and mornings hard on her own.",
    "concerns": "Tamariki missing school two or three days a fortnight; no risk of serious harm identified.",
    "service_type": "Whānau support and parenting programme",
    "whanau_view": "Mum wants practical help with routines and would like a Māori provider.",
    "strengths": "Close to her sister and the kōhanga; tamariki are well cared for and happy.",
    "history_summary": "One previous partnered response in 2024 (budgeting support), closed well.",
    "other_providers": "None at present.",
}

Step = tuple[str, dict[str, Any]]


def _referred(*, consent_days_ago: int, provider: str, days_ago: int) -> list[Step]:
    """The first steps of every referred whānau: consent sought and given, then the referral to `provider`."""
    return [
        ("seek_consent", {}),
        ("record_consent", {"consented": True, "days_ago": consent_days_ago}),
        ("refer", {"provider": provider, "days_ago": days_ago}),
    ]


# key (whānau details) → the steps to take after creating it, in order.
DEMO: dict[str, list[Step]] = {
    "Demo whānau 1: Mum (31), tamariki aged 4 and 9, Ōtara.": [],
    "Demo whānau 2: Dad (40), rangatahi aged 15, Māngere.": [("seek_consent", {})],
    "Demo whānau 3: Nana (62) caring for two mokopuna, Papatoetoe.": [
        ("seek_consent", {}),
        ("record_consent", {"consented": False, "days_ago": 20}),
    ],
    "Demo whānau 4: Mum (27), pēpi aged 8 months, Manurewa.": [
        ("seek_consent", {}),
        ("record_consent", {"consented": True, "days_ago": 2}),
    ],
    "Demo whānau 5: Parents (35, 36), three tamariki, Clendon.": _referred(
        consent_days_ago=3, provider="provider", days_ago=1
    ),
    "Demo whānau 6: Mum (24), tamaiti aged 2, Wiri.": _referred(
        consent_days_ago=14, provider="provider2", days_ago=12
    ),
    "Demo whānau 7: Dad (45), tamariki aged 11 and 13, Ōtāhuhu.": [
        *_referred(consent_days_ago=10, provider="provider2", days_ago=9),
        ("decline", {"provider": "provider2", "days_ago": 6}),
    ],
    "Demo whānau 8: Mum (33), tamariki aged 5 and 6, Flat Bush.": [
        *_referred(consent_days_ago=21, provider="provider", days_ago=20),
        ("accept", {"provider": "provider", "days_ago": 18}),
        ("contact", {"by": "drc", "days_ago": 10}),
    ],
    "Demo whānau 9: Grandparents (58, 60) caring for a tamaiti aged 7, Takanini.": [
        *_referred(consent_days_ago=70, provider="provider", days_ago=68),
        ("accept", {"provider": "provider", "days_ago": 66}),
        ("start_monitoring", {}),
        ("contact", {"by": "provider", "days_ago": 40}),
    ],
    "Demo whānau 10: Mum (38), rangatahi aged 14 and 16, Weymouth.": [
        *_referred(consent_days_ago=30, provider="provider", days_ago=29),
        ("accept", {"provider": "provider", "days_ago": 27}),
        ("escalate", {"meeting_in_days": 7}),
    ],
    "Demo whānau 11: Parents (29, 30), tamariki aged 3 and 6, Randwick Park.": [
        *_referred(consent_days_ago=90, provider="provider2", days_ago=88),
        ("decline", {"provider": "provider2", "days_ago": 86}),
        ("refer", {"provider": "provider", "days_ago": 85}),
        ("accept", {"provider": "provider", "days_ago": 84}),
        ("start_monitoring", {}),
        ("contact", {"by": "provider", "days_ago": 60}),
        ("contact", {"by": "drc", "days_ago": 35}),
        ("close", {"days_ago": 5}),
    ],
}


def seed(ctx: DemoContext) -> None:
    drc = ctx.users["drc"]
    for key, steps in DEMO.items():
        if Referral.objects.filter(family_details=key).exists():
            continue
        created_on = ctx.today - timedelta(days=max([s.get("days_ago", 0) for _, s in steps] + [0]) + 2)
        referral = services.referral_create(
            by=drc,
            today=created_on,
            family_details=key,
            no_current_involvement=True,
            below_statutory_threshold=True,
            **(FIELDS if steps else {"situation": FIELDS["situation"], "concerns": FIELDS["concerns"]}),
        )
        for name, options in steps:
            referral = STEPS[name](ctx, referral, options)


def _day(ctx: DemoContext, options: dict[str, Any]) -> date:
    return ctx.today - timedelta(days=options.get("days_ago", 0))


def _record_consent(ctx: DemoContext, referral: Referral, options: dict[str, Any]) -> Referral:
    day = _day(ctx, options)
    return services.referral_record_consent(
        referral=referral,
        by=ctx.users["drc"],
        consented=options["consented"],
        given_on=day,
        given_by="Mum",
        today=day,
    )


def _refer(ctx: DemoContext, referral: Referral, options: dict[str, Any]) -> Referral:
    provider = ctx.organisations[options["provider"]]
    return services.referral_refer(
        referral=referral, by=ctx.users["drc"], provider=provider, today=_day(ctx, options)
    )


def _accept(ctx: DemoContext, referral: Referral, options: dict[str, Any]) -> Referral:
    return services.referral_accept(
        referral=referral, by=ctx.users[options["provider"]], today=_day(ctx, options)
    )


def _decline(ctx: DemoContext, referral: Referral, options: dict[str, Any]) -> Referral:
    reason = "We have no capacity in this area until next term."
    by = ctx.users[options["provider"]]
    return services.referral_decline(referral=referral, by=by, reason=reason, today=_day(ctx, options))


def _contact(ctx: DemoContext, referral: Referral, options: dict[str, Any]) -> Referral:
    day = _day(ctx, options)
    note = "Checked in on progress; the whānau is engaging well."
    by = ctx.users[options["by"]]
    services.referral_contact_log(
        referral=referral, by=by, contacted_on=day, channel=ContactChannel.PHONE, note=note, today=day
    )
    return Referral.objects.get(pk=referral.pk)


def _escalate(ctx: DemoContext, referral: Referral, options: dict[str, Any]) -> Referral:
    meeting = ctx.today + timedelta(days=options["meeting_in_days"])
    reason = "New information suggests the concerns may be escalating; seek the pathways meeting's view."
    return services.referral_escalate(
        referral=referral, by=ctx.users["drc"], reason=reason, pathways_meeting_on=meeting, today=ctx.today
    )


def _close(ctx: DemoContext, referral: Referral, options: dict[str, Any]) -> Referral:
    outcome = "Routines settled and school attendance back to normal; the whānau is happy to close."
    return services.referral_close(
        referral=referral, by=ctx.users["drc"], outcome=outcome, today=_day(ctx, options)
    )


STEPS: dict[str, Callable[[DemoContext, Referral, dict[str, Any]], Referral]] = {
    "seek_consent": lambda ctx, r, o: services.referral_seek_consent(referral=r, by=ctx.users["drc"]),
    "record_consent": _record_consent,
    "refer": _refer,
    "accept": _accept,
    "decline": _decline,
    "start_monitoring": lambda ctx, r, o: services.referral_start_monitoring(referral=r, by=ctx.users["drc"]),
    "contact": _contact,
    "escalate": _escalate,
    "close": _close,
}
