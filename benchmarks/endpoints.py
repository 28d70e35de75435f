"""The pages and endpoints the benchmark measures: each persona's journey, forms included (decision 0010).

A label once measured keeps its name, so RESULTS.md sets each figure beside the previous run's."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

# Every persona the portal serves: Oranga Tamariki kaimahi, a care partner (approved, and one applying)
# and a community provider.
USERS = {
    "supervisor": "bench_supervisor",
    "partner": "bench_partner",
    "worker": "bench_worker",
    "coordinator": "bench_coordinator",
    "drc": "bench_drc",
    "hub": "bench_hub",
    "provider": "bench_provider",
    "applicant": "bench_applicant",
}


def _nth(queryset: Any, n: int) -> Any:
    """The n-th row, or the last where there are fewer (the smallest scales)."""
    return queryset[min(n, queryset.count() - 1)]


def _user(key: str) -> Any:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=USERS[key])


def _agreement_ids() -> dict[str, Any]:
    from agreements.models import Agreement
    from agreements.permissions import scope_agreements
    from careportal.search import fold

    def in_state(status: str) -> Any:
        return _nth(Agreement.objects.filter(status=status).order_by("reference"), 10)

    mid = in_state("active")
    # Through the one scope every page uses (R-PRIV-4: never a draft), so the partner's pages answer 200.
    own = _nth(scope_agreements(Agreement.objects.all(), _user("partner")).order_by("-created_at"), 3)
    return {
        "supervisor": {
            "agreement": str(mid.pk),
            "reference": mid.reference,
            "case_reference": mid.child.case_reference,
            "name": _typed(mid.child.name),
            "to_approve": str(in_state("awaiting_supervisor").pk),
        },
        "partner": {"agreement": str(own.pk), "reference": own.reference, "name": _typed(own.child.name)},
        # The agreement form with a tamaiti chosen (its label drawn), and what the worker types to find one.
        "worker": {
            "child": str(mid.child_id),
            "typed": (fold(mid.child.name) or "")[:5],  # the start of the name, typed without macrons
            "reference": mid.child.case_reference[:7],
            "to_sign": str(in_state("awaiting_signatures").pk),
        },
        "coordinator": {"to_record_fgc": str(in_state("awaiting_fgc").pk)},
    }


def _other_ids() -> dict[str, Any]:
    from partners.models import Application
    from quality.models import QACycle, QAReview
    from quality.permissions import reviews_visible_to
    from referrals.models import Referral
    from referrals.permissions import scope as scope_referrals

    referral = _nth(Referral.objects.filter(status="monitoring").order_by("reference"), 10)
    provider_referral = _nth(
        scope_referrals(Referral.objects.all(), _user("provider")).order_by("reference"), 3
    )
    application = _nth(Application.objects.filter(status="readiness").order_by("pk"), 1)
    review = _nth(QAReview.objects.filter(status="in_progress").order_by("reference"), 1)
    partner_review = (
        reviews_visible_to(_user("partner"), QAReview.objects.all()).order_by("reference").first()
    )
    applicant = _user("applicant")
    own_application = Application.objects.filter(organisation_id=applicant.organisation_id).get()
    return {
        "referral": {"referral": str(referral.pk), "referral_reference": referral.reference},
        "hub": {
            "application": str(application.pk),
            "review": str(review.pk),
            "cycle": str(_nth(QACycle.objects.order_by("pk"), 1).pk),
        },
        "partner_review": str(partner_review.pk) if partner_review else "",
        "provider": {"referral": str(provider_referral.pk)},
        "applicant": {"application": str(own_application.pk)},
    }


def ids() -> dict[str, Any]:
    """The records each persona's pages open, chosen the same way at every scale."""
    agreement_ids, other = _agreement_ids(), _other_ids()
    agreement_ids["supervisor"].update(other.pop("referral"))
    agreement_ids["partner"]["review"] = other.pop("partner_review")
    return {**agreement_ids, **other}


def _typed(name: str) -> str:
    """A name as a person types it into the search: no macrons, lower case (careportal.search)."""
    from careportal.search import fold

    return fold(name) or ""


def _supervisor(s: dict[str, Any]) -> list[tuple[str, str]]:
    return [
        ("portal home", "/"),
        ("portal agreements", "/agreements/"),
        ("portal agreements filtered", "/agreements/?status=active"),
        ("portal agreements searched", f"/agreements/?case_reference={s['case_reference']}"),
        ("portal agreement detail", f"/agreements/{s['agreement']}/"),
        ("portal agreement to approve", f"/agreements/{s['to_approve']}/"),
        ("portal tamariki", "/agreements/tamariki/"),
        ("portal referrals", "/referrals/"),
        ("portal referrals filtered", "/referrals/?status=monitoring"),
        ("portal referral detail", f"/referrals/{s['referral']}/"),
        ("portal partner pipeline", "/partners/"),
        ("portal quality dashboard", "/quality/"),
        ("portal notifications", "/notifications/"),
        ("API agreements", "/api/v1/agreements/"),
        ("API agreements filtered", "/api/v1/agreements/?status=active"),
        ("API agreements searched", f"/api/v1/agreements/?search={s['reference']}"),
        ("API agreement detail", f"/api/v1/agreements/{s['agreement']}/"),
        ("API children", "/api/v1/children/"),
        ("API referrals", "/api/v1/referrals/"),
        ("API referrals filtered", "/api/v1/referrals/?status=monitoring"),
        ("API referrals searched", f"/api/v1/referrals/?search={s['referral_reference']}"),
        ("API referral detail", f"/api/v1/referrals/{s['referral']}/"),
        ("API organisations", "/api/v1/organisations/"),
        ("API QA reviews", "/api/v1/qa-reviews/"),
        ("API search by name", f"/api/v1/search/?q={quote(s['name'])}"),
        ("API search by reference", f"/api/v1/search/?q={s['reference'][:-1]}"),
    ]


def _partner(p: dict[str, Any]) -> list[tuple[str, str]]:
    review = [("portal QA review", f"/quality/reviews/{p['review']}/")] if p["review"] else []
    return [
        ("portal home", "/"),
        ("portal agreements", "/agreements/"),
        ("portal agreements filtered", "/agreements/?status=active"),
        ("portal agreement detail", f"/agreements/{p['agreement']}/"),
        ("portal my application", "/partners/mine/"),
        *review,
        ("portal improvement actions", "/quality/actions/"),
        ("API agreements", "/api/v1/agreements/"),
        ("API agreements filtered", "/api/v1/agreements/?status=active"),
        ("API agreements searched", f"/api/v1/agreements/?search={p['reference']}"),
        ("API agreement detail", f"/api/v1/agreements/{p['agreement']}/"),
        ("API QA reviews", "/api/v1/qa-reviews/"),
        ("API search by name", f"/api/v1/search/?q={quote(p['name'])}"),
    ]


def _staff(ids: dict[str, Any]) -> list[tuple[str, str, str]]:
    w, c, h, d = ids["worker"], ids["coordinator"], ids["hub"], ids["supervisor"]
    worker = [
        ("portal home", "/"),
        ("portal agreements", "/agreements/"),
        ("portal agreement form", "/agreements/new/"),
        ("portal agreement form, child chosen", f"/agreements/new/?child={w['child']}"),
        ("portal signing page", f"/agreements/{w['to_sign']}/"),
        ("portal tamaiti detail", f"/agreements/tamariki/{w['child']}/"),
        ("portal new tamaiti form", "/agreements/tamariki/new/"),
    ]
    coordinator = [
        ("portal home", "/"),
        ("portal agreements awaiting FGC", "/agreements/?status=awaiting_fgc"),
        ("portal FGC approval page", f"/agreements/{c['to_record_fgc']}/"),
    ]
    drc = [
        ("portal home", "/"),
        ("portal referrals", "/referrals/"),
        ("portal referral form", "/referrals/new/"),
        ("portal referral detail", f"/referrals/{d['referral']}/"),
        ("portal pathways agenda", "/referrals/pathways-agenda/"),
    ]
    hub = [
        ("portal home", "/"),
        ("portal partner pipeline", "/partners/"),
        ("portal application detail", f"/partners/applications/{h['application']}/"),
        ("portal quality dashboard", "/quality/"),
        ("portal QA cycles", "/quality/cycles/"),
        ("portal QA cycle detail", f"/quality/cycles/{h['cycle']}/"),
        ("portal QA reviews", "/quality/reviews/"),
        ("portal QA review detail", f"/quality/reviews/{h['review']}/"),
        ("portal improvement actions", "/quality/actions/"),
    ]
    return [
        *(("worker", label, path) for label, path in worker),
        *(("coordinator", label, path) for label, path in coordinator),
        *(("drc", label, path) for label, path in drc),
        *(("hub", label, path) for label, path in hub),
    ]


def _organisations(ids: dict[str, Any]) -> list[tuple[str, str, str]]:
    provider = [
        ("portal home", "/"),
        ("portal referral inbox", "/referrals/inbox/"),
        ("portal referral detail", f"/referrals/{ids['provider']['referral']}/"),
        ("API referrals", "/api/v1/referrals/"),
    ]
    application = ids["applicant"]["application"]
    applicant = [
        ("portal my application", "/partners/mine/"),
        ("portal evidence upload form", f"/partners/applications/{application}/evidence/new/"),
    ]
    return [
        *(("provider", label, path) for label, path in provider),
        *(("applicant", label, path) for label, path in applicant),
    ]


def endpoints(ids: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(user key, label, path): every GET of every persona's journey, portal and API."""
    return [
        *(("supervisor", label, path) for label, path in _supervisor(ids["supervisor"])),
        *(("partner", label, path) for label, path in _partner(ids["partner"])),
        *_staff(ids),
        *_organisations(ids),
    ]


def portal_searches(ids: dict[str, Any]) -> list[tuple[str, str, str, dict[str, str]]]:
    """(user key, label, path, POST body): the portal's search, POSTed and followed through its 303 to the
    results page (the typed name is never in a URL: decision 0019)."""
    return [
        ("supervisor", "portal search by name", "/search/", {"q": ids["supervisor"]["name"]}),
        ("partner", "portal search by name", "/search/", {"q": ids["partner"]["name"]}),
    ]


def lookups(ids: dict[str, Any]) -> list[tuple[str, str, str, dict[str, str]]]:
    """(user key, label, path, POST body): the combobox's look-ups (the typed text is never in a URL)."""
    w = ids["worker"]
    return [
        ("worker", "look-up tamariki by name", "/lookup/children/", {"q": w["typed"]}),
        ("worker", "look-up tamariki by reference", "/lookup/children/", {"q": w["reference"]}),
        ("worker", "look-up care partners", "/lookup/care-partners/", {"q": "Tr"}),
    ]
