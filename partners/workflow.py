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
            "Readiness has begun. The organisation uploads its evidence next; reviewers accept it or ask for "
            "changes.",
        ),
        "request_confirmation": row(
            services.application_request_confirmation,
            "Request confirmation of partner",
            "Readiness is complete; confirmation requested. The approval delegate confirms the partner next.",
        ),
        "confirm_partner": row(
            services.application_confirm_partner,
            "Confirm partner (s396 approval)",
            "The partner is confirmed and the s396 approval recorded. Partnering for Outcomes or the Quality "
            "Hub completes the transition into the QA cycle next.",
            forms.ConfirmPartnerForm,
            s.ConfirmPartnerSerializer,
            irreversible=True,
            consequence="The organisation becomes an approved care partner: its s396 approval is recorded "
            "and in force from today.",
        ),
        "complete_transition": row(
            services.application_complete_transition,
            "Complete transition into the QA cycle",
            "The partner is approved in the QA cycle; the first QA review is planned. The Quality Hub "
            "starts that review next.",
        ),
        "respond": row(
            services.application_respond,
            "Send our response",
            "Your response has been recorded. The approval delegate reads it and decides next.",
            forms.ResponseForm,
            s.ResponseSerializer,
        ),
        "cancel_decline_proposal": row.reason(
            services.application_cancel_decline_proposal,
            "Cancel the proposed decline",
            "The proposed decline is cancelled; the application carries on from where it was. Nothing more "
            "is needed from the organisation now.",
        ),
        "propose_decline": row.reason(
            services.application_propose_decline,
            "Propose to decline",
            "The decline is proposed and the organisation has been told. The organisation may respond next, "
            "by the date shown; then the approval delegate decides.",
            irreversible=True,
            consequence="The organisation is told that its application may be declined, with your reasons.",
        ),
        "decline": row.reason(
            services.application_decline,
            "Decline the application",
            "The application is declined and the organisation has been told. Nothing more is needed.",
            irreversible=True,
            consequence="The application ends, declined, and cannot be reopened; the organisation would "
            "need to apply again.",
        ),
        "withdraw": row.reason(
            services.application_withdraw,
            "Withdraw the application",
            "The application is withdrawn. Nothing more is needed; Partnering for Outcomes can start a new "
            "one with you later.",
            irreversible=True,
            consequence="The application ends, withdrawn, and cannot be reopened.",
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
            "Evidence accepted. The organisation uploads what is still needed next.",
            forms.OptionalReasonForm,
            s.OptionalReasonSerializer,
        ),
        "request_changes": row.reason(
            services.evidence_request_changes,
            "Request changes",
            "Changes requested. The organisation sees your reason and uploads a new version next.",
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
            "Your response has been recorded. The approval delegate reads it and decides next.",
            forms.ResponseForm,
            s.ResponseSerializer,
        ),
        "withdraw_notice": row.reason(
            services.approval_withdraw_notice,
            "Withdraw the notice",
            "Notice withdrawn; the approval continues. Nothing more is needed.",
        ),
        "reinstate": row(
            services.approval_reinstate,
            "Reinstate the approval",
            "The approval is reinstated. Nothing more is needed.",
            forms.ReinstateForm,
            s.ReinstateSerializer,
        ),
        "propose_suspension": row.reason(
            services.approval_propose_suspension,
            "Give notice of a proposed suspension",
            "Notice given. The organisation may respond next; then the approval delegate decides.",
            irreversible=True,
            consequence="The organisation is told, with your reasons, that its s396 approval may be suspended.",
        ),
        "propose_revocation": row.reason(
            services.approval_propose_revocation,
            "Give notice of a proposed revocation",
            "Notice given. The organisation may respond next; then the approval delegate decides.",
            irreversible=True,
            consequence="The organisation is told, with your reasons, that its s396 approval may be revoked.",
        ),
        "suspend": row(
            services.approval_suspend,
            "Suspend the approval",
            "The approval is suspended. The social worker and supervisor of each agreement in force with the "
            "organisation re-plan the care next: their tasks come with the daily check.",
            forms.GazetteForm,
            s.GazetteSerializer,
            irreversible=True,
            consequence="The s396 approval is suspended from today; agreements in force with the organisation "
            "carry a warning.",
        ),
        "revoke": row(
            services.approval_revoke,
            "Revoke the approval",
            "The approval is revoked. The social worker and supervisor of each agreement in force with the "
            "organisation re-plan the care next: their tasks come with the daily check.",
            forms.GazetteForm,
            s.GazetteSerializer,
            irreversible=True,
            consequence="The s396 approval is revoked for good; agreements in force with the organisation "
            "carry a warning.",
        ),
    },
)
