"""Every application transition: allowed from each source state, 409 from every other, 403 for other roles.

Each case builds an application of `partner_org` whose rule guards (R-396-1 … R-396-4) are met, so only
the state or the role decides the answer.
"""

import pytest
from django.utils import timezone

from careportal.audit.models import AuditEntry
from partners.choices import ApplicationStatus as S
from partners.models import Application
from tests.partners.factories import (
    AccreditationFactory,
    ApplicationFactory,
    accept_all,
    decline_proposed,
)

pytestmark = pytest.mark.django_db

ALL_STATES = [s.value for s in S]
DECLINABLE = ["preparation", "readiness", "confirmation"]
# transition: (source states, target ("=" stays), body, roles allowed)
TRANSITIONS = {
    "begin_readiness": (["preparation"], "readiness", {}, {"pfo", "hub"}),
    "request_confirmation": (["readiness"], "confirmation", {}, {"pfo", "hub"}),
    "confirm_partner": (["confirmation"], "qa_transition", "qop", {"delegate"}),
    "complete_transition": (["qa_transition"], "approved", {}, {"pfo", "hub"}),
    "propose_decline": (DECLINABLE, "=", {"reason": "Standards not met."}, {"pfo", "delegate"}),
    "respond": (DECLINABLE, "=", {"response": "We disagree."}, {"partner_admin", "partner_staff"}),
    "cancel_decline_proposal": (DECLINABLE, "=", {"reason": "Answered."}, {"pfo", "delegate"}),
    "decline": (DECLINABLE, "declined", {"reason": "Standards not met."}, {"delegate"}),
    "withdraw": (DECLINABLE, "withdrawn", {"reason": "Not now."}, {"pfo", "partner_admin"}),
}
# Roles that can see the application (others get 404, tested separately).
SEEING_ROLES = ["pfo", "hub", "delegate", "supervisor", "admin_user", "partner_admin", "partner_staff"]


def _ready_application(transition: str, state: str, organisation) -> Application:
    """An application in `state` whose conditions for `transition` are all met."""
    extra = {}
    if transition in ("respond", "cancel_decline_proposal"):
        extra = decline_proposed()
    elif transition == "decline":
        extra = decline_proposed(responded=True)
    application = ApplicationFactory(organisation=organisation, state=state, **extra)
    if transition == "request_confirmation":
        accept_all(application)
    if transition == "confirm_partner":
        AccreditationFactory(organisation=organisation)
    return application


def _body(transition: str) -> dict:
    body = TRANSITIONS[transition][2]
    return {"quality_of_practice_confirmed_on": timezone.localdate().isoformat()} if body == "qop" else body


def _cases(kind: str):
    for name, (sources, _, _, roles) in TRANSITIONS.items():
        if kind == "allowed":
            yield from ((name, state, sorted(roles)[0]) for state in sources)
        elif kind == "wrong_state":
            yield from ((name, state, sorted(roles)[0]) for state in ALL_STATES if state not in sources)
        else:
            yield from (
                (name, sources[0], role) for role in SEEING_ROLES if role.replace("_user", "") not in roles
            )


@pytest.mark.parametrize(("transition", "state", "role"), list(_cases("allowed")))
def test_transition_is_allowed_from_each_source_state(request, api_as, partner_org, transition, state, role):
    user = request.getfixturevalue(role)
    application = _ready_application(transition, state, partner_org)
    response = api_as(user).post(f"/api/v1/applications/{application.pk}/{transition}/", _body(transition))
    assert response.status_code == 200, response.json()
    target = TRANSITIONS[transition][1]
    assert response.json()["status"] == (state if target == "=" else target)
    entry = AuditEntry.objects.for_object(application).get(action=transition)
    assert entry.actor == user and entry.from_status == state


@pytest.mark.parametrize(("transition", "state", "role"), list(_cases("wrong_state")))
def test_transition_is_refused_409_from_every_other_state(
    request, api_as, partner_org, transition, state, role
):
    application = _ready_application(transition, state, partner_org)
    response = api_as(request.getfixturevalue(role)).post(
        f"/api/v1/applications/{application.pk}/{transition}/", _body(transition)
    )
    assert response.status_code == 409
    assert response.json()["status"] == state
    assert Application.objects.get(pk=application.pk).status == state


@pytest.mark.parametrize(("transition", "state", "role"), list(_cases("wrong_role")))
def test_transition_is_refused_403_for_roles_that_may_not(
    request, api_as, partner_org, transition, state, role
):
    application = _ready_application(transition, state, partner_org)
    before = Application.objects.filter(pk=application.pk).values().get()
    response = api_as(request.getfixturevalue(role)).post(
        f"/api/v1/applications/{application.pk}/{transition}/", _body(transition)
    )
    assert response.status_code == 403, response.json()
    assert Application.objects.filter(pk=application.pk).values().get() == before
    assert not AuditEntry.objects.for_object(application).filter(action=transition).exists()


@pytest.mark.parametrize("transition", list(TRANSITIONS))
def test_another_organisations_user_gets_404_not_403(api_as, outsider, partner_org, transition):
    """R-PRIV-1: the application of another organisation does not exist for this user."""
    application = _ready_application(transition, TRANSITIONS[transition][0][0], partner_org)
    response = api_as(outsider).post(
        f"/api/v1/applications/{application.pk}/{transition}/", _body(transition)
    )
    assert response.status_code == 404


def test_staff_outside_the_pathway_do_not_see_applications(api_as, worker, partner_org):
    application = ApplicationFactory(organisation=partner_org)
    assert api_as(worker).get(f"/api/v1/applications/{application.pk}/").status_code == 404
    assert api_as(worker).get("/api/v1/applications/").json()["count"] == 0


def test_allowed_transitions_lists_what_the_user_may_do_now(
    api_as, pfo, delegate, partner_admin, partner_org
):
    application = ApplicationFactory(organisation=partner_org, state="readiness")
    url = f"/api/v1/applications/{application.pk}/"
    assert api_as(pfo).get(url).json()["allowed_transitions"] == [
        "propose_decline",
        "request_confirmation",
        "withdraw",
    ]
    assert api_as(delegate).get(url).json()["allowed_transitions"] == ["propose_decline"]
    assert api_as(partner_admin).get(url).json()["allowed_transitions"] == ["withdraw"]
    # Once a decline is proposed (R-396-4): it can be answered, cancelled or decided, and nothing moves on.
    Application.objects.filter(pk=application.pk).update(**decline_proposed())
    assert api_as(pfo).get(url).json()["allowed_transitions"] == ["cancel_decline_proposal", "withdraw"]
    assert api_as(delegate).get(url).json()["allowed_transitions"] == ["cancel_decline_proposal", "decline"]
    assert api_as(partner_admin).get(url).json()["allowed_transitions"] == ["respond", "withdraw"]


def test_history_lists_every_transition_oldest_first(api_as, pfo, partner_org):
    application = _ready_application("begin_readiness", "preparation", partner_org)
    api_as(pfo).post(f"/api/v1/applications/{application.pk}/begin_readiness/", {})
    api_as(pfo).post(f"/api/v1/applications/{application.pk}/propose_decline/", {"reason": "Gaps."})
    history = api_as(pfo).get(f"/api/v1/applications/{application.pk}/history/").json()
    assert [h["transition"] for h in history] == ["begin_readiness", "propose_decline"]
    assert (
        history[1]["reason"] == "Gaps."
        and history[1]["from_status"] == history[1]["to_status"] == "readiness"
    )


def test_status_never_changes_through_patch(api_as, pfo, partner_org):
    application = ApplicationFactory(organisation=partner_org)
    response = api_as(pfo).patch(f"/api/v1/applications/{application.pk}/", {"status": "approved"})
    assert response.status_code == 200
    assert Application.objects.get(pk=application.pk).status == "preparation"
