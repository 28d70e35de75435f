"""Partnered response referrals to community service providers (R-PR-1 to R-PR-4)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import ExpressionWrapper, Q
from django_fsm import RETURN_VALUE, ConcurrentTransitionMixin, FSMField, transition

from careportal.db import TimeStampedModel
from careportal.lib import limits
from careportal.lib.references import YearlyCounter
from careportal.workflow import condition, fsm_permission

from .choices import (
    CONSENT_WITHDRAWABLE_STATUSES,
    CONTACT_EXPECTED_STATUSES,
    EDITABLE_STATUSES,
    OPEN_STATUSES,
    REFERRAL_FIELD_NAMES,
    WITH_PROVIDER_STATUSES,
    ContactChannel,
    ProviderDecisionKind,
    ReferralStatus,
)
from .permissions import can_escalate_or_close, can_manage, is_receiving_provider

S = ReferralStatus
SENT_STATUSES = (S.REFERRED, S.PROVIDER_DECLINED, S.ACCEPTED, S.MONITORING)


# R-PR-2: the outcome a referral closed by the whānau's withdrawal of consent records.
CONSENT_WITHDRAWN_OUTCOME = "Consent withdrawn by the whānau."


# A condition reads only this row (no queries), so `allowed_transitions` stays free on a list.
@condition(
    rule="R-PR-2",
    message="Consent is withdrawn this way only once the referral has been sent to a provider; close it instead.",
)
def was_sent(referral: Any) -> bool:
    return referral.referred_on is not None


def contact_overdue_q(today: date) -> Q:
    """R-PR-4: the provider is working with the whānau and no contact has been logged in time."""
    return Q(status__in=CONTACT_EXPECTED_STATUSES, next_contact_due_on__lt=today)


class ReferralQuerySet(models.QuerySet):
    def with_list_data(self) -> ReferralQuerySet:
        """What lists and detail pages show, in a constant number of queries."""
        return self.select_related("provider", "managed_by")

    def contact_overdue(self, today: date) -> ReferralQuerySet:
        return self.filter(contact_overdue_q(today))

    def with_contact_overdue(self, today: date) -> ReferralQuerySet:
        """Annotate `contact_is_overdue` (the same test as `contact_overdue`) for list pages."""
        test = ExpressionWrapper(contact_overdue_q(today), output_field=models.BooleanField())
        return self.annotate(contact_is_overdue=test)

    def response_overdue(self, today: date) -> ReferralQuerySet:
        """Sent, and the provider has not answered within its working days (CAREPORTAL_PROVIDER_RESPONSE_WORKING_DAYS)."""
        return self.filter(status=S.REFERRED, response_due_on__lt=today)


class Referral(ConcurrentTransitionMixin, TimeStampedModel):
    """A partnered response referral of a whānau to a community service provider (R-PR-*)."""

    reference = models.CharField(max_length=20, unique=True, editable=False)
    site = models.CharField(
        max_length=80, help_text="The Oranga Tamariki site whose pathways meeting it goes to."
    )
    managed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="managed_referrals"
    )
    # R-PR-3: the eight things a referral carries; blank while drafting, all required to refer.
    family_details = models.TextField("whānau details", max_length=limits.TEXT, blank=True)
    situation = models.TextField("their situation", max_length=limits.TEXT, blank=True)
    concerns = models.TextField("concerns", max_length=limits.TEXT, blank=True)
    service_type = models.CharField("most appropriate service type", max_length=limits.SHORT_TEXT, blank=True)
    whanau_view = models.TextField("the whānau's own view", max_length=limits.TEXT, blank=True)
    strengths = models.TextField("strengths", max_length=limits.TEXT, blank=True)
    history_summary = models.TextField("brief relevant history", max_length=limits.TEXT, blank=True)
    other_providers = models.TextField("other providers involved", max_length=limits.TEXT, blank=True)
    # R-PR-1: eligibility, both required to refer.
    no_current_involvement = models.BooleanField("Oranga Tamariki is not currently involved", default=False)
    below_statutory_threshold = models.BooleanField(
        "the concerns are below the statutory threshold", default=False
    )
    # R-PR-2: the whānau's consent (or refusal), who gave it and when.
    consent_given = models.BooleanField(null=True, editable=False)
    consent_given_on = models.DateField(null=True, editable=False)
    consent_given_by = models.CharField(max_length=limits.NAME, blank=True, editable=False)
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    # R-PR-2: consent withdrawn after the referral was sent, when and why (the referral is then closed).
    consent_withdrawn_on = models.DateField(null=True, editable=False)
    # `db_default`: rows written without the ORM (the benchmark's load data) get "" too.
    consent_withdrawal_reason = models.TextField(
        max_length=limits.REASON, blank=True, editable=False, default="", db_default=""
    )
    # The provider the referral is with now (null before `refer` and after a provider declines).
    provider = models.ForeignKey(
        "partners.Organisation", null=True, on_delete=models.PROTECT, related_name="referrals", editable=False
    )
    referred_on = models.DateField(null=True, editable=False)
    response_due_on = models.DateField(null=True, editable=False)
    provider_responded_on = models.DateField(null=True, editable=False)
    escalation_reason = models.TextField(max_length=limits.REASON, blank=True, editable=False)
    pathways_meeting_on = models.DateField(null=True, editable=False)
    escalated_on = models.DateField(null=True, editable=False)
    outcome = models.TextField(max_length=limits.REASON, blank=True, editable=False)
    closed_on = models.DateField(null=True, editable=False)
    # R-PR-4: regular contact between coordinator and provider.
    last_contact_on = models.DateField(null=True, editable=False)
    next_contact_due_on = models.DateField(null=True, editable=False)
    # Set by the daily sweep (the first day it found the referral overdue); cleared when resolved.
    contact_overdue_since = models.DateField(null=True, editable=False)
    response_overdue_since = models.DateField(null=True, editable=False)
    status = FSMField(default=S.DRAFT, choices=S.choices, protected=True)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "next_contact_due_on"]),
            models.Index(fields=["provider", "status"]),
            models.Index(fields=["managed_by", "status"]),
            models.Index(fields=["site", "pathways_meeting_on"]),
            # Lists show the newest first (decision 0010): the first page without sorting 200,000 rows.
            models.Index(fields=["-created_at"], name="referral_newest_first"),
            models.Index(fields=["status", "-created_at"], name="referral_status_newest"),
        ]
        constraints = [
            # Defence in depth behind the services: nothing reaches a provider without consent
            # (R-PR-2), eligibility (R-PR-1) and, while with a provider, a provider.
            models.CheckConstraint(
                name="referral_sent_only_with_consent_and_eligibility",
                condition=~Q(status__in=SENT_STATUSES)
                | Q(
                    consent_given=True,
                    consent_given_on__isnull=False,
                    no_current_involvement=True,
                    below_statutory_threshold=True,
                ),
            ),
            models.CheckConstraint(
                name="referral_consent_withdrawn_only_when_closed",
                condition=Q(consent_withdrawn_on__isnull=True) | Q(status=S.CLOSED),
            ),
            models.CheckConstraint(
                name="referral_with_provider_has_provider",
                condition=~Q(status__in=WITH_PROVIDER_STATUSES) | Q(provider__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    # Small read helpers for templates and serializers.
    @property
    def missing_fields(self) -> list[str]:
        """R-PR-3: the names of the eight referral fields still empty."""
        return [name for name in REFERRAL_FIELD_NAMES if not str(getattr(self, name)).strip()]

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def consent_withdrawn(self) -> bool:
        return self.consent_withdrawn_on is not None

    # Transitions: bodies only change this record; the services guard, lock, audit and notify.
    @transition(field=status, source=S.DRAFT, target=S.CONSENT_PENDING, permission=fsm_permission(can_manage))
    def seek_consent(self) -> None:
        """The whānau is being asked for consent (R-PR-2)."""

    @transition(
        field=status,
        source=S.CONSENT_PENDING,
        target=RETURN_VALUE(S.CONSENTED, S.CONSENT_DECLINED),
        permission=fsm_permission(can_manage),
    )
    def record_consent(self, *, consented: bool, given_on: date, given_by: str, recorded_by) -> str:
        self.consent_given = consented
        self.consent_given_on = given_on
        self.consent_given_by = given_by
        self.consent_recorded_by = recorded_by
        return S.CONSENTED if consented else S.CONSENT_DECLINED

    @transition(
        field=status,
        source=[S.CONSENTED, S.PROVIDER_DECLINED],
        target=S.REFERRED,
        permission=fsm_permission(can_manage),
    )
    def refer(self, *, provider, referred_on: date, response_due_on: date) -> None:
        self.provider = provider
        self.referred_on = referred_on
        self.response_due_on = response_due_on
        self.provider_responded_on = None
        self.response_overdue_since = None

    @transition(
        field=status, source=S.REFERRED, target=S.ACCEPTED, permission=fsm_permission(is_receiving_provider)
    )
    def accept(self, *, on: date, next_contact_due_on: date) -> None:
        self.provider_responded_on = on
        self.response_overdue_since = None
        self.next_contact_due_on = next_contact_due_on
        self.contact_overdue_since = None

    @transition(
        field=status,
        source=S.REFERRED,
        target=S.PROVIDER_DECLINED,
        permission=fsm_permission(is_receiving_provider),
    )
    def decline(self, *, on: date) -> None:
        # The declining provider stops being the provider (and so stops seeing it, see permissions).
        self.provider = None
        self.provider_responded_on = on
        self.response_overdue_since = None

    @transition(field=status, source=S.ACCEPTED, target=S.MONITORING, permission=fsm_permission(can_manage))
    def start_monitoring(self) -> None:
        """The provider is working with the whānau; the coordinator monitors through regular contact."""

    @transition(
        field=status,
        source=list(OPEN_STATUSES),
        target=S.ESCALATED,
        permission=fsm_permission(can_escalate_or_close),
    )
    def escalate(self, *, escalation_reason: str, pathways_meeting_on: date, on: date) -> None:
        self.escalation_reason = escalation_reason
        self.pathways_meeting_on = pathways_meeting_on
        self.escalated_on = on

    @transition(
        field=status,
        source=[*OPEN_STATUSES, S.ESCALATED],
        target=S.CLOSED,
        permission=fsm_permission(can_escalate_or_close),
    )
    def close(self, *, outcome: str, on: date) -> None:
        self.outcome = outcome
        self.closed_on = on
        self.contact_overdue_since = None
        self.response_overdue_since = None

    @transition(
        field=status,
        source=list(CONSENT_WITHDRAWABLE_STATUSES),
        target=S.CLOSED,
        permission=fsm_permission(can_manage),
        conditions=[was_sent],
    )
    def withdraw_consent(self, *, withdrawn_on: date, withdrawal_reason: str, on: date) -> None:
        """R-PR-2: the whānau withdrew consent after the referral was sent; it closes as consent withdrawn."""
        self.consent_withdrawn_on = withdrawn_on
        self.consent_withdrawal_reason = withdrawal_reason
        self.outcome = CONSENT_WITHDRAWN_OUTCOME
        self.closed_on = on
        self.contact_overdue_since = None
        self.response_overdue_since = None


class ProviderDecision(TimeStampedModel):
    """One sending of a referral to a provider and the provider's answer (kept when re-referred)."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="provider_decisions")
    provider = models.ForeignKey("partners.Organisation", on_delete=models.PROTECT, related_name="+")
    referred_on = models.DateField()
    decision = models.CharField(
        max_length=16, choices=ProviderDecisionKind.choices, default=ProviderDecisionKind.PENDING
    )
    decided_on = models.DateField(null=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(max_length=limits.REASON, blank=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            # One unanswered sending at a time.
            models.UniqueConstraint(
                fields=["referral"],
                condition=Q(decision=ProviderDecisionKind.PENDING),
                name="one_pending_provider_decision_per_referral",
            )
        ]

    def __str__(self) -> str:
        return f"{self.referral} → {self.provider}: {self.get_decision_display()}"


class ReferralContact(TimeStampedModel):
    """A dated contact between the coordinator and the provider about a referral (R-PR-4)."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="contacts")
    contacted_on = models.DateField()
    channel = models.CharField(max_length=16, choices=ContactChannel.choices)
    note = models.TextField(max_length=limits.REASON)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-contacted_on", "-created_at"]
        indexes = [models.Index(fields=["referral", "contacted_on"])]

    def __str__(self) -> str:
        return f"{self.referral} contact on {self.contacted_on:%Y-%m-%d}"


class ReferenceCounter(YearlyCounter):
    """The last referral number used in a year: PR-2026-00017."""

    PREFIX, DIGITS = "PR", 5
