"""In the portal: irreversible steps last and set apart, a confirmation page
before any of them runs (the server refuses an unconfirmed one; the API does not ask), plain words in the
history and in errors (rule ids behind "Why?")."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from agreements.models import Agreement
from careportal.lib.dates import nz_today
from partners.models import Application, S396Approval
from tests.agreements.factories import agreement_in
from tests.partners.factories import (
    ConfirmationApplicationFactory,
    S396ApprovalFactory,
    decline_proposed,
    notice,
)

pytestmark = pytest.mark.django_db


def _cancel(client, agreement, **extra):
    url = reverse("agreements:transition", args=[agreement.pk, "cancel"])
    return client.post(url, {"cancel-reason": "Whānau found another option.", **extra})


def test_an_irreversible_step_is_offered_last_under_its_own_heading(portal_as, worker):
    agreement = agreement_in("draft", drafted_by=worker)
    html = portal_as(worker).get(agreement.get_absolute_url()).content.decode()
    final = html.index("Steps that cannot be undone")
    assert html.index('id="action-submit"') < final < html.index('id="action-cancel"')
    assert "data-confirm" not in html  # no window.confirm


def test_an_unconfirmed_irreversible_step_shows_a_confirmation_page_and_changes_nothing(portal_as, worker):
    agreement = agreement_in("draft", drafted_by=worker)
    response = _cancel(portal_as(worker), agreement)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 id="confirm-heading" tabindex="-1" data-focus-on-load>Cancel the agreement?</h1>' in html
    assert "This cannot be undone." in html and "never comes into force" in html  # the consequence
    assert "Whānau found another option." in html  # what was entered, restated
    assert re.search(r'<input type="hidden" name="cancel-reason" value="Whānau found another option.">', html)
    assert (
        '<button type="submit" name="confirmed" value="yes"' in html and "Yes, cancel the agreement" in html
    )
    assert f'href="{agreement.get_absolute_url()}">No, go back</a>' in html
    assert Agreement.objects.get(pk=agreement.pk).status == "draft"
    assert _cancel(portal_as(worker), agreement, confirmed="no").status_code == 200  # still not run
    assert Agreement.objects.get(pk=agreement.pk).status == "draft"


def test_a_confirmed_step_runs_and_says_what_happens_next(portal_as, worker):
    agreement = agreement_in("draft", drafted_by=worker)
    client = portal_as(worker)
    response = _cancel(client, agreement, confirmed="yes")
    assert response.status_code == 302
    assert Agreement.objects.get(pk=agreement.pk).status == "cancelled"
    page = client.get(response.url)
    assert "it never came into force. Nothing more is needed." in page.content.decode()


def test_an_invalid_form_is_shown_again_before_any_confirmation(portal_as, worker):
    agreement = agreement_in("draft", drafted_by=worker)
    url = reverse("agreements:transition", args=[agreement.pk, "cancel"])
    response = portal_as(worker).post(url, {"cancel-reason": ""})
    assert response.status_code == 400 and "confirm-heading" not in response.content.decode()


def test_the_api_needs_no_confirmation(api_as, worker):
    agreement = agreement_in("draft", drafted_by=worker)
    response = api_as(worker).post(
        f"/api/v1/agreements/{agreement.pk}/cancel/", {"reason": "Not needed."}, format="json"
    )
    assert response.status_code == 200, response.content
    assert Agreement.objects.get(pk=agreement.pk).status == "cancelled"


def test_the_history_shows_status_names_not_codes(portal_as, worker):
    agreement = agreement_in("draft", drafted_by=worker)
    client = portal_as(worker)
    client.post(reverse("agreements:transition", args=[agreement.pk, "submit"]))
    html = client.get(agreement.get_absolute_url()).content.decode()
    history = html[html.index('id="history-heading"') :]
    assert "Draft → Awaiting supervisor" in history
    assert "awaiting_supervisor" not in history


def test_a_refusal_puts_its_rule_behind_why(portal_as, worker):
    today = nz_today()
    agreement = agreement_in("active", s140=True, drafted_by=worker)
    data = {
        "give_notice-party": str(agreement.parties.get(position=0).pk),
        "give_notice-given_on": today.isoformat(),
        "give_notice-form": "verbal",
        "confirmed": "yes",
    }
    response = portal_as(worker).post(
        reverse("agreements:transition", args=[agreement.pk, "give_notice"]), data
    )
    assert response.status_code == 400
    html = response.content.decode()
    error = html[html.index('class="field-error"') :]
    words, why = error.split("<details", 1)
    assert "written notice" in words and "R-140-6" not in words
    assert "<summary>Why?</summary>" in why and "R-140-6" in why.split("</details>")[0]


# --- A refusal the person could have known comes before the confirmation page, not after "Yes" --------


def test_a_decline_inside_the_submissions_window_is_refused_before_the_confirmation(portal_as, delegate):
    application = ConfirmationApplicationFactory(**decline_proposed(window=10))
    url = reverse("partners:transition", args=[application.pk, "decline"])
    response = portal_as(delegate).post(url, {"decline-reason": "Standards not met."})  # not yet "Yes"
    html = response.content.decode()
    assert response.status_code == 400 and "please confirm" not in html
    assert "submissions window is open until" in html and "<code>R-396-4</code>" in html
    assert Application.objects.get(pk=application.pk).status == application.status


def test_a_suspension_inside_the_response_window_is_refused_before_the_confirmation(portal_as, delegate):
    approval = S396ApprovalFactory(**notice("suspend", window=10))
    url = reverse("partners:approval_action", args=[approval.pk, "suspend"])
    response = portal_as(delegate).post(url, {"suspend-gazette_notice_reference": "2026-go1234"})
    html = response.content.decode()
    assert response.status_code == 400 and "please confirm" not in html
    assert "may respond until" in html and "<code>R-396-4</code>" in html
    assert S396Approval.objects.get(pk=approval.pk).status == "active"
