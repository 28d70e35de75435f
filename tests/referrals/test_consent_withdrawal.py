"""R-PR-2: the whānau withdraws consent after the referral was sent. The referral closes as consent
withdrawn, the provider is told and loses access (decision 0017), and the manager gets a task to explore
alternatives. Through the API, the portal and the service."""

from datetime import timedelta

import pytest
from django.urls import reverse

from careportal.audit.models import AuditEntry
from careportal.notifications.kinds import NotificationKind, TaskKind
from careportal.notifications.models import FollowUpTask, Notification
from referrals.choices import ProviderDecisionKind, ReferralStatus
from referrals.models import CONSENT_WITHDRAWN_OUTCOME, Referral
from tests.referrals.factories import TODAY

pytestmark = pytest.mark.django_db
S = ReferralStatus
BODY = {"withdrawn_on": TODAY.isoformat(), "reason": "Mum has found support through her church."}


def url(referral):
    return f"/api/v1/referrals/{referral.pk}/withdraw_consent/"


def withdraw(client, referral, body=None, capture=None):
    if capture is None:
        return client.post(url(referral), body or BODY, format="json")
    with capture(execute=True):
        return client.post(url(referral), body or BODY, format="json")


@pytest.mark.parametrize("status", [S.REFERRED, S.ACCEPTED, S.MONITORING, S.ESCALATED])
def test_withdrawal_closes_the_referral_as_consent_withdrawn_r_pr_2(api_as, drc, make_referral, status):
    referral = make_referral(status)
    response = withdraw(api_as(drc), referral)
    assert response.status_code == 200, response.json()
    data = response.json()
    assert (data["status"], data["outcome"], data["closed_on"]) == (
        S.CLOSED,
        CONSENT_WITHDRAWN_OUTCOME,
        TODAY.isoformat(),
    )
    assert data["consent"]["withdrawn_on"] == TODAY.isoformat()
    assert data["consent"]["withdrawal_reason"] == BODY["reason"]
    assert data["allowed_transitions"] == []
    entry = AuditEntry.objects.for_object(referral).history().last()
    assert (entry.action, entry.from_status, entry.to_status, entry.actor, entry.reason) == (
        "withdraw_consent", status, S.CLOSED, drc, BODY["reason"]
    )  # fmt: skip


def test_the_provider_is_told_without_a_link_or_the_whanau_details_r_pr_2(
    api_as, drc, provider_user, provider2_user, make_referral, django_capture_on_commit_callbacks
):
    referral = make_referral(S.ACCEPTED)
    withdraw(api_as(drc), referral, capture=django_capture_on_commit_callbacks)
    told = Notification.objects.get(kind=NotificationKind.REFERRAL_CONSENT_WITHDRAWN)
    assert told.recipient == provider_user and told.link == ""
    assert referral.reference in told.message and "withdrew their consent" in told.message
    assert referral.family_details not in told.message  # R-PRIV-2
    assert not Notification.objects.filter(recipient=provider2_user).exists()


def test_the_provider_loses_access_at_once_decision_0017(api_as, drc, provider_user, make_referral):
    referral = make_referral(S.MONITORING)
    provider = api_as(provider_user)
    assert provider.get(f"/api/v1/referrals/{referral.pk}/").status_code == 200
    assert withdraw(api_as(drc), referral).status_code == 200
    assert provider.get(f"/api/v1/referrals/{referral.pk}/").status_code == 404
    assert provider.get(f"/api/v1/referrals/{referral.pk}/contacts/").status_code == 404
    assert referral.pk not in {r["id"] for r in provider.get("/api/v1/referrals/").json()["results"]}
    # Staff still see it, and which provider it had been with.
    assert api_as(drc).get(f"/api/v1/referrals/{referral.pk}/").json()["provider"] == str(
        referral.provider_id
    )


def test_the_provider_loses_the_portal_page_too(portal_as, drc, provider_user, make_referral):
    referral = make_referral(S.ACCEPTED)
    withdraw_from_portal(portal_as(drc), referral)
    assert portal_as(provider_user).get(reverse("referrals:detail", args=[referral.pk])).status_code == 404


def test_an_explore_alternatives_task_goes_to_the_manager_r_pr_2(api_as, senior, drc, make_referral):
    referral = make_referral(S.ACCEPTED)
    assert withdraw(api_as(senior), referral).status_code == 200
    task = FollowUpTask.objects.get(subject_id=str(referral.pk))
    assert (task.kind, task.assignee) == (TaskKind.REFERRAL_EXPLORE_ALTERNATIVES, drc)
    assert "withdrew consent" in task.title and referral.reference in task.title
    assert task.due_on is not None and task.due_on > TODAY


def test_an_unanswered_sending_is_marked_withdrawn(api_as, drc, make_referral):
    referral = make_referral(S.REFERRED)
    withdraw(api_as(drc), referral)
    decision = referral.provider_decisions.get()
    assert (decision.decision, decision.decided_on) == (ProviderDecisionKind.WITHDRAWN, TODAY)


def test_after_a_provider_declined_nobody_outside_is_told(
    api_as, drc, make_referral, django_capture_on_commit_callbacks
):
    referral = make_referral(S.PROVIDER_DECLINED)
    response = withdraw(api_as(drc), referral, capture=django_capture_on_commit_callbacks)
    assert response.status_code == 200 and response.json()["status"] == S.CLOSED
    assert not Notification.objects.filter(kind=NotificationKind.REFERRAL_CONSENT_WITHDRAWN).exists()
    assert FollowUpTask.objects.filter(subject_id=str(referral.pk)).count() == 1


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"withdrawn_on": (TODAY + timedelta(days=1)).isoformat(), "reason": "x"}, "withdrawn_on", "future"),
        ({"withdrawn_on": (TODAY - timedelta(days=30)).isoformat(), "reason": "x"}, "withdrawn_on", "before consent was given"),
        ({"withdrawn_on": TODAY.isoformat(), "reason": "   "}, "reason", "blank"),
        ({"withdrawn_on": "not a date", "reason": "x"}, "withdrawn_on", ""),
        ({"reason": "x"}, "withdrawn_on", ""),
    ],
)  # fmt: skip
def test_a_bad_field_is_a_400_on_that_field(api_as, drc, make_referral, body, field, words):
    referral = make_referral(S.ACCEPTED)
    response = withdraw(api_as(drc), referral, body)
    assert response.status_code == 400, response.json()
    assert field in str(response.json()) and words in str(response.json())
    referral.refresh_from_db()
    assert referral.status == S.ACCEPTED and referral.consent_withdrawn_on is None


def test_not_before_the_referral_was_sent_r_pr_2(api_as, drc, make_referral):
    referral = make_referral(S.ACCEPTED, consent_given_on=TODAY - timedelta(days=20))
    before_sent = (referral.referred_on - timedelta(days=1)).isoformat()
    response = withdraw(api_as(drc), referral, {"withdrawn_on": before_sent, "reason": "x"})
    assert response.status_code == 400
    assert "before the referral was sent" in str(response.json())


@pytest.mark.parametrize("status", [S.DRAFT, S.CONSENT_PENDING, S.CONSENTED, S.CONSENT_DECLINED, S.CLOSED])
def test_before_sending_or_once_closed_is_a_409(api_as, drc, make_referral, status):
    referral = make_referral(status)
    response = withdraw(api_as(drc), referral)
    assert response.status_code == 409 and response.json()["status"] == status


def test_escalated_before_it_was_sent_is_a_409_naming_the_rule(api_as, drc, make_referral):
    referral = make_referral(S.ESCALATED, provider=None, referred_on=None)
    response = withdraw(api_as(drc), referral)
    assert response.status_code == 409 and response.json()["rule"] == "R-PR-2"
    assert (
        "withdraw_consent"
        not in api_as(drc).get(f"/api/v1/referrals/{referral.pk}/").json()["allowed_transitions"]
    )


def test_the_provider_may_not_record_a_withdrawal(api_as, provider_user, make_referral):
    referral = make_referral(S.ACCEPTED)
    assert withdraw(api_as(provider_user), referral).status_code == 403
    assert Referral.objects.get(pk=referral.pk).status == S.ACCEPTED


def test_a_withdrawal_that_fails_changes_nothing(api_as, drc, make_referral, monkeypatch):
    referral = make_referral(S.ACCEPTED)

    def broken(**kwargs):
        raise RuntimeError("task store down")

    monkeypatch.setattr("referrals.services.common.task_create", broken)
    with pytest.raises(RuntimeError):
        withdraw(api_as(drc), referral)
    referral.refresh_from_db()
    assert referral.status == S.ACCEPTED and referral.consent_withdrawn_on is None
    assert not AuditEntry.objects.for_object(referral).filter(action="withdraw_consent").exists()


def withdraw_from_portal(client, referral, **data):
    fields = {"withdrawn_on": TODAY.isoformat(), "reason": "They have moved away.", **data}
    return client.post(
        reverse("referrals:transition", args=[referral.pk, "withdraw_consent"]),
        {**{f"withdraw_consent-{k}": v for k, v in fields.items()}, "confirmed": "yes"},
    )


def test_portal_offers_it_last_with_a_confirmation_and_shows_the_withdrawal(portal_as, drc, make_referral):
    referral = make_referral(S.MONITORING)
    client = portal_as(drc)
    page = client.get(reverse("referrals:detail", args=[referral.pk])).content.decode()
    assert "Record that the whānau withdrew consent" in page
    response = withdraw_from_portal(client, referral)
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "Consent withdrawn" in page and "They have moved away." in page
    assert "no longer sees it" in page


def test_portal_shows_a_bad_date_beside_the_field(portal_as, drc, make_referral):
    referral = make_referral(S.ACCEPTED)
    response = withdraw_from_portal(
        portal_as(drc), referral, withdrawn_on=(TODAY + timedelta(days=3)).isoformat()
    )
    assert response.status_code == 400
    assert "cannot be in the future" in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == S.ACCEPTED
