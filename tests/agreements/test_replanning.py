"""R-ALL-4 throughout: the caregiver's s396 approval is checked at approve, activate and extend; while an
agreement is in force and the caregiver's approval is suspended or revoked, or its Level 1 accreditation
has lapsed, the agreement carries a warning and the social worker and supervisor get a re-plan task."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreements import replanning
from careportal.audit.models import AuditEntry
from careportal.notifications.models import FollowUpTask
from partners.models import Accreditation, Organisation
from tests.agreements.factories import agreement_in

pytestmark = pytest.mark.django_db

REPLAN = "agreement_replan_care"


def replan_tasks(agreement):
    return FollowUpTask.objects.filter(kind=REPLAN, subject_id=str(agreement.pk))


def suspend(org):
    Organisation.objects.filter(pk=org.pk).update(approval_status="suspended")


def lapse_accreditation(org, today):
    Accreditation.objects.filter(organisation=org).update(review_due_on=today - timedelta(days=1))


@pytest.mark.parametrize("cause", ["suspended", "revoked", "accreditation_lapsed"])
def test_r_all_4_an_agreement_in_force_gets_re_plan_tasks_for_worker_and_supervisor(
    cause, worker, partner_org, today
):
    agreement = agreement_in("active", drafted_by=worker, caregiver_organisation=partner_org)
    agreement.refresh_from_db()
    assert agreement.approved_by_id not in (None, worker.pk)
    if cause == "accreditation_lapsed":
        lapse_accreditation(partner_org, today)
    else:
        Organisation.objects.filter(pk=partner_org.pk).update(approval_status=cause)
    lines = replanning.run(today)
    assert lines == [
        f"agreements: {agreement.reference} caregiver not current (R-ALL-4); re-plan tasks created"
    ]
    tasks = replan_tasks(agreement)
    assert {t.assignee_id for t in tasks} == {worker.pk, agreement.approved_by_id}
    assert all(
        agreement.reference in t.title and agreement.child.name not in t.title for t in tasks
    )  # R-PRIV-2
    assert AuditEntry.objects.filter(action=f"task:{REPLAN}", data__rule="R-ALL-4").count() == 2
    assert replanning.run(today) == []  # open tasks: none made again
    assert replan_tasks(agreement).count() == 2


def test_a_done_task_comes_back_while_the_caregiver_is_still_not_current(worker, partner_org, today):
    agreement = agreement_in("active", drafted_by=worker, caregiver_organisation=partner_org)
    suspend(partner_org)
    replanning.run(today)
    replan_tasks(agreement).update(status="done")
    replanning.run(today + timedelta(days=1))
    assert replan_tasks(agreement).filter(status="open").count() == 2


def test_a_current_caregiver_or_the_chief_executive_or_an_ended_agreement_gets_none(
    worker, partner_org, today
):
    agreement_in("active", drafted_by=worker, caregiver_organisation=partner_org)
    agreement_in("active", drafted_by=worker, caregiver_organisation=None)
    ended = agreement_in("expired", drafted_by=worker, caregiver_organisation=partner_org)
    assert replanning.run(today) == []
    suspend(partner_org)
    replanning.run(today)
    assert not replan_tasks(ended).exists()


def test_the_step_takes_the_same_queries_for_one_agreement_or_many(
    worker, partner_org, other_partner_org, today
):
    agreement_in("active", drafted_by=worker, caregiver_organisation=partner_org)
    suspend(partner_org)
    with CaptureQueriesContext(connection) as one:
        replanning.run(today)
    for _ in range(4):
        agreement_in("active", drafted_by=worker, caregiver_organisation=other_partner_org)
    suspend(other_partner_org)
    with CaptureQueriesContext(connection) as many:
        assert len(replanning.run(today)) == 4
    assert len(many) == len(one)


@pytest.mark.parametrize(
    ("cause", "code"),
    [("suspended", "caregiver_not_approved"), ("accreditation_lapsed", "caregiver_not_accredited")],
)
def test_the_agreement_carries_the_warning_in_the_api_list_detail_and_portal(
    cause, code, api_as, client, worker, partner_org, today
):
    agreement = agreement_in("active", drafted_by=worker, caregiver_organisation=partner_org)
    if cause == "suspended":
        suspend(partner_org)
    else:
        lapse_accreditation(partner_org, today)
    api = api_as(worker)
    listed = api.get("/api/v1/agreements/").json()["results"]
    (row,) = [r for r in listed if r["id"] == str(agreement.pk)]
    assert code in {w["code"] for w in row["warnings"]}
    assert api.get(f"/api/v1/agreements/{agreement.pk}/").json()["warnings"] == row["warnings"]
    client.force_login(worker)
    page = client.get(f"/agreements/{agreement.pk}/").content.decode()
    assert "Re-plan the care" in page


def test_a_current_caregiver_draws_no_warning(api_as, worker, partner_org):
    agreement = agreement_in("active", drafted_by=worker, caregiver_organisation=partner_org)
    detail = api_as(worker).get(f"/api/v1/agreements/{agreement.pk}/").json()
    assert not {"caregiver_not_approved", "caregiver_not_accredited"} & {
        w["code"] for w in detail["warnings"]
    }


def test_r_all_4_extending_needs_the_caregivers_current_approval(api_as, worker, partner_org, today):
    agreement = agreement_in("active", drafted_by=worker, caregiver_organisation=partner_org)
    suspend(partner_org)
    response = api_as(worker).post(
        f"/api/v1/agreements/{agreement.pk}/extend/",
        {"end_date": (agreement.end_date + timedelta(days=7)).isoformat()},
        format="json",
    )
    assert response.status_code == 409
    assert response.json()["rule"] == "R-ALL-4"
    agreement.refresh_from_db()
    assert not agreement.extensions.exists()


def test_an_agreement_that_begins_with_a_caregiver_no_longer_approved_gets_the_re_plan_tasks(
    worker, partner_org, today
):
    """R-ALL-4 at the start: the sweep begins it (care runs from the start date) and the re-plan follows."""
    from careportal.notifications.sweep import run_daily_sweep

    starts = today + timedelta(days=3)
    agreement = agreement_in(
        "awaiting_start", drafted_by=worker, caregiver_organisation=partner_org, start_date=starts
    )
    suspend(partner_org)
    run_daily_sweep(starts)
    agreement.refresh_from_db()
    assert agreement.status == "active"
    assert replan_tasks(agreement).count() == 2
