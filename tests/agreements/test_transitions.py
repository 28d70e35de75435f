"""Every transition (api.md names): allowed from each source state for each permitted role, refused with
409 from every other state and with 403 (or 404 when the record is not visible) for every other role."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest

from agreements.choices import PRE_ACTIVE_STATUSES, AgreementStatus
from agreements.models import Agreement
from agreements.permissions import CAREGIVER_VISIBLE_STATUSES
from careportal.audit.models import AuditEntry
from tests.agreements.factories import agreement_in, sign_all

pytestmark = pytest.mark.django_db
S = AgreementStatus
CASEWORK = ("worker", "senior")
ALL_PERSONAS = (
    "worker",
    "senior",
    "supervisor",
    "coordinator",
    "drc",
    "pfo",
    "hub",
    "delegate",
    "admin_user",
    "partner_admin",
    "partner_staff",
    "outsider",
    "applicant_admin",
    "provider_user",
)
# Personas who can see an agreement whose caregiver is partner_org (all others get 404: R-PRIV-1).
PARTNERS = ("partner_admin", "partner_staff")
CAN_SEE = ("worker", "senior", "supervisor", "coordinator", "admin_user", "partner_admin", "partner_staff")


def _party(agreement: Agreement, position: int) -> str:
    return str(agreement.parties.get(position=position).pk)


@dataclass(frozen=True)
class Case:
    name: str
    sources: tuple[str, ...]
    roles: tuple[str, ...]
    target: str
    body: Callable[[Agreement, date], dict] = lambda a, t: {}
    prepare: Callable[[Agreement], None] = lambda a: None
    s140: bool = False
    extra: dict = field(default_factory=dict)
    target_from: dict = field(default_factory=dict)  # a source whose target differs from `target`

    def __str__(self) -> str:
        return self.name


CASES = [
    Case("submit", (S.DRAFT,), CASEWORK, S.AWAITING_SUPERVISOR),
    Case(
        "record_fgc_approval",
        (S.AWAITING_FGC,),
        ("coordinator",),
        S.AWAITING_SUPERVISOR,
        body=lambda a, t: {"held_on": t.isoformat(), "coordinator_certified": True},
        s140=True,
    ),
    Case("approve", (S.AWAITING_SUPERVISOR,), ("supervisor",), S.AWAITING_SIGNATURES),
    Case(
        "return_to_draft",
        (S.AWAITING_SUPERVISOR, S.AWAITING_SIGNATURES),
        ("supervisor",),
        S.DRAFT,
        body=lambda a, t: {"reason": "Add the access arrangements for weekends."},
    ),
    Case(
        "record_signature",
        (S.AWAITING_SIGNATURES,),
        CASEWORK,
        S.AWAITING_SIGNATURES,
        body=lambda a, t: {"party": _party(a, 0), "signed_on": t.isoformat()},
    ),
    Case("activate", (S.AWAITING_SIGNATURES,), CASEWORK, S.ACTIVE, prepare=sign_all),
    Case(
        "extend",
        (S.ACTIVE,),
        CASEWORK,
        S.ACTIVE,
        body=lambda a, t: {"end_date": (a.end_date + timedelta(days=5)).isoformat()},
    ),
    Case(
        "give_notice",
        (S.ACTIVE, S.AWAITING_START),  # R-ALL-10: before its start it ends at once
        CASEWORK,
        S.TERMINATED,
        body=lambda a, t: {"party": _party(a, 0), "given_on": t.isoformat(), "form": "verbal"},
    ),
    Case("withdraw_notice", (S.NOTICE_GIVEN,), CASEWORK, S.ACTIVE),
    Case(
        "withdraw_child_consent",
        (S.ACTIVE, S.AWAITING_START),
        CASEWORK,
        S.NOTICE_GIVEN,
        body=lambda a, t: {"given_on": t.isoformat()},
        s140=True,
        target_from={S.AWAITING_START: S.TERMINATED},  # R-ALL-10: it never began, so it ends at once
    ),
    Case(
        "terminate",
        (S.ACTIVE, S.NOTICE_GIVEN, S.AWAITING_START),
        (*CASEWORK, "coordinator"),
        S.TERMINATED,
        body=lambda a, t: {
            "kind": "guardian_reclaim",
            "party": _party(a, 1),
            "reason": "Tama asked to care.",
        },
    ),
    Case(
        "cancel",
        PRE_ACTIVE_STATUSES,
        (*CASEWORK, "supervisor"),
        S.CANCELLED,
        body=lambda a, t: {"reason": "Whānau found another arrangement."},
    ),
]


def _agreement(case: Case, status: str, worker, partner_org) -> Agreement:
    return agreement_in(status, s140=case.s140, drafted_by=worker, caregiver_organisation=partner_org)


def _post(client, agreement: Agreement, case: Case, today: date):
    url = f"/api/v1/agreements/{agreement.pk}/{case.name}/"
    return client.post(url, case.body(agreement, today), format="json")


ALLOWED = [
    pytest.param(c, s, r, id=f"{c.name}-from-{s}-by-{r}") for c in CASES for s in c.sources for r in c.roles
]
WRONG_STATE = [
    pytest.param(c, s, id=f"{c.name}-from-{s}") for c in CASES for s in S.values if s not in c.sources
]
WRONG_ROLE = [
    pytest.param(c, r, id=f"{c.name}-by-{r}") for c in CASES for r in ALL_PERSONAS if r not in c.roles
]


@pytest.mark.parametrize(("case", "source", "role"), ALLOWED)
def test_transition_is_allowed_from_its_source_state_for_its_role(
    case, source, role, personas, api_as, worker, partner_org, today
):
    agreement = _agreement(case, source, worker, partner_org)
    case.prepare(agreement)
    target = case.target_from.get(source, case.target)
    response = _post(api_as(personas(role)), agreement, case, today)
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == target
    agreement.refresh_from_db()
    assert agreement.status == target
    entry = AuditEntry.objects.for_object(agreement).history().last()
    assert (entry.action, entry.from_status, entry.to_status) == (case.name, source, target)
    assert entry.actor == personas(role)


@pytest.mark.parametrize(("case", "state"), WRONG_STATE)
def test_transition_is_refused_with_409_from_every_other_state(
    case, state, personas, api_as, worker, partner_org, today
):
    agreement = _agreement(case, state, worker, partner_org)
    response = _post(api_as(personas(case.roles[0])), agreement, case, today)
    assert response.status_code == 409, response.json()
    assert response.json()["status"] == state
    agreement.refresh_from_db()
    assert agreement.status == state


@pytest.mark.parametrize(("case", "role"), WRONG_ROLE)
def test_transition_is_refused_for_every_other_role(case, role, personas, api_as, worker, partner_org, today):
    """403 for a role that can see the agreement; 404 for one that cannot (R-PRIV-1), and for the
    caregiver organisation before awaiting signatures (R-PRIV-4)."""
    agreement = _agreement(case, case.sources[0], worker, partner_org)
    case.prepare(agreement)
    response = _post(api_as(personas(role)), agreement, case, today)
    sees = role in CAN_SEE and (role not in PARTNERS or case.sources[0] in CAREGIVER_VISIBLE_STATUSES)
    assert response.status_code == (403 if sees else 404)
    agreement.refresh_from_db()
    assert agreement.status == case.sources[0]


def test_a_supervisor_may_not_approve_an_agreement_they_drafted(api_as, supervisor):
    agreement = agreement_in(S.AWAITING_SUPERVISOR, drafted_by=supervisor)
    response = api_as(supervisor).post(f"/api/v1/agreements/{agreement.pk}/approve/", {}, format="json")
    assert response.status_code == 403
    assert (
        "approve"
        not in api_as(supervisor).get(f"/api/v1/agreements/{agreement.pk}/").json()["allowed_transitions"]
    )


def test_a_paragraph_d_extension_is_the_coordinators(api_as, worker, coordinator, today):
    """R-140-1 / R-140-3: a (d) extension follows an FGC and is approved by the coordinator role."""
    agreement = agreement_in(S.ACTIVE, s140=True, drafted_by=worker, s140_paragraph="d")
    body = {
        "end_date": (agreement.end_date + timedelta(days=30)).isoformat(),
        "fgc_held_on": today.isoformat(),
    }
    url = f"/api/v1/agreements/{agreement.pk}/extend/"
    assert api_as(worker).post(url, body, format="json").status_code == 403
    response = api_as(coordinator).post(url, body, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["extensions"][0]["fgc_held_on"] == today.isoformat()
