"""Referral factories: a factory per status (statuses set at creation, as fixtures; services move them)."""

from datetime import timedelta

import factory

from careportal.accounts.choices import Role
from careportal.lib.dates import nz_today
from referrals.choices import ContactChannel, ProviderDecisionKind, ReferralStatus
from referrals.models import ProviderDecision, Referral, ReferralContact
from tests.factories import ProviderFactory, UserFactory

TODAY = nz_today()  # R-DATE-1: services count in New Zealand dates
S = ReferralStatus

COMPLETE_FIELDS = {
    "family_details": "Mum (30) and two tamariki aged 4 and 7, Ōtara.",
    "situation": "Mum has recently separated and is struggling with routines.",
    "concerns": "School attendance has dropped; no risk of serious harm.",
    "service_type": "Whānau support",
    "whanau_view": "Mum would like help with routines.",
    "strengths": "Strong support from her sister; tamariki are happy.",
    "history_summary": "No previous involvement of note.",
    "other_providers": "None.",
}


class DrcFactory(UserFactory):
    username = factory.Sequence(lambda n: f"drc{n}")
    role = Role.DRC


class ReferralFactory(factory.django.DjangoModelFactory):
    """A complete, eligible draft (every R-PR-3 field filled in, both R-PR-1 answers yes)."""

    class Meta:
        model = Referral
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"PR-2099-{n:05d}")
    site = "Manukau"
    managed_by = factory.SubFactory(DrcFactory)
    no_current_involvement = True
    below_statutory_threshold = True
    status = S.DRAFT

    family_details = COMPLETE_FIELDS["family_details"]
    situation = COMPLETE_FIELDS["situation"]
    concerns = COMPLETE_FIELDS["concerns"]
    service_type = COMPLETE_FIELDS["service_type"]
    whanau_view = COMPLETE_FIELDS["whanau_view"]
    strengths = COMPLETE_FIELDS["strengths"]
    history_summary = COMPLETE_FIELDS["history_summary"]
    other_providers = COMPLETE_FIELDS["other_providers"]


class ConsentPendingReferralFactory(ReferralFactory):
    status = S.CONSENT_PENDING


class ConsentedReferralFactory(ReferralFactory):
    status = S.CONSENTED
    consent_given = True
    consent_given_on = factory.LazyFunction(lambda: TODAY - timedelta(days=3))
    consent_given_by = "Mum"
    consent_recorded_by = factory.SelfAttribute("managed_by")


class ConsentDeclinedReferralFactory(ConsentedReferralFactory):
    status = S.CONSENT_DECLINED
    consent_given = False


class ReferredReferralFactory(ConsentedReferralFactory):
    """Sent to `provider` two days ago; its answer (pending) is recorded as a ProviderDecision."""

    status = S.REFERRED
    provider = factory.SubFactory(ProviderFactory)
    referred_on = factory.LazyFunction(lambda: TODAY - timedelta(days=2))
    response_due_on = factory.LazyFunction(lambda: TODAY + timedelta(days=5))

    @factory.post_generation
    def decisions(obj, create, extracted, **kwargs):  # noqa: N805
        if create and obj.provider_id:
            pending = obj.status == S.REFERRED
            kind = ProviderDecisionKind.PENDING if pending else ProviderDecisionKind.ACCEPTED
            ProviderDecision.objects.create(
                referral=obj,
                provider=obj.provider,
                referred_on=obj.referred_on,
                decision=kind,
                decided_on=obj.provider_responded_on,
            )


class ProviderDeclinedReferralFactory(ConsentedReferralFactory):
    """Declined by `declined_by` (a provider made for it unless given): no current provider."""

    status = S.PROVIDER_DECLINED
    referred_on = factory.LazyFunction(lambda: TODAY - timedelta(days=4))
    response_due_on = factory.LazyFunction(lambda: TODAY + timedelta(days=3))
    provider_responded_on = factory.LazyFunction(lambda: TODAY - timedelta(days=1))

    @factory.post_generation
    def declined_by(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            ProviderDecision.objects.create(
                referral=obj,
                provider=extracted or ProviderFactory(),
                referred_on=obj.referred_on,
                decision=ProviderDecisionKind.DECLINED,
                decided_on=obj.provider_responded_on,
                reason="No capacity.",
            )


class AcceptedReferralFactory(ReferredReferralFactory):
    status = S.ACCEPTED
    referred_on = factory.LazyFunction(lambda: TODAY - timedelta(days=10))
    response_due_on = factory.LazyFunction(lambda: TODAY - timedelta(days=3))
    provider_responded_on = factory.LazyFunction(lambda: TODAY - timedelta(days=8))
    next_contact_due_on = factory.LazyFunction(lambda: TODAY + timedelta(days=20))


class MonitoringReferralFactory(AcceptedReferralFactory):
    status = S.MONITORING


class EscalatedReferralFactory(AcceptedReferralFactory):
    status = S.ESCALATED
    escalation_reason = "Concerns are growing."
    escalated_on = TODAY
    pathways_meeting_on = factory.LazyFunction(lambda: TODAY + timedelta(days=7))


class ClosedReferralFactory(AcceptedReferralFactory):
    status = S.CLOSED
    outcome = "Goals met."
    closed_on = TODAY


class ReferralContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReferralContact

    referral = factory.SubFactory(AcceptedReferralFactory)
    contacted_on = factory.LazyFunction(lambda: TODAY - timedelta(days=1))
    channel = ContactChannel.PHONE
    note = "Checked in."
    by = factory.SelfAttribute("referral.managed_by")


FACTORIES = {
    S.DRAFT: ReferralFactory,
    S.CONSENT_PENDING: ConsentPendingReferralFactory,
    S.CONSENTED: ConsentedReferralFactory,
    S.CONSENT_DECLINED: ConsentDeclinedReferralFactory,
    S.REFERRED: ReferredReferralFactory,
    S.PROVIDER_DECLINED: ProviderDeclinedReferralFactory,
    S.ACCEPTED: AcceptedReferralFactory,
    S.MONITORING: MonitoringReferralFactory,
    S.ESCALATED: EscalatedReferralFactory,
    S.CLOSED: ClosedReferralFactory,
}
# The statuses in which the referral is with a provider (the provider persona can see it).
WITH_PROVIDER = (S.REFERRED, S.ACCEPTED, S.MONITORING, S.ESCALATED, S.CLOSED)
