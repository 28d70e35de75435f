"""In the browser: an upload field states its limit before anything is chosen and refuses a larger file
before sending it, with a message tied to the field (upload-limit.png); the server still decides."""

from __future__ import annotations

import pytest

from partners.models import Evidence
from tests.partners.factories import ReadinessApplicationFactory, requirement
from tests.security.upload_corpus import page_pdf

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_oversized_file_is_refused_in_the_browser_with_an_accessible_message(
    portal, partner_admin, partner_org, settings
):
    settings.MAX_UPLOAD_BYTES = 4096  # the live server reads the same settings: the one check's limit
    application = ReadinessApplicationFactory(organisation=partner_org)
    portal.sign_in("partner_admin")
    page = portal.go(f"/partners/applications/{application.pk}/evidence/new/")
    field = page.get_by_label("File")
    assert "at most 4 KB" in page.locator("#id_file_helptext").inner_text()
    sent: list[int] = []  # the size of every form posted: the large file is never among them
    page.on("request", lambda r: sent.append(len(r.post_data_buffer or b"")) if r.method == "POST" else None)
    page.get_by_label("Requirement").select_option(str(requirement("child-safety").pk))
    field.set_input_files(
        {"name": "big-policy.pdf", "mimeType": "application/pdf", "buffer": b"%PDF" + b"x" * 9000}
    )
    error = page.get_by_role("alert")
    assert error.inner_text() == (
        "“big-policy.pdf” is 9 KB; files can be at most 4 KB. Choose a smaller file, or save a smaller copy."
    )
    error_id = error.get_attribute("id")
    assert error_id in field.get_attribute("aria-describedby").split()
    assert "id_file_helptext" in field.get_attribute("aria-describedby").split()
    assert field.get_attribute("aria-invalid") == "true" and field.evaluate("el => el.files.length") == 0
    portal.checkpoint("upload-limit")
    page.get_by_role("button", name="Upload", exact=True).click()
    page.wait_for_load_state()
    assert not Evidence.objects.filter(application=application).exists()
    assert sent and max(sent) < 9000
    portal.check_accessibility("upload form after the refusal")
    field = page.get_by_label("File")
    # A file within the limit goes through and is checked by the server as before.
    field.set_input_files({"name": "policy.pdf", "mimeType": "application/pdf", "buffer": page_pdf()[:4096]})
    assert page.locator(".upload-error").is_hidden() and field.get_attribute("aria-invalid") is None


LONG = "z" * 3000  # a 3,000-character word: it once made a page 28,000 px wide


def _fits(portal, path: str, label: str) -> None:
    page = portal.go(path)
    assert LONG[:50] in page.content()
    widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"{label}: the page is {widths[0]} px wide in a {widths[1]} px window"
    portal.check_accessibility(label)


@pytest.mark.parametrize("width", [1280, 375])
def test_a_3000_character_word_never_widens_a_page(portal, hub, worker, drc, partner_org, width):
    from tests.agreements.factories import agreement_in
    from tests.quality.factories import (
        FinalReviewFactory,
        FindingFactory,
        InProgressReviewFactory,
        OpenActionFactory,
        QACycleFactory,
    )
    from tests.referrals.factories import ConsentPendingReferralFactory

    portal.page.set_viewport_size({"width": width, "height": 900})
    review = InProgressReviewFactory(cycle=QACycleFactory(organisation=partner_org), lead_reviewer=hub)
    FindingFactory(review=review, narrative=LONG)
    OpenActionFactory(review=FinalReviewFactory(cycle=review.cycle), title="z" * 200)  # a title's most
    agreement = agreement_in("active", drafted_by=worker, services_programme=LONG, access_arrangements=LONG)
    referral = ConsentPendingReferralFactory(managed_by=drc, concerns=LONG, situation=LONG)
    portal.sign_in("hub")
    _fits(portal, f"/quality/reviews/{review.pk}/", "a review with a long finding")
    _fits(portal, "/quality/actions/", "improvement actions with a long title")
    portal.sign_in("worker")
    _fits(portal, f"/agreements/{agreement.pk}/", "an agreement with long terms")
    portal.sign_in("drc")
    _fits(portal, f"/referrals/{referral.pk}/", "a referral with long concerns")
    if width == 1280:
        portal.screenshot("long-words")
