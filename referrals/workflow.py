"""The referral's transitions, declared once (careportal.workflow): consent (R-PR-2), the referral to a
provider and its answer, monitoring contact and escalation (R-PR-4), consent withdrawn (R-PR-2), closing. The portal's forms and
buttons and the API's actions come from this table; the main path first, closing last."""

from __future__ import annotations

from careportal.workflow import Rows, Workflow

from . import forms, services
from .api import serializers as s

row = Rows()  # a transition without inputs has the portal's confirmation form

REFERRAL = Workflow(
    record="referral",
    portal_url="referrals:transition",
    transitions={
        "seek_consent": row(
            services.referral_seek_consent,
            "Seek the whānau's consent",
            "Consent is being sought. Record the whānau's answer here once you have it.",
        ),
        "record_consent": row(
            services.referral_record_consent,
            "Record the whānau's answer",
            "Consent recorded.",
            forms.ConsentForm,
            s.RecordConsentSerializer,
        ),
        "refer": row(
            services.referral_refer,
            "Refer to this provider",
            "Referral sent. The provider accepts or declines it next.",
            forms.ReferForm,
            s.ReferSerializer,
        ),
        "accept": row(
            services.referral_accept,
            "Accept the referral",
            "Referral accepted. Log each contact with the whānau below.",
            api_response=s.ProviderReferralSerializer,
        ),
        "decline": row(
            services.referral_decline,
            "Decline the referral",
            "Referral declined; the coordinator can refer the whānau elsewhere.",
            forms.DeclineForm,
            s.DeclineSerializer,
            api_response=s.ProviderReferralSerializer,
            irreversible=True,
        ),
        "start_monitoring": row(
            services.referral_start_monitoring,
            "Start monitoring",
            "Monitoring has started. Contact is due on the date shown; reminders come before it.",
        ),
        "escalate": row(
            services.referral_escalate,
            "Escalate to the pathways meeting",
            "Escalated to the site pathways meeting. It is on that meeting's agenda.",
            forms.EscalateForm,
            s.EscalateSerializer,
            irreversible=True,
        ),
        "withdraw_consent": row(
            services.referral_withdraw_consent,
            "Record that the whānau withdrew consent",
            "Referral closed: consent withdrawn. The provider has been told and no longer sees it; "
            "a task to explore alternatives is in your task list.",
            forms.WithdrawConsentForm,
            s.WithdrawConsentSerializer,
            irreversible=True,
            description="R-PR-2: the whānau withdrew consent after the referral was sent. The referral "
            "closes as consent withdrawn, the provider is told and loses access, and the manager gets a "
            "task to explore alternatives.",
        ),
        "close": row(
            services.referral_close,
            "Close the referral",
            "Referral closed.",
            forms.CloseForm,
            s.CloseSerializer,
            irreversible=True,
        ),
    },
)
