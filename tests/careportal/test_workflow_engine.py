"""The one workflow engine (careportal.workflow): the gate's order, the tables, the offered actions.

The gate answers once, in this order: not possible from the state 409, a role that may not 403, a condition
unmet 409 naming its rule. django-fsm's own `has_transition_perm` checks the conditions too, which used to
turn an unmet rule into a 403: these tests fail on that.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.apps import apps
from django.urls import reverse

from agreements.workflow import AGREEMENT
from careportal.exceptions import ConditionUnmet, NotPermitted, TransitionNotAllowed
from careportal.workflow import check_transition, next_actions
from partners.workflow import APPLICATION, APPROVAL, EVIDENCE
from quality.workflow import IMPROVEMENT_ACTION, REVIEW
from referrals.workflow import REFERRAL
from tests.agreements.factories import ActiveS140AgreementFactory
from tests.partners.factories import ApplicationFactory, ReadinessApplicationFactory

pytestmark = pytest.mark.django_db

WORKFLOWS = {
    "agreements.Agreement": AGREEMENT,
    "partners.Application": APPLICATION,
    "partners.Evidence": EVIDENCE,
    "partners.S396Approval": APPROVAL,
    "referrals.Referral": REFERRAL,
    "quality.QAReview": REVIEW,
    "quality.ImprovementAction": IMPROVEMENT_ACTION,
}


def _fsm_transitions(model) -> set[str]:
    return {name for name in dir(model) if hasattr(getattr(model, name, None), "_django_fsm")}


def _declined_pending(organisation=None) -> object:
    kwargs = {"organisation": organisation} if organisation else {}
    return ApplicationFactory(
        decline_proposed_on=date(2026, 11, 2), submissions_due_on=date(2026, 11, 16), **kwargs
    )


# --- The gate --------------------------------------------------------------------------------------


def test_an_unmet_condition_is_a_409_naming_its_rule_not_a_403(pfo):
    application = _declined_pending()
    with pytest.raises(ConditionUnmet) as refused:
        check_transition(application, "begin_readiness", pfo)
    assert refused.value.status_code == 409 and refused.value.rule == "R-396-4"
    assert "decline has been proposed" in refused.value.message


def test_a_role_that_may_not_is_a_403_even_when_a_condition_is_also_unmet(partner_admin, partner_org):
    application = _declined_pending(partner_org)
    with pytest.raises(NotPermitted):
        check_transition(application, "begin_readiness", partner_admin)


def test_a_transition_not_possible_from_the_state_is_a_409_before_the_role_is_asked(partner_admin):
    application = ReadinessApplicationFactory()  # already past preparation
    with pytest.raises(TransitionNotAllowed) as refused:
        check_transition(application, "begin_readiness", partner_admin)
    assert not isinstance(refused.value, ConditionUnmet)
    assert refused.value.status == application.status and "not possible while" in refused.value.message


def test_the_api_answers_an_unmet_condition_with_409_and_the_rule(api_as, pfo):
    application = _declined_pending()
    response = api_as(pfo).post(f"/api/v1/applications/{application.pk}/begin_readiness/", {}, format="json")
    assert response.status_code == 409, response.content
    assert response.json()["rule"] == "R-396-4"


def test_the_portal_shows_an_unmet_condition_beside_the_form_and_changes_nothing(portal_as, pfo):
    application = _declined_pending()
    url = reverse("partners:transition", args=[application.pk, "begin_readiness"])
    response = portal_as(pfo).post(url)
    assert response.status_code == 400
    assert "decline has been proposed" in response.content.decode() and "R-396-4" in response.content.decode()
    application.refresh_from_db()
    assert application.status == "preparation"


def test_the_portal_says_a_stale_state_on_the_record_page(portal_as, pfo):
    application = ReadinessApplicationFactory()  # someone else began readiness first
    url = reverse("partners:transition", args=[application.pk, "begin_readiness"])
    response = portal_as(pfo).post(url, follow=True)
    assert response.redirect_chain and response.status_code == 200
    assert "not possible while" in response.content.decode()


def test_the_portal_refuses_a_role_that_may_not_with_403_and_an_unknown_name_with_404(
    portal_as, partner_admin, partner_org
):
    application = ApplicationFactory(organisation=partner_org)
    client = portal_as(partner_admin)
    assert (
        client.post(reverse("partners:transition", args=[application.pk, "begin_readiness"])).status_code
        == 403
    )
    assert (
        client.post(reverse("partners:transition", args=[application.pk, "no_such_step"])).status_code == 404
    )


# --- The tables ------------------------------------------------------------------------------------


@pytest.mark.parametrize("label", list(WORKFLOWS))
def test_every_table_row_is_a_transition_of_its_model_and_every_transition_has_a_row(label):
    model, workflow = apps.get_model(label), WORKFLOWS[label]
    assert set(workflow.transitions) | workflow.automatic == _fsm_transitions(model)
    assert not set(workflow.transitions) & workflow.automatic


@pytest.mark.parametrize("label", list(WORKFLOWS))
def test_every_row_is_an_api_action_and_a_portal_route(label):
    workflow = WORKFLOWS[label]
    for name in workflow.transitions:
        assert reverse(workflow.portal_url, args=["00000000-0000-0000-0000-000000000000", name])
    viewsets = {
        cls
        for cls in _api_viewsets()
        if getattr(getattr(cls, "queryset", None), "model", None) is apps.get_model(label)
    }
    assert viewsets, label
    for viewset in viewsets:
        routed = {extra.__name__ for extra in viewset.get_extra_actions()}
        assert set(workflow.transitions) <= routed


def _api_viewsets():
    from agreements.api.urls import router as agreements
    from partners.api.urls import router as partners
    from quality.api.urls import router as quality
    from referrals.api.urls import router as referrals

    routers = (agreements, partners, quality, referrals)
    return [viewset for router in routers for _, viewset, _ in router.registry]


def test_next_actions_keep_the_table_order_with_irreversible_ones_last(worker):
    agreement = ActiveS140AgreementFactory()
    names = next_actions(AGREEMENT, agreement, worker)
    irreversible = [n for n in names if AGREEMENT[n].irreversible]
    assert irreversible and names[-len(irreversible) :] == irreversible
    order = list(AGREEMENT.transitions)
    assert names == sorted(names, key=lambda n: (AGREEMENT[n].irreversible, order.index(n)))


def test_a_row_that_can_never_apply_to_the_record_is_not_offered(worker):
    applies_to = AGREEMENT["extend"].applies_to
    assert applies_to is not None and applies_to(ActiveS140AgreementFactory(s140_paragraph="d"))
    agreement = ActiveS140AgreementFactory(s140_paragraph="a")  # R-140-3: only s140(1)(d) extends
    assert "extend" not in next_actions(AGREEMENT, agreement, worker)
