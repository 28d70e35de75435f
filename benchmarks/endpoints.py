"""The pages and endpoints the benchmark measures, per signed-in user (decision 0010)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

USERS = {"supervisor": "bench_supervisor", "partner": "bench_partner", "worker": "bench_worker"}


def _nth(queryset: Any, n: int) -> Any:
    """The n-th row, or the last where there are fewer (the smallest scales)."""
    return queryset[min(n, queryset.count() - 1)]


def ids() -> dict[str, Any]:
    """A recent agreement and referral for staff; an agreement the partner's organisation may open."""
    from django.contrib.auth import get_user_model

    from agreements.models import Agreement
    from agreements.permissions import scope_agreements
    from careportal.search import fold
    from referrals.models import Referral

    partner = get_user_model().objects.get(username=USERS["partner"])
    mid = _nth(Agreement.objects.filter(status="active").order_by("reference"), 10)
    # Through the one scope every page uses (R-PRIV-4: never a draft), so the partner's pages answer 200.
    own = _nth(scope_agreements(Agreement.objects.all(), partner).order_by("-created_at"), 3)
    referral = _nth(Referral.objects.filter(status="monitoring").order_by("reference"), 10)
    return {
        "supervisor": {
            "agreement": str(mid.pk),
            "reference": mid.reference,
            "case_reference": mid.child.case_reference,
            "referral": str(referral.pk),
            "referral_reference": referral.reference,
            "name": _typed(mid.child.name),
        },
        "partner": {"agreement": str(own.pk), "reference": own.reference, "name": _typed(own.child.name)},
        # The agreement form with a tamaiti chosen (its label drawn), and what the worker types to find one.
        "worker": {
            "child": str(mid.child_id),
            "typed": (fold(mid.child.name) or "")[:5],  # the start of the name, typed without macrons
            "reference": mid.child.case_reference[:7],
        },
    }


def _typed(name: str) -> str:
    """A name as a person types it into the search: no macrons, lower case (careportal.search)."""
    from careportal.search import fold

    return quote(fold(name) or "")


def endpoints(ids: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(user key, label, path): first page, filtered, searched and detail, portal and API."""
    s, p = ids["supervisor"], ids["partner"]
    return [
        ("supervisor", "portal home", "/"),
        ("supervisor", "portal agreements", "/agreements/"),
        ("supervisor", "portal agreements filtered", "/agreements/?status=active"),
        ("supervisor", "portal agreements searched", f"/agreements/?case_reference={s['case_reference']}"),
        ("supervisor", "portal agreement detail", f"/agreements/{s['agreement']}/"),
        ("supervisor", "portal tamariki", "/agreements/tamariki/"),
        ("supervisor", "portal referrals", "/referrals/"),
        ("supervisor", "portal referrals filtered", "/referrals/?status=monitoring"),
        ("supervisor", "portal referral detail", f"/referrals/{s['referral']}/"),
        ("supervisor", "portal partner pipeline", "/partners/"),
        ("supervisor", "portal quality dashboard", "/quality/"),
        ("supervisor", "API agreements", "/api/v1/agreements/"),
        ("supervisor", "API agreements filtered", "/api/v1/agreements/?status=active"),
        ("supervisor", "API agreements searched", f"/api/v1/agreements/?search={s['reference']}"),
        ("supervisor", "API agreement detail", f"/api/v1/agreements/{s['agreement']}/"),
        ("supervisor", "API children", "/api/v1/children/"),
        ("supervisor", "API referrals", "/api/v1/referrals/"),
        ("supervisor", "API referrals filtered", "/api/v1/referrals/?status=monitoring"),
        ("supervisor", "API referrals searched", f"/api/v1/referrals/?search={s['referral_reference']}"),
        ("supervisor", "API referral detail", f"/api/v1/referrals/{s['referral']}/"),
        ("supervisor", "API organisations", "/api/v1/organisations/"),
        ("supervisor", "API QA reviews", "/api/v1/qa-reviews/"),
        ("supervisor", "API search by name", f"/api/v1/search/?q={s['name']}"),
        ("supervisor", "API search by reference", f"/api/v1/search/?q={s['reference'][:-1]}"),
        ("partner", "portal home", "/"),
        ("partner", "portal agreements", "/agreements/"),
        ("partner", "portal agreements filtered", "/agreements/?status=active"),
        ("partner", "portal agreement detail", f"/agreements/{p['agreement']}/"),
        ("partner", "portal my application", "/partners/mine/"),
        ("partner", "API agreements", "/api/v1/agreements/"),
        ("partner", "API agreements filtered", "/api/v1/agreements/?status=active"),
        ("partner", "API agreements searched", f"/api/v1/agreements/?search={p['reference']}"),
        ("partner", "API agreement detail", f"/api/v1/agreements/{p['agreement']}/"),
        ("partner", "API QA reviews", "/api/v1/qa-reviews/"),
        ("partner", "API search by name", f"/api/v1/search/?q={p['name']}"),
        ("worker", "portal agreement form", "/agreements/new/"),
        ("worker", "portal agreement form, child chosen", f"/agreements/new/?child={ids['worker']['child']}"),
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
