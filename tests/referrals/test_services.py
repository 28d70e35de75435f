"""The referral services called directly: the rules hold whatever the caller (R-PR-1 to R-PR-4)."""

from datetime import date, timedelta

import pytest
from django.db import IntegrityError, transaction

from careportal.audit.models import AuditEntry
from careportal.exceptions import NotPermitted, RuleViolation, TransitionNotAllowed
from careportal.notifications.models import FollowUpTask, Notification
from referrals import services
from referrals.choices import (
    REFERRAL_FIELD_LABELS,
    REFERRAL_FIELD_NAMES,
    ProviderDecisionKind,
    ReferralStatus,
)
from referrals.models import ProviderDecision, Referral
from tests.factories import ApprovedPartnerFactory
from tests.referrals.factories import TODAY, ConsentedReferralFactory

pytestmark = pytest.mark.django_db
S = ReferralStatus


# R-PR-2: consent before referral, enforced in the service.
def test_refer_service_refuses_without_a_consent_record_r_pr_2(drc, provider_org):
    # A referral marked consented but with no consent record (as if written around the services).
    referral = ConsentedReferralFactory(
        managed_by=drc, consent_given=None, consent_given_on=None, consent_given_by=""
    )
    with pytest.raises(TransitionNotAllowed) as caught:
        services.referral_refer(referral=referral, by=drc, provider=provider_org)
    assert caught.value.rule == "R-PR-2"
    assert "consent" in caught.value.message
    referral.refresh_from_db()
    assert referral.status == S.CONSENTED and referral.provider is None
    assert not ProviderDecision.objects.filter(referral=referral).exists()


@pytest.mark.parametrize("status", [S.DRAFT, S.CONSENT_PENDING, S.CONSENT_DECLINED])
def test_refer_service_refuses_before_consent_is_given_r_pr_2(make_referral, drc, provider_org, status):
    referral = make_referral(status)
    with pytest.raises(TransitionNotAllowed) as caught:
        services.referral_refer(referral=referral, by=drc, provider=provider_org)
    assert caught.value.status == status


def test_declined_consent_closes_as_consent_declined_and_creates_an_alternatives_task_r_pr_2(
    make_referral, drc, senior
):
    referral = make_referral(S.CONSENT_PENDING)
    result = services.referral_record_consent(
        referral=referral, by=senior, consented=False, given_on=TODAY, given_by="Mum"
    )
    assert result.status == S.CONSENT_DECLINED
    assert (result.consent_given, result.consent_given_on, result.consent_given_by) == (False, TODAY, "Mum")
    assert result.consent_recorded_by == senior
    task = FollowUpTask.objects.get(subject_id=str(referral.pk))
    assert task.kind == services.ALTERNATIVES_TASK
    assert task.assignee == drc  # the referral's manager
    assert referral.reference in task.title
    assert "Ōtara" not in task.title and "Mum" not in task.title  # R-PRIV-2: no whānau details
    assert task.link == f"/referrals/{referral.pk}/"


def test_consent_given_creates_no_task(make_referral, drc):
    referral = make_referral(S.CONSENT_PENDING)
    services.referral_record_consent(
        referral=referral, by=drc, consented=True, given_on=TODAY, given_by="Mum"
    )
    assert not FollowUpTask.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("given_on", {"given_on": TODAY + timedelta(days=1)}, "cannot be in the future"),
        ("given_by", {"given_by": "  "}, "is required"),
    ],
)
def test_consent_needs_who_and_a_date_not_in_the_future_r_pr_2(make_referral, drc, field, value, message):
    referral = make_referral(S.CONSENT_PENDING)
    kwargs = {"consented": True, "given_on": TODAY, "given_by": "Mum", **value}
    with pytest.raises(RuleViolation) as caught:
        services.referral_record_consent(referral=referral, by=drc, **kwargs)
    assert caught.value.field == field and message in caught.value.message
    referral.refresh_from_db()
    assert referral.status == S.CONSENT_PENDING


# R-PR-1: eligibility.
@pytest.mark.parametrize(
    ("answers", "named", "not_named"),
    [
        ({"no_current_involvement": False}, ["currently involved"], ["statutory threshold"]),
        ({"below_statutory_threshold": False}, ["statutory threshold"], ["currently involved"]),
        (
            {"no_current_involvement": False, "below_statutory_threshold": False},
            ["currently involved", "statutory threshold"],
            [],
        ),
    ],
)
def test_referral_failing_eligibility_cannot_be_referred_and_says_why_r_pr_1(
    make_referral, drc, provider_org, answers, named, not_named
):
    referral = make_referral(S.CONSENTED, **answers)
    with pytest.raises(TransitionNotAllowed) as caught:
        services.referral_refer(referral=referral, by=drc, provider=provider_org)
    assert caught.value.rule == "R-PR-1"
    for words in named:
        assert words in caught.value.message
    for words in not_named:
        assert words not in caught.value.message
    referral.refresh_from_db()
    assert referral.status == S.CONSENTED


# R-PR-3: all eight fields.
def test_every_missing_referral_field_is_named_r_pr_3(make_referral, drc, provider_org):
    referral = make_referral(S.CONSENTED, whanau_view="", strengths="   ", other_providers="")
    with pytest.raises(TransitionNotAllowed) as caught:
        services.referral_refer(referral=referral, by=drc, provider=provider_org)
    message = caught.value.message
    assert caught.value.rule == "R-PR-3"
    assert "Missing 3 of 8" in message
    assert message.endswith("whānau's own view, strengths, other providers involved.")
    for name in ("whanau_view", "other_providers", "(strengths)"):
        assert name not in message  # plain words: labels, never internal field names


@pytest.mark.parametrize("field", REFERRAL_FIELD_NAMES)
def test_each_of_the_eight_fields_is_required_to_refer_r_pr_3(make_referral, drc, provider_org, field):
    referral = make_referral(S.CONSENTED, **{field: ""})
    with pytest.raises(TransitionNotAllowed, match="Missing 1 of 8") as caught:
        services.referral_refer(referral=referral, by=drc, provider=provider_org)
    assert REFERRAL_FIELD_LABELS[field].lower() in caught.value.message


def test_refer_via_api_answers_409_naming_the_missing_fields_r_pr_3(api_as, make_referral, drc, provider_org):
    referral = make_referral(S.CONSENTED, situation="", concerns="")
    response = api_as(drc).post(f"/api/v1/referrals/{referral.pk}/refer/", {"provider": str(provider_org.pk)})
    assert response.status_code == 409
    body = response.json()
    assert body["status"] == "consented" and body["rule"] == "R-PR-3"
    assert "their situation" in body["detail"].lower() and "(concerns)" not in body["detail"]
    assert set(api_as(drc).get(f"/api/v1/referrals/{referral.pk}/").json()["missing_fields"]) == {
        "situation",
        "concerns",
    }


# Providers.
def test_refer_only_to_a_community_provider(make_referral, drc):
    referral = make_referral(S.CONSENTED)
    with pytest.raises(RuleViolation) as caught:
        services.referral_refer(referral=referral, by=drc, provider=ApprovedPartnerFactory())
    assert caught.value.field == "provider"
    assert "not a community service provider" in caught.value.message


def test_refer_to_a_care_partner_is_a_400_on_provider(api_as, make_referral, drc, partner_org):
    referral = make_referral(S.CONSENTED)
    response = api_as(drc).post(f"/api/v1/referrals/{referral.pk}/refer/", {"provider": str(partner_org.pk)})
    assert response.status_code == 400
    assert "provider" in response.json()


def test_refer_sets_provider_dates_and_a_pending_decision(make_referral, drc, provider_org, settings):
    referral = make_referral(S.CONSENTED)
    monday = date(2026, 11, 16)
    result = services.referral_refer(referral=referral, by=drc, provider=provider_org, today=monday)
    assert (result.provider, result.referred_on) == (provider_org, monday)
    assert result.response_due_on == date(2026, 11, 23)  # 5 working days: Tue–Fri, then Monday
    decision = ProviderDecision.objects.get(referral=referral)
    assert (decision.provider, decision.decision) == (provider_org, ProviderDecisionKind.PENDING)


def test_decline_then_re_refer_to_another_provider_keeps_the_decisions(
    make_referral, drc, provider_user, provider_org, provider2_org
):
    referral = make_referral(S.REFERRED)
    declined = services.referral_decline(referral=referral, by=provider_user, reason="Full this term.")
    assert declined.status == S.PROVIDER_DECLINED and declined.provider is None
    with pytest.raises(RuleViolation) as caught:
        services.referral_refer(referral=declined, by=drc, provider=provider_org)
    assert caught.value.field == "provider" and caught.value.rule == "R-PR-4"
    again = services.referral_refer(referral=declined, by=drc, provider=provider2_org)
    assert again.status == S.REFERRED and again.provider == provider2_org
    decisions = list(ProviderDecision.objects.filter(referral=referral).order_by("created_at"))
    assert [(d.provider, d.decision, d.reason) for d in decisions] == [
        (provider_org, ProviderDecisionKind.DECLINED, "Full this term."),
        (provider2_org, ProviderDecisionKind.PENDING, ""),
    ]
    assert decisions[0].decided_by == provider_user


def test_decline_needs_a_reason(make_referral, provider_user):
    referral = make_referral(S.REFERRED)
    with pytest.raises(RuleViolation) as caught:
        services.referral_decline(referral=referral, by=provider_user, reason=" ")
    assert caught.value.field == "reason"


def test_accept_starts_the_contact_clock_from_a_setting_r_pr_4(make_referral, provider_user, settings):
    settings.CAREPORTAL_REFERRAL_CONTACT_INTERVAL_DAYS = 14
    referral = make_referral(S.REFERRED)
    day = date(2026, 11, 18)
    accepted = services.referral_accept(referral=referral, by=provider_user, today=day)
    assert accepted.provider_responded_on == day
    assert accepted.next_contact_due_on == date(2026, 12, 2)
    assert ProviderDecision.objects.get(referral=referral).decision == ProviderDecisionKind.ACCEPTED


def test_refer_notifies_the_provider_users_on_commit_without_whanau_details_r_priv_2(
    make_referral, drc, provider_user, provider2_user, provider_org, django_capture_on_commit_callbacks
):
    referral = make_referral(S.CONSENTED)
    with django_capture_on_commit_callbacks(execute=True):
        services.referral_refer(referral=referral, by=drc, provider=provider_org)
    note = Notification.objects.get(recipient=provider_user)
    assert referral.reference in note.message and "Ōtara" not in note.message
    assert note.link == f"/referrals/{referral.pk}/"
    assert not Notification.objects.filter(recipient=provider2_user).exists()


def test_decline_notifies_the_manager(make_referral, drc, provider_user, django_capture_on_commit_callbacks):
    referral = make_referral(S.REFERRED)
    with django_capture_on_commit_callbacks(execute=True):
        services.referral_decline(referral=referral, by=provider_user, reason="Full.")
    assert "another provider" in Notification.objects.get(recipient=drc).message


# R-PR-4: escalation and closing.
def test_escalate_records_reason_and_pathways_meeting_date_r_pr_4(make_referral, supervisor):
    referral = make_referral(S.MONITORING)
    meeting = TODAY + timedelta(days=3)
    result = services.referral_escalate(
        referral=referral, by=supervisor, reason="Worse.", pathways_meeting_on=meeting
    )
    assert (result.status, result.escalation_reason, result.pathways_meeting_on, result.escalated_on) == (
        S.ESCALATED,
        "Worse.",
        meeting,
        TODAY,
    )
    assert AuditEntry.objects.for_object(referral).history().last().reason == "Worse."


def test_escalate_refuses_a_past_meeting_date(make_referral, drc):
    referral = make_referral(S.ACCEPTED)
    with pytest.raises(RuleViolation) as caught:
        services.referral_escalate(
            referral=referral, by=drc, reason="x", pathways_meeting_on=TODAY - timedelta(days=1)
        )
    assert caught.value.field == "pathways_meeting_on"


def test_close_records_the_outcome(make_referral, drc):
    referral = make_referral(S.MONITORING, contact_overdue_since=TODAY)
    closed = services.referral_close(referral=referral, by=drc, outcome="Goals met.")
    assert (closed.status, closed.outcome, closed.closed_on, closed.contact_overdue_since) == (
        S.CLOSED,
        "Goals met.",
        TODAY,
        None,
    )
    with pytest.raises(RuleViolation):
        services.referral_close(referral=make_referral(S.DRAFT), by=drc, outcome="")


# Create and edit.
def test_create_is_for_managers_only_r_pr_4(worker, supervisor, provider_user):
    for user in (worker, supervisor, provider_user):
        with pytest.raises(NotPermitted):
            services.referral_create(by=user, site="Manukau")
    assert not Referral.objects.exists()


def test_create_numbers_references_per_year_and_defaults_the_site(drc, senior):
    first = services.referral_create(by=drc, today=date(2026, 3, 1))
    second = services.referral_create(by=senior, today=date(2026, 3, 2), site="Ōtara")
    third = services.referral_create(by=drc, today=date(2027, 1, 5))
    assert [first.reference, second.reference, third.reference] == [
        "PR-2026-00001",
        "PR-2026-00002",
        "PR-2027-00001",
    ]
    assert (first.site, second.site, first.managed_by, first.status) == ("Manukau", "Ōtara", drc, S.DRAFT)
    assert AuditEntry.objects.for_object(first).history().get().action == "create"


def test_edit_is_refused_once_sent_to_a_provider(make_referral, drc):
    referral = make_referral(S.REFERRED)
    with pytest.raises(TransitionNotAllowed):
        services.referral_update(referral=referral, by=drc, situation="changed")
    referral.refresh_from_db()
    assert referral.situation != "changed"


def test_edit_records_the_changed_field_names_not_their_values(make_referral, drc):
    referral = make_referral(S.DRAFT)
    services.referral_update(
        referral=referral, by=drc, situation="New situation text", strengths=referral.strengths
    )
    entry = AuditEntry.objects.for_object(referral).get(action="edit")
    assert entry.data == {"fields": ["situation"]}
    assert "New situation" not in str(entry.data)


# Atomicity and the database's own guards.
def test_a_failure_after_the_transition_leaves_nothing_behind(
    make_referral, drc, provider_org, provider2_org
):
    referral = make_referral(S.CONSENTED)
    # An inconsistent leftover: an unanswered sending already exists, so recording the new one fails
    # after the status change and its audit entry were written.
    ProviderDecision.objects.create(referral=referral, provider=provider2_org, referred_on=TODAY)
    with pytest.raises(IntegrityError):
        services.referral_refer(referral=referral, by=drc, provider=provider_org)
    referral.refresh_from_db()
    assert (referral.status, referral.provider, referral.referred_on) == (S.CONSENTED, None, None)
    assert not AuditEntry.objects.for_object(referral).filter(action="refer").exists()
    assert ProviderDecision.objects.filter(referral=referral).count() == 1


@pytest.mark.parametrize(
    "fields",
    [
        {"consent_given": None, "consent_given_on": None},
        {"no_current_involvement": False},
        {"below_statutory_threshold": False},
        {"provider": None},
    ],
)
def test_the_database_refuses_a_referred_referral_without_consent_eligibility_or_provider(
    drc, provider_org, fields
):
    with pytest.raises(IntegrityError), transaction.atomic():
        ConsentedReferralFactory(
            managed_by=drc, status=S.REFERRED, provider=fields.pop("provider", provider_org), **fields
        )
