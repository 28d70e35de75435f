"""seed_demo (idempotent, every state), the daily sweep summary (constant queries) and the home page queues."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from careportal.home import work_sections
from quality import portal, sweep
from quality.choices import ActionStatus, ReviewStatus
from quality.models import Finding, ImprovementAction, QACycle, QAReview, ReviewActivity
from quality.services import nz_today

pytestmark = pytest.mark.django_db


def _counts():
    return tuple(m.objects.count() for m in (QACycle, QAReview, Finding, ReviewActivity, ImprovementAction))


def test_seed_demo_creates_every_review_and_action_state_once(settings, django_capture_on_commit_callbacks):
    settings.DEBUG = True
    # The final report is made by its task once the finalisation commits (eager here, as in the demo).
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=StringIO())
    counts = _counts()
    call_command("seed_demo", stdout=StringIO())
    assert _counts() == counts
    cycle = QACycle.objects.get(organisation__legal_name="Kāinga Care Trust")
    assert cycle.joint_review_requested is True
    assert set(cycle.reviews.values_list("status", flat=True)) == set(ReviewStatus.values)
    actions = ImprovementAction.objects.filter(review__cycle=cycle).with_overdue(nz_today())
    assert set(actions.values_list("status", flat=True)) == set(ActionStatus.values)
    assert actions.filter(overdue=True).exists()
    final = cycle.reviews.get(status="final")
    assert final.final_report and final.findings.count() == 6 and final.activities.exists()
    assert set(Finding.objects.filter(review__cycle=cycle).values_list("standard__part", flat=True)) == set(
        range(1, 7)
    )


def test_sweep_reports_overdue_actions_and_reviews_due_in_constant_queries(make_action, make_review):
    today = nz_today()
    make_action("in_progress", due_on=today - timedelta(days=2))
    make_review("planned", planned_for=today + timedelta(days=3))
    make_review("partner_response", response_due_on=today - timedelta(days=1))
    with CaptureQueriesContext(connection) as few:
        lines = sweep.run(today)
    assert lines == [
        "quality: 1 improvement action(s) overdue",
        "quality: 1 review(s) planned within 14 days or overdue to start",
        "quality: 1 draft report(s) past the response window, ready to finalise (QA-D2)",
    ]
    for _ in range(10):
        make_action("in_progress", due_on=today - timedelta(days=2))
        make_review("planned", planned_for=today + timedelta(days=3))
    with CaptureQueriesContext(connection) as many:
        assert sweep.run(today)[0] == "quality: 11 improvement action(s) overdue"
    # 2 aggregates, then the reminders (decision 0009): 3 selections, the Hub reviewers (a planned review without
    # a lead reviewer) and the engine's constant send (4: the look-up of what was sent, a savepoint, the one
    # insert-and-deliver statement, its release).
    assert len(few) == len(many) == 2 + 3 + 1 + 4
    assert sweep.run(today) == sweep.run(today)  # changes nothing


def test_sweep_is_quiet_when_nothing_needs_attention(db):
    assert sweep.run(nz_today()) == []


def test_hub_work_queue(hub, make_review, make_action):
    make_review("in_progress")
    make_review("partner_response")
    make_review("partner_response", partner_response="Accepted.")
    make_action("evidence_submitted")
    late = make_action("in_progress", due_on=nz_today() - timedelta(days=1))
    sections = {s.title: s for s in portal.work_queue(hub)}
    assert sections["Quality reviews in progress"].count == 1
    assert sections["Draft reports awaiting the partner's response"].count == 1
    assert sections["Partner responses to finalise"].count == 1
    assert sections["Improvement actions to verify"].count == 1
    overdue = sections["Overdue improvement actions"]
    assert overdue.count == 1 and overdue.urgent and overdue.items[0].overdue
    assert overdue.items[0].url == reverse("quality:action_detail", args=[late.pk])


def test_partner_work_queue_is_its_own(partner_staff, outsider, make_review, make_action, other_cycle):
    make_review("partner_response")
    make_review("partner_response", cycle=other_cycle)
    make_action("open")
    make_action("verified_closed")
    sections = {s.title: s for s in portal.work_queue(partner_staff)}
    assert sections["Draft quality reports to respond to"].count == 1
    assert sections["Our open improvement actions"].count == 1
    assert {s.title: s.count for s in portal.work_queue(outsider)}["Draft quality reports to respond to"] == 1


@pytest.mark.parametrize("persona", ["pfo", "worker", "provider_user"])
def test_other_roles_have_no_quality_queue(request, persona):
    assert portal.work_queue(request.getfixturevalue(persona)) == []


def test_work_queue_costs_the_same_for_3_and_30_rows(hub, make_action):
    def measure():
        with CaptureQueriesContext(connection) as ctx:
            work_sections(hub)
        return len(ctx)

    for _ in range(3):
        make_action("evidence_submitted")
    small = measure()
    for _ in range(27):
        make_action("evidence_submitted")
    assert measure() == small
