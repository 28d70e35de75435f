"""The care partner pathway's transitions, declared once (careportal.workflow): applications through the
four phases (R-396-1 … R-396-4), evidence review (R-396-3) and the s396 approval's notices (R-396-4).
The portal's forms and buttons and the API's actions come from these tables; the next step first."""

from __future__ import annotations

from careportal.api.workflow import ReasonSerializer
from careportal.workflow import Rows, Workflow

from . import forms, services
from .api import serializers as s

row = Rows(confirm_form=forms.EmptyForm, reason_form=forms.ReasonForm, reason_input=ReasonSerializer)

APPLICATION = Workflow(
    record="application",
    portal_url="partners:transition",
    transitions={
        "begin_readiness": row(
            services.application_begin_readiness,
            "Begin readiness",
            "Readiness has begun. The organisation uploads its evidence; reviewers accept it or ask for changes.",
        ),
        "request_confirmation": row(
            services.application_request_confirmation,
            "Request confirmation of partner",
            "Readiness is complete; confirmation requested. The approval delegate confirms the partner next.",
        ),
        "confirm_partner": row(
            services.application_confirm_partner,
            "Confirm partner (s396 approval)",
            "The partner is confirmed and the s396 approval recorded. Reviewers complete the transition "
            "into the QA cycle next.",
            forms.ConfirmPartnerForm,
            s.ConfirmPartnerSerializer,
        ),
        "complete_transition": row(
            services.application_complete_transition,
            "Complete transition into the QA cycle",
            "The partner is approved in the QA cycle; the first QA review is planned.",
        ),
        "respond": row(
            services.application_respond,
            "Send our response",
            "Your response has been recorded. The approval delegate reads it before deciding.",
            forms.ResponseForm,
            s.ResponseSerializer,
        ),
        "cancel_decline_proposal": row.reason(
            services.application_cancel_decline_proposal,
            "Cancel the proposed decline",
            "The proposed decline is cancelled; the application carries on from where it was.",
        ),
        "propose_decline": row.reason(
            services.application_propose_decline,
            "Propose to decline",
            "The decline is proposed; the organisation has been told and may respond.",
        ),
        "decline": row.reason(
            services.application_decline,
            "Decline the application",
            "The application is declined.",
            irreversible=True,
        ),
        "withdraw": row.reason(
            services.application_withdraw,
            "Withdraw the application",
            "The application is withdrawn.",
            irreversible=True,
        ),
    },
)

EVIDENCE = Workflow(
    record="evidence",
    portal_url="partners:evidence_review",
    automatic=frozenset({"supersede"}),  # an upload of a new version (R-396-3)
    transitions={
        "accept": row(
            services.evidence_accept,
            "Accept",
            "Evidence accepted.",
            forms.OptionalReasonForm,
            s.OptionalReasonSerializer,
        ),
        "request_changes": row.reason(
            services.evidence_request_changes,
            "Request changes",
            "Changes requested; the organisation can see your reason and uploads a new version.",
        ),
    },
)

APPROVAL = Workflow(
    record="approval",
    portal_url="partners:approval_action",
    transitions={
        "respond": row(
            services.approval_respond,
            "Send our response",
            "Your response has been recorded. The approval delegate reads it before deciding.",
            forms.ResponseForm,
            s.ResponseSerializer,
        ),
        "withdraw_notice": row.reason(
            services.approval_withdraw_notice,
            "Withdraw the notice",
            "Notice withdrawn; the approval continues.",
        ),
        "reinstate": row(
            services.approval_reinstate,
            "Reinstate the approval",
            "The approval is reinstated.",
            forms.ReinstateForm,
            s.ReinstateSerializer,
        ),
        "propose_suspension": row.reason(
            services.approval_propose_suspension,
            "Give notice of a proposed suspension",
            "Notice given; the organisation may respond before the delegate decides.",
        ),
        "propose_revocation": row.reason(
            services.approval_propose_revocation,
            "Give notice of a proposed revocation",
            "Notice given; the organisation may respond before the delegate decides.",
        ),
        "suspend": row(
            services.approval_suspend,
            "Suspend the approval",
            "The approval is suspended.",
            forms.GazetteForm,
            s.GazetteSerializer,
            irreversible=True,
        ),
        "revoke": row(
            services.approval_revoke,
            "Revoke the approval",
            "The approval is revoked.",
            forms.GazetteForm,
            s.GazetteSerializer,
            irreversible=True,
        ),
    },
)
