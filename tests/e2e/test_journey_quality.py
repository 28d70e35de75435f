"""Journey (d): a Quality Hub reviewer records findings against the National Care Standards, changes one,
records an improvement action, submits the draft report and sends it to the care partner (QA-D1, QA-D2);
the partner answers a finding beside it, responds and submits evidence for the action; the reviewer
verifies and closes it, finalises the review and closes the QA cycle (QA-D6).

Prerequisites from factories: the review in progress and findings for all but the last two standards.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from careportal.lib.dates import nz_today
from quality.models import Finding, ImprovementAction, NationalCareStandard, QACycle, QAReview
from tests.quality.factories import FindingFactory, InProgressReviewFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _press(page, name: str):
    with page.expect_navigation():
        page.get_by_role("button", name=name, exact=True).click()


def _open(page, summary: str):
    """Open the <details> whose summary is `summary` (it stays open after a refused submit)."""
    details = page.locator("details", has=page.locator("summary", has_text=summary))
    if details.get_attribute("open") is None:
        details.locator("summary").click()


def _finding(page, rating: str, narrative: str):
    _open(page, "Record a finding")
    form = page.locator("form").filter(has=page.get_by_role("button", name="Record finding"))
    form.get_by_label("National Care Standards part").select_option(index=1)
    form.get_by_label("Rating").select_option(label=rating)
    form.get_by_label("Narrative").fill(narrative)
    _press(page, "Record finding")
    assert page.locator(".qa-findings p", has_text=narrative).is_visible()


def test_review_findings_partner_response_and_action_verified(portal, hub, partner_admin, partner_org):
    review = InProgressReviewFactory(cycle__organisation=partner_org, lead_reviewer=hub)
    standards = list(NationalCareStandard.objects.filter(active=True).order_by("part"))
    for standard in standards[:-2]:
        FindingFactory(review=review, standard=standard, recorded_by=hub)

    portal.sign_in("hub")
    page = portal.go("/")
    portal.check_accessibility("hub home")
    page.get_by_role("link", name=review.reference).first.click()
    assert review.reference in portal.heading()
    portal.checkpoint("qa-review-in-progress")
    _finding(page, "Not met", "Caregiver support plans for cases 1234567 and 7654321 were out of date.")
    _finding(page, "Met", "Tamariki were visited on time in every file read.")

    # The reviewer changes a finding in the portal (the rating and the narrative), beside that finding.
    visited = page.locator("article.qa-finding", has_text="Tamariki were visited on time")
    visited.locator("summary", has_text="Change this finding").click()
    visited.get_by_label("Rating").select_option(label="Partially met")
    visited.get_by_label("Narrative").fill(
        "Tamariki were visited on time in all but one file read (1234567)."
    )
    with page.expect_navigation():
        visited.get_by_role("button", name=re.compile(r"^Save the finding")).click()
    assert page.get_by_text("Finding changed.").is_visible()
    changed = page.locator("article.qa-finding", has_text="all but one file read (1234567)")
    assert changed.locator("h3 .tag", has_text="Partially met").is_visible()
    assert Finding.objects.get(review=review, narrative__contains="all but one").rating == "partially_met"
    portal.checkpoint("qa-finding-changed")
    _open(page, "Add an improvement action")
    action_form = page.locator("form").filter(has=page.get_by_role("button", name="Add action"))
    action_form.get_by_label("Title").fill("Bring every caregiver support plan up to date")
    action_form.get_by_label("Due on").fill((nz_today() + timedelta(days=60)).isoformat())
    action_form.get_by_label("From the finding").select_option(index=1)
    action_form.get_by_label("Owner").select_option("organisation")
    _press(page, "Add action")
    _press(page, "Submit the draft report")
    _press(page, "Send the draft report to the organisation")
    assert QAReview.objects.get(pk=review.pk).status == "partner_response"
    portal.checkpoint("qa-review-sent")

    portal.sign_in("partner_admin")
    page = portal.go("/")
    page.on("dialog", lambda dialog: dialog.accept())
    portal.check_accessibility("partner home")
    page.get_by_role("link", name=review.reference).first.click()
    # The partner answers the finding beside it: the box sits under that finding, not above the findings.
    plans = page.locator("article.qa-finding", has_text="Caregiver support plans")
    plans.get_by_label(re.compile(r"^Your response to part")).fill(
        "We accept this finding; both plans were brought up to date in March."
    )
    page.get_by_label("Your overall response to the draft report").fill(
        "We accept the findings; the plans will be updated by the due date."
    )
    portal.checkpoint("qa-review-partner-response")
    _press(page, "Send our response")
    assert page.get_by_text("Your response has been recorded.").is_visible()
    plans = page.locator("article.qa-finding", has_text="Caregiver support plans")
    assert plans.get_by_text("both plans were brought up to date in March").is_visible()
    assert plans.get_by_role("heading", name="The organisation's response").is_visible()
    portal.checkpoint("qa-findings")  # the findings with the partner's answer beside the one it answered
    page.get_by_role("link", name="Bring every caregiver support plan up to date").first.click()
    portal.checkpoint("qa-action-partner")
    _press(page, "Mark as in progress")
    page.get_by_label("What was done").fill("Every support plan was reviewed with the caregivers in March.")
    _press(page, "Submit evidence")
    assert ImprovementAction.objects.get().status == "evidence_submitted"

    portal.sign_in("hub")
    page = portal.go("/")
    portal.check_accessibility("hub home (action to verify)")
    page.get_by_role("link", name="Bring every caregiver support plan up to date").first.click()
    portal.checkpoint("qa-action-to-verify")
    _press(page, "Verify and close")
    _press(page, "Yes, verify and close")  # irreversible: confirmed on its own page
    action = ImprovementAction.objects.get()
    assert action.status == "verified_closed" and action.verified_by == hub
    portal.checkpoint("qa-action-verified")

    # With every action verified, the review is finalised and the QA cycle closed, for good.
    page = portal.go(f"/quality/reviews/{review.pk}/")
    _press(page, "Finalise and issue the report")
    _press(page, "Yes, finalise and issue the report")
    assert QAReview.objects.get(pk=review.pk).status == "final"
    portal.check_accessibility("final review")
    page = portal.go(f"/quality/cycles/{review.cycle_id}/")
    portal.checkpoint("qa-cycle-to-close")
    _press(page, "Close the QA cycle")
    _press(page, "Yes, close the QA cycle")
    assert page.get_by_text("The QA cycle is closed for good").is_visible()
    assert QACycle.objects.get(pk=review.cycle_id).status == "closed"
    assert page.get_by_role("button", name="Close the QA cycle").count() == 0
    portal.checkpoint("qa-cycle-closed")
