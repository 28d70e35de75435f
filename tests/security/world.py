"""One world for the security tests: a record of every kind owned by organisation A and by organisation B.

A = `partner_org` (partner_admin, partner_staff) and, for referrals, provider 1 (`provider_user`);
B = `other_partner_org` (`outsider`) and, for referrals, provider 2 (`provider2_user`). The applicant
organisation owns nothing here: `applicant_admin` must see none of it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from careportal.notifications.models import FollowUpTask, Notification
from partners.models import Requirement
from quality.models import NationalCareStandard
from tests.agreements.factories import agreement_in
from tests.partners.factories import (
    AccreditationFactory,
    EvidenceFactory,
    ReadinessApplicationFactory,
    S396ApprovalFactory,
)
from tests.quality.factories import FindingFactory, OpenActionFactory, PartnerResponseReviewFactory
from tests.referrals.factories import ReferredReferralFactory

PERSONAS = (
    "anonymous",
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
    "provider2_user",
)
# Which owner ("A"/"B") each organisation persona belongs to, per kind of ownership.
ORG_SIDE = {"partner_admin": "A", "partner_staff": "A", "outsider": "B"}
PROVIDER_SIDE = {"provider_user": "A", "provider2_user": "B"}


@dataclass
class World:
    users: dict[str, Any]
    records: dict[str, dict[str, Any]] = field(default_factory=dict)  # kind -> owner -> instance

    def pk(self, kind: str, owner: str) -> str:
        return str(self.records[kind][owner].pk)


def build_side(request: Any, side: str) -> dict[str, Any]:
    org = request.getfixturevalue("partner_org" if side == "A" else "other_partner_org")
    provider = request.getfixturevalue("provider_org" if side == "A" else "provider2_org")
    recipient = request.getfixturevalue("partner_admin" if side == "A" else "outsider")
    drafter = request.getfixturevalue("worker")
    agreement = agreement_in("awaiting_supervisor", caregiver_organisation=org, drafted_by=drafter)
    application = ReadinessApplicationFactory(organisation=org)
    review = PartnerResponseReviewFactory(cycle__organisation=org)
    return {
        "agreement": agreement,
        "child": agreement.child,
        "organisation": org,
        "application": application,
        "evidence": EvidenceFactory(application=application, uploaded_by=recipient),
        "accreditation": AccreditationFactory(organisation=org),
        "approval": S396ApprovalFactory(organisation=org),
        "referral": ReferredReferralFactory(provider=provider),
        "qa_cycle": review.cycle,
        "qa_review": review,
        "finding": FindingFactory(review=review),
        "action": OpenActionFactory(review=review, owner_organisation=org),
        "notification": Notification.objects.create(recipient=recipient, kind="info", message="A message"),
        "task": FollowUpTask.objects.create(
            kind="follow_up",
            title="Follow up",
            subject_type="partners.organisation",
            subject_id=str(org.pk),
            assignee=recipient,
        ),
    }


def build_world(request: Any) -> World:
    users = {name: request.getfixturevalue(name) for name in PERSONAS if name != "anonymous"}
    world = World(users=users)
    sides = {"A": build_side(request, "A"), "B": build_side(request, "B")}
    for kind in sides["A"]:
        world.records[kind] = {"A": sides["A"][kind], "B": sides["B"][kind]}
    # Reference data everybody shares (owner "-").
    world.records["requirement"] = {"-": Requirement.objects.current().order_by("position").first()}
    world.records["care_standard"] = {"-": NationalCareStandard.objects.order_by("part").first()}
    return world


def owns(persona: str, kind: str, owner: str) -> bool | None:
    """Whether an organisation persona owns a record (None: staff, anonymous, or shared data)."""
    if owner == "-" or persona not in {*ORG_SIDE, *PROVIDER_SIDE, "applicant_admin"}:
        return None
    if kind in ("notification", "task"):
        return {"partner_admin": "A", "outsider": "B"}.get(persona) == owner
    if kind == "referral":
        return PROVIDER_SIDE.get(persona) == owner
    return ORG_SIDE.get(persona) == owner
