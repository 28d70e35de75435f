"""Journey (a): an applicant organisation uploads readiness evidence (R-396-3); the PfO contact and the
Quality Hub reviewer review it, and the reviewer asks for a change; the organisation uploads a new
version; readiness ends; the approval delegate confirms the partner and the s396 approval is recorded
(R-396-1). Only the prerequisites are made with factories; every step is done in the browser.
"""

from __future__ import annotations

import pytest

from careportal.lib.dates import nz_today
from partners.models import Application, Requirement, S396Approval
from tests.partners.factories import (
    AcceptedEvidenceFactory,
    AccreditationFactory,
    ReadinessApplicationFactory,
)
from tests.security.upload_corpus import page_pdf

pytestmark = pytest.mark.django_db(transaction=True)

PDF = page_pdf()  # a real PDF: the upload check parses it


def _pdf(name: str) -> dict:
    return {"name": name, "mimeType": "application/pdf", "buffer": PDF}


def _upload(portal, requirement: Requirement, file_name: str):
    """From the organisation's home queue ("Still needed") to the upload form."""
    page = portal.go("/")
    portal.check_accessibility("applicant home")
    page.get_by_role("link", name=requirement.title, exact=True).first.click()
    assert portal.heading() == "Upload evidence"
    assert page.get_by_label("Requirement").input_value() == str(requirement.pk)
    page.get_by_label("File").set_input_files(_pdf(file_name))
    page.get_by_label("Note").fill("Our policy, approved by the board.")
    portal.checkpoint(f"partner-upload-{requirement.code}")
    page.get_by_role("button", name="Upload", exact=True).click()
    page.wait_for_url("**/partners/mine/")
    assert page.get_by_text("Uploaded. A reviewer will look at it.").is_visible()


def _review(portal, requirement: Requirement, action: str, reason: str = ""):
    """From the reviewer's home queue ("Evidence awaiting review") to the evidence page and its form."""
    page = portal.go("/")
    portal.check_accessibility("reviewer home")
    page.get_by_role("link", name=requirement.title, exact=False).first.click()
    portal.checkpoint(f"evidence-{requirement.code}-{action.split()[0].lower()}")
    form = page.locator("form").filter(has=page.get_by_role("heading", name=action, exact=True))
    if reason:
        form.get_by_label("Reason").fill(reason)
    form.get_by_role("button", name=action, exact=True).click()
    page.wait_for_url("**/partners/applications/*/")


def test_applicant_uploads_reviewers_ask_for_a_change_and_the_delegate_confirms(
    portal, applicant_admin, applicant_org, pfo, hub, delegate
):
    application = ReadinessApplicationFactory(organisation=applicant_org)
    AccreditationFactory(organisation=applicant_org)  # R-396-1: a current Level 1 accreditation
    needed = list(Requirement.objects.needed_to_leave_readiness().filter(file_required=True))
    policy, plan = needed[0], needed[1]
    for requirement in Requirement.objects.needed_to_leave_readiness().exclude(pk__in=[policy.pk, plan.pk]):
        AcceptedEvidenceFactory(application=application, requirement=requirement)

    portal.sign_in("applicant_admin")
    _upload(portal, policy, "policy.pdf")
    _upload(portal, plan, "plan.pdf")
    portal.checkpoint("partner-mine-submitted")

    portal.sign_in("pfo")
    _review(portal, policy, "Accept")
    assert portal.heading().startswith("Application")
    portal.checkpoint("application-detail-pfo")

    portal.sign_in("hub")
    _review(portal, plan, "Request changes", reason="Please add the date the board approved the plan.")

    portal.sign_in("applicant_admin")
    page = portal.go("/partners/mine/")
    assert page.get_by_text("Please add the date the board approved the plan.").first.is_visible()
    portal.checkpoint("partner-mine-changes-requested")
    _upload(portal, plan, "plan-v2.pdf")

    portal.sign_in("pfo")
    _review(portal, plan, "Accept")
    page = portal.page
    page.get_by_role("button", name="Request confirmation of partner", exact=True).click()
    page.get_by_text("Readiness is complete; confirmation requested.").wait_for()
    portal.checkpoint("application-confirmation")

    portal.sign_in("delegate")
    page = portal.go("/")
    portal.check_accessibility("delegate home")
    page.get_by_role("link", name=str(applicant_org)).first.click()
    form = page.locator("form").filter(
        has=page.get_by_role("heading", name="Confirm partner (s396 approval)")
    )
    form.get_by_label("Quality of Practice confirmed on").fill(nz_today().isoformat())
    form.get_by_role("button", name="Confirm partner (s396 approval)").click()
    page.get_by_role("heading", name="Confirm partner (s396 approval)?").wait_for()
    portal.check_accessibility("confirm partner: confirmation")
    page.get_by_role("button", name="Yes, confirm partner (s396 approval)").click()
    page.get_by_text("The partner is confirmed and the s396 approval recorded.").wait_for()
    portal.checkpoint("application-confirmed")

    application = Application.objects.get(pk=application.pk)
    assert application.status == "qa_transition"
    assert S396Approval.objects.get(organisation=applicant_org).status == "active"
    assert application.evidence.filter(requirement_code=plan.code).count() == 2  # both versions kept
