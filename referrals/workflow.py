"""The referral's transitions, declared once (careportal.workflow): consent (R-PR-2), the referral to a
provider and its answer, monitoring contact and escalation (R-PR-4), consent withdrawn (R-PR-2), closing. The portal's forms and
buttons and the API's actions come from this table; the main path first, closing last."""

from __future__ import annotations

from careportal.workflow import Rows, Workflow

from . import forms, services
from .api import serializers as s
from .choices import ReferralStatus
from .models import Referral, was_sent

row = Rows()  # a transition without inputs has the portal's confirmation form


def _consent_recorded(referral: Referral) -> str:
    if referral.status == ReferralStatus.CONSENT_DECLINED:  # R-PR-2
        return (
            "The whānau declined: the referral is closed. You explore alternatives with them next; the task "
            "is in your task list."
        )
    return "Consent recorded. You refer the whānau to a provider next, below."


REFERRAL = Workflow(
    record="referral",
    portal_url="referrals:transition",
    transitions={
        "seek_consent": row(
            services.referral_seek_consent,
            "Seek the whānau's consent",
            "Consent is being sought. You record the whānau's answer here next, once you have it.",
        ),
        "record_consent": row(
            services.referral_record_consent,
            "Record the whānau's answer",
            _consent_recorded,
            forms.ConsentForm,
            s.RecordConsentSerializer,
        ),
        "refer": row(
            services.referral_refer,
            "Refer to this provider",
            "Referral sent. The provider accepts or declines it next; you are told when they answer.",
            forms.ReferForm,
            s.ReferSerializer,
        ),
        "accept": row(
            services.referral_accept,
            "Accept the referral",
            "Referral accepted. You work with the whānau and log each contact below; the coordinator starts "
            "monitoring next.",
            api_response=s.ProviderReferralSerializer,
        ),
        "decline": row(
            services.referral_decline,
            "Decline the referral",
            "Referral declined. The coordinator refers the whānau to another provider next.",
            forms.DeclineForm,
            s.DeclineSerializer,
            api_response=s.ProviderReferralSerializer,
            irreversible=True,
            consequence="The referral goes back to the coordinator and is no longer yours to work on.",
        ),
        "start_monitoring": row(
            services.referral_start_monitoring,
            "Start monitoring",
            "Monitoring has started. You and the provider keep in contact: the next contact is due on the date "
            "shown, and a reminder comes to you before it.",
        ),
        "escalate": row(
            services.referral_escalate,
            "Escalate to the pathways meeting",
            "Escalated to the site pathways meeting. The meeting considers it next: it is on that meeting's "
            "agenda.",
            forms.EscalateForm,
            s.EscalateSerializer,
            irreversible=True,
            consequence="The referral leaves the partnered response and goes to the site pathways meeting.",
            # R-PR-4: concerns about the work with a provider escalate; a referral never sent has none.
            applies_to=was_sent,
        ),
        "withdraw_consent": row(
            services.referral_withdraw_consent,
            "Record that the whānau withdrew consent",
            "Referral closed: consent withdrawn. The provider has been told and no longer sees it. You "
            "explore alternatives with the whānau next: the task is in your task list.",
            forms.WithdrawConsentForm,
            s.WithdrawConsentSerializer,
            irreversible=True,
            consequence="The referral closes as consent withdrawn and the provider no longer sees it.",
            description="R-PR-2: the whānau withdrew consent after the referral was sent. The referral "
            "closes as consent withdrawn, the provider is told and loses access, and the manager gets a "
            "task to explore alternatives.",
        ),
        "close": row(
            services.referral_close,
            "Close the referral",
            "Referral closed. Nothing more is needed; it stays in the list of closed referrals.",
            forms.CloseForm,
            s.CloseSerializer,
            irreversible=True,
            consequence="The referral is closed with the outcome you gave and cannot be reopened.",
            # A draft was never put to the whānau: there is nothing to close yet (the API still may).
            applies_to=lambda referral: referral.status != ReferralStatus.DRAFT,
        ),
    },
)
