"""R-PRIV-4: a caregiver organisation sees an agreement naming it only from awaiting signatures on (never a
draft, nor one cancelled before that), and a tamaiti only through such an agreement.

Table-driven over every status (and every way of being cancelled) x the caregiver organisation's admin and
staff, for every read: list (portal and API, filtered and searched), detail, PDF, history, the tamaiti's
record and the tamariki lists. Staff see everything; another organisation sees nothing.
"""

from __future__ import annotations

import pytest

from agreements import services, versions
from agreements.models import Agreement
from tests.agreements.factories import agreement_in

pytestmark = pytest.mark.django_db

# case -> (how to make it, whether the caregiver organisation sees it)
CASES = {
    "draft": ("draft", False),
    "awaiting_fgc": ("awaiting_fgc", False),
    "awaiting_supervisor": ("awaiting_supervisor", False),
    "awaiting_signatures": ("awaiting_signatures", True),
    "active": ("active", True),
    "notice_given": ("notice_given", True),
    "expired": ("expired", True),
    "terminated": ("terminated", True),
    "cancelled_from_draft": ("cancel:draft", False),
    "cancelled_from_awaiting_fgc": ("cancel:awaiting_fgc", False),
    "cancelled_from_awaiting_supervisor": ("cancel:awaiting_supervisor", False),
    "cancelled_from_awaiting_signatures": ("cancel:awaiting_signatures", True),
    # Returned to draft after the caregiver saw it, then cancelled as a draft: the draft never was.
    "returned_then_cancelled": ("return_cancel:awaiting_signatures", False),
    # A cancelled row with no cancel entry in the audit trail (e.g. loaded in bulk): hidden, the safe side.
    "cancelled_without_history": ("cancelled", False),
}


def make(how: str, *, org, worker, supervisor) -> Agreement:
    step, _, status = how.rpartition(":")
    agreement = agreement_in(
        status, s140=status == "awaiting_fgc", caregiver_organisation=org, drafted_by=worker
    )
    if step == "return_cancel":
        services.agreement_return_to_draft(agreement=agreement, by=supervisor, reason="Wrong dates.")
    if step:
        services.agreement_cancel(agreement=agreement, by=worker, reason="Whānau arranged care.")
    agreement.refresh_from_db()
    return agreement


def reads(agreement: Agreement) -> dict[str, str]:
    a, c = agreement.pk, agreement.child_id
    return {
        "portal detail": f"/agreements/{a}/",
        "portal pdf": f"/agreements/{a}/pdf/",
        "portal child": f"/agreements/tamariki/{c}/",
        "api detail": f"/api/v1/agreements/{a}/",
        "api pdf": f"/api/v1/agreements/{a}/pdf/",
        "api history": f"/api/v1/agreements/{a}/history/",
        "api child": f"/api/v1/children/{c}/",
    }


def answer_when_seen(agreement: Agreement, what: str) -> int:
    """200, but for a PDF before anything was issued (R-ALL-6): the portal sends back to the agreement's
    page with a message, the API answers 409 (the record is seen; its document does not exist yet)."""
    if what.endswith("pdf") and not versions.issued(Agreement.objects.get(pk=agreement.pk)):
        return 409 if what.startswith("api") else 302
    return 200


def api_lists(client, agreement: Agreement) -> dict[str, bool]:
    """Whether the agreement (or its tamaiti) appears in each API list a caregiver can ask for."""
    ref, case, child = agreement.reference, agreement.child.case_reference, agreement.child_id

    def found(path: str, **query) -> bool:
        return bool(client.get(path, {"page_size": 100, **query}).json()["results"])

    return {
        "api list": str(agreement.pk) in str(client.get("/api/v1/agreements/", {"page_size": 100}).json()),
        "api search": found("/api/v1/agreements/", search=ref),
        "api by child": found("/api/v1/agreements/", child=child),
        "api by case reference": found("/api/v1/agreements/", case_reference=case),
        "api children": found("/api/v1/children/", case_reference=case),
    }


def portal_lists(client, agreement: Agreement) -> dict[str, bool]:
    ref, case = agreement.reference, agreement.child.case_reference
    return {
        "portal list": ref in client.get("/agreements/").content.decode(),
        "portal search": ref in client.get("/agreements/", {"case_reference": case}).content.decode(),
        "portal tamariki": case in client.get("/agreements/tamariki/").content.decode(),
    }


@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("persona", ["partner_admin", "partner_staff"])
def test_a_caregiver_sees_an_agreement_from_awaiting_signatures_on_R_PRIV_4(
    request, case, persona, partner_org, worker, supervisor, portal_as, api_as
):
    how, visible = CASES[case]
    agreement = make(how, org=partner_org, worker=worker, supervisor=supervisor)
    user = request.getfixturevalue(persona)
    for what, path in reads(agreement).items():
        client = api_as(user) if what.startswith("api") else portal_as(user)
        expected = answer_when_seen(agreement, what) if visible else 404
        assert client.get(path).status_code == expected, (what, agreement.status)
    shown = {**api_lists(api_as(user), agreement), **portal_lists(portal_as(user), agreement)}
    assert shown == dict.fromkeys(shown, visible), agreement.status


@pytest.mark.parametrize("case", list(CASES))
def test_staff_see_every_agreement_and_another_organisation_none_R_PRIV_4(
    case, partner_org, worker, supervisor, outsider, portal_as, api_as
):
    agreement = make(CASES[case][0], org=partner_org, worker=worker, supervisor=supervisor)
    for what, path in reads(agreement).items():
        staff = api_as(supervisor) if what.startswith("api") else portal_as(supervisor)
        other = api_as(outsider) if what.startswith("api") else portal_as(outsider)
        assert staff.get(path).status_code == answer_when_seen(agreement, what), what
        assert other.get(path).status_code == 404, what


def test_a_tamaiti_page_lists_only_the_agreements_the_caregiver_may_see_R_PRIV_4(
    partner_org, partner_admin, worker, portal_as
):
    shown = agreement_in("active", caregiver_organisation=partner_org, drafted_by=worker)
    hidden = agreement_in("draft", caregiver_organisation=partner_org, drafted_by=worker, child=shown.child)
    page = portal_as(partner_admin).get(f"/agreements/tamariki/{shown.child_id}/").content.decode()
    assert shown.reference in page and hidden.reference not in page


def test_the_caregiver_sees_it_once_approved_R_PRIV_4(partner_org, partner_admin, worker, supervisor, api_as):
    agreement = agreement_in("awaiting_supervisor", caregiver_organisation=partner_org, drafted_by=worker)
    client = api_as(partner_admin)
    assert client.get(f"/api/v1/agreements/{agreement.pk}/").status_code == 404
    services.agreement_approve(agreement=agreement, by=supervisor)
    assert client.get(f"/api/v1/agreements/{agreement.pk}/").status_code == 200
