"""s396 approvals: notice and response before suspension or revocation (R-396-4), reinstatement (R-396-1),
and the lapsed-accreditation alert that never revokes (R-396-5)."""

import pytest
from django.urls import reverse

from careportal.audit.models import AuditEntry
from careportal.notifications.models import Notification
from partners.models import Organisation, S396Approval
from tests.partners.factories import (
    AccreditationFactory,
    LapsedAccreditationFactory,
    OverdueAccreditationFactory,
    S396ApprovalFactory,
    notice,
)

pytestmark = pytest.mark.django_db

LIVE = ["active", "suspended"]
ALL = ["active", "suspended", "revoked"]
GAZETTE = {"gazette_notice_reference": "2026-go4321", "reason": "Serious concerns upheld."}
# transition: (source states, target ("=" stays), body, roles allowed)
TRANSITIONS = {
    "propose_suspension": (["active"], "=", {"reason": "Concerns."}, {"pfo", "delegate"}),
    "propose_revocation": (LIVE, "=", {"reason": "Concerns."}, {"pfo", "delegate"}),
    "respond": (LIVE, "=", {"response": "We disagree."}, {"partner_admin", "partner_staff"}),
    "withdraw_notice": (LIVE, "=", {"reason": "Resolved."}, {"pfo", "delegate"}),
    "suspend": (["active"], "suspended", GAZETTE, {"delegate"}),
    "revoke": (LIVE, "revoked", GAZETTE, {"delegate"}),
    "reinstate": (["suspended"], "active", {"reason": "Concerns resolved."}, {"delegate"}),
}
SEEING_ROLES = [
    "pfo",
    "hub",
    "delegate",
    "supervisor",
    "admin_user",
    "worker",
    "partner_admin",
    "partner_staff",
]


def _ready(transition: str, state: str, organisation) -> S396Approval:
    extra = {}
    if transition in ("respond", "withdraw_notice"):
        extra = notice("suspend")
    elif transition in ("suspend", "revoke"):
        extra = notice(transition, responded=True)
    elif transition == "reinstate":
        AccreditationFactory(organisation=organisation)
    return S396ApprovalFactory(organisation=organisation, state=state, **extra)


def _cases(kind: str):
    for name, (sources, _, _, roles) in TRANSITIONS.items():
        if kind == "allowed":
            yield from ((name, state, sorted(roles)[0]) for state in sources)
        elif kind == "wrong_state":
            yield from ((name, state, sorted(roles)[0]) for state in ALL if state not in sources)
        else:
            yield from (
                (name, sources[0], role) for role in SEEING_ROLES if role.replace("_user", "") not in roles
            )


def post(client, approval, name, body):
    return client.post(f"/api/v1/approvals/{approval.pk}/{name}/", body)


@pytest.mark.parametrize(("transition", "state", "role"), list(_cases("allowed")))
def test_approval_transition_is_allowed_from_each_source_state(
    request, api_as, partner_org, transition, state, role
):
    approval = _ready(transition, state, partner_org)
    response = post(api_as(request.getfixturevalue(role)), approval, transition, TRANSITIONS[transition][2])
    assert response.status_code == 200, response.json()
    target = TRANSITIONS[transition][1]
    assert response.json()["status"] == (state if target == "=" else target)
    assert AuditEntry.objects.for_object(approval).filter(action=transition, from_status=state).exists()


@pytest.mark.parametrize(("transition", "state", "role"), list(_cases("wrong_state")))
def test_approval_transition_is_refused_409_from_other_states(
    request, api_as, partner_org, transition, state, role
):
    approval = _ready(transition, state, partner_org)
    response = post(api_as(request.getfixturevalue(role)), approval, transition, TRANSITIONS[transition][2])
    assert response.status_code == 409 and response.json()["status"] == state


@pytest.mark.parametrize(("transition", "state", "role"), list(_cases("wrong_role")))
def test_approval_transition_is_refused_403_for_other_roles(
    request, api_as, partner_org, transition, state, role
):
    approval = _ready(transition, state, partner_org)
    response = post(api_as(request.getfixturevalue(role)), approval, transition, TRANSITIONS[transition][2])
    assert response.status_code == 403
    assert S396Approval.objects.get(pk=approval.pk).status == state


def test_another_organisation_does_not_see_the_approval(api_as, outsider, partner_org):
    approval = _ready("respond", "active", partner_org)
    assert api_as(outsider).get(f"/api/v1/approvals/{approval.pk}/").status_code == 404
    assert post(api_as(outsider), approval, "respond", {"response": "x"}).status_code == 404


def test_r396_4_suspension_follows_notice_and_response_and_records_the_gazette_notice(
    api_as, pfo, delegate, partner_admin, partner_org, django_capture_on_commit_callbacks
):
    approval = S396ApprovalFactory(organisation=partner_org)
    with django_capture_on_commit_callbacks(execute=True):
        body = post(api_as(pfo), approval, "propose_suspension", {"reason": "Serious concerns."}).json()
    assert body["proposed_action"] == "suspend" and body["notice_pending"] is True
    assert body["response_due_on"] is not None
    assert Notification.objects.filter(recipient=partner_admin, kind="partners.approval_notice").exists()
    refused = post(api_as(delegate), approval, "suspend", GAZETTE)
    assert refused.status_code == 409 and refused.json()["rule"] == "R-396-4"
    post(api_as(partner_admin), approval, "respond", {"response": "We have acted."})
    assert post(api_as(delegate), approval, "suspend", {"gazette_notice_reference": " "}).status_code == 400
    done = post(api_as(delegate), approval, "suspend", GAZETTE).json()
    assert (done["status"], done["gazette_notice_reference"], done["proposed_action"]) == (
        "suspended",
        "2026-go4321",
        "",
    )
    assert Organisation.objects.get(pk=partner_org.pk).approval_status == "suspended"


def test_r396_4_a_decision_needs_notice_of_that_same_decision(api_as, delegate, partner_org):
    approval = S396ApprovalFactory(organisation=partner_org, **notice("suspend", responded=True))
    response = post(api_as(delegate), approval, "revoke", GAZETTE)
    assert response.status_code == 409 and "proposed revocation first" in response.json()["detail"]


def test_r396_4_the_decision_waits_for_the_window_to_close(api_as, delegate, partner_org):
    open_window = S396ApprovalFactory(organisation=partner_org, **notice("revoke", days_ago=3))
    assert post(api_as(delegate), open_window, "revoke", GAZETTE).status_code == 409
    S396Approval.objects.filter(pk=open_window.pk).update(**notice("revoke", days_ago=30, window=29))
    assert post(api_as(delegate), open_window, "revoke", GAZETTE).json()["status"] == "revoked"
    assert Organisation.objects.get(pk=partner_org.pk).approval_status == "revoked"


def test_r396_4_one_notice_at_a_time(api_as, pfo, partner_org):
    approval = S396ApprovalFactory(organisation=partner_org, **notice("suspend"))
    assert post(api_as(pfo), approval, "propose_revocation", {"reason": "x"}).status_code == 409
    assert post(api_as(pfo), approval, "withdraw_notice", {"reason": "Resolved."}).status_code == 200
    assert post(api_as(pfo), approval, "propose_revocation", {"reason": "x"}).status_code == 200


def test_r396_1_reinstatement_needs_a_current_level_1_accreditation(api_as, delegate, partner_org):
    approval = S396ApprovalFactory(organisation=partner_org, state="suspended")
    LapsedAccreditationFactory(organisation=partner_org)
    response = post(api_as(delegate), approval, "reinstate", {"reason": "Resolved."})
    assert response.status_code == 409 and response.json()["rule"] == "R-396-1"
    AccreditationFactory(organisation=partner_org)
    assert post(api_as(delegate), approval, "reinstate", {"reason": "Resolved."}).json()["status"] == "active"
    assert Organisation.objects.get(pk=partner_org.pk).approval_status == "approved"


@pytest.mark.parametrize("accreditation", [LapsedAccreditationFactory, OverdueAccreditationFactory])
def test_r396_5_a_lapsed_accreditation_alerts_and_never_revokes(
    api_as, portal_as, pfo, partner_admin, partner_org, accreditation
):
    approval = S396ApprovalFactory(organisation=partner_org)
    accreditation(organisation=partner_org)
    body = api_as(pfo).get(f"/api/v1/approvals/{approval.pk}/").json()
    assert body["accreditation_alert"] is True and body["status"] == "active"
    organisation = api_as(partner_admin).get(f"/api/v1/organisations/{partner_org.pk}/").json()
    assert organisation["accreditation_alert"] is True and organisation["approval_status"] == "approved"
    page = portal_as(pfo).get(reverse("partners:approval", args=[approval.pk])).content.decode()
    assert "Accreditation alert:" in page and "<code>R-396-5</code>" in page
    assert S396Approval.objects.get(pk=approval.pk).status == "active"


def test_r396_5_no_alert_with_a_current_accreditation(api_as, pfo, partner_org):
    approval = S396ApprovalFactory(organisation=partner_org)
    AccreditationFactory(organisation=partner_org)
    assert api_as(pfo).get(f"/api/v1/approvals/{approval.pk}/").json()["accreditation_alert"] is False
