"""The care partner pathway's transitions, declared once (careportal.workflow): applications through the
four phases (R-396-1 … R-396-4), evidence review (R-396-3) and the s396 approval's notices (R-396-4).
The portal's forms and buttons and the API's actions come from these tables; the next step first."""

from __future__ import annotations

from careportal.api.workflow import ReasonSerializer
from careportal.workflow import Transition, Workflow

from . import forms, services
from .api import serializers as s

APPLICATION = Workflow(
    record="application",
    portal_url="partners:transition",
    transitions={
        "begin_readiness": Transition(
            services.application_begin_readiness,
            "Begin readiness",
            "Readiness has begun. The organisation uploads its evidence; reviewers accept it or ask for changes.",
            form=forms.EmptyForm,
        ),
        "request_confirmation": Transition(
            services.application_request_confirmation,
            "Request confirmation of partner",
            "Readiness is complete; confirmation requested. The approval delegate confirms the partner next.",
            form=forms.EmptyForm,
        ),
        "confirm_partner": Transition(
            services.application_confirm_partner,
            "Confirm partner (s396 approval)",
            "The partner is confirmed and the s396 approval recorded. Reviewers complete the transition "
            "into the QA cycle next.",
            form=forms.ConfirmPartnerForm,
            api_input=s.ConfirmPartnerSerializer,
        ),
        "complete_transition": Transition(
            services.application_complete_transition,
            "Complete transition into the QA cycle",
            "The partner is approved in the QA cycle; the first QA review is planned.",
            form=forms.EmptyForm,
        ),
        "respond": Transition(
            services.application_respond,
            "Send our response",
            "Your response has been recorded. The approval delegate reads it before deciding.",
            form=forms.ResponseForm,
            api_input=s.ResponseSerializer,
        ),
        "cancel_decline_proposal": Transition(
            services.application_cancel_decline_proposal,
            "Cancel the proposed decline",
            "The proposed decline is cancelled; the application carries on from where it was.",
            form=forms.ReasonForm,
            api_input=ReasonSerializer,
        ),
        "propose_decline": Transition(
            services.application_propose_decline,
            "Propose to decline",
            "The decline is proposed; the organisation has been told and may respond.",
            form=forms.ReasonForm,
            api_input=ReasonSerializer,
        ),
        "decline": Transition(
            services.application_decline,
            "Decline the application",
            "The application is declined.",
            form=forms.ReasonForm,
            api_input=ReasonSerializer,
            irreversible=True,
        ),
        "withdraw": Transition(
            services.application_withdraw,
            "Withdraw the application",
            "The application is withdrawn.",
            form=forms.ReasonForm,
            api_input=ReasonSerializer,
            irreversible=True,
        ),
    },
)

EVIDENCE = Workflow(
    record="evidence",
    portal_url="partners:evidence_review",
    automatic=frozenset({"supersede"}),  # an upload of a new version (R-396-3)
    transitions={
        "accept": Transition(
            services.evidence_accept,
            "Accept",
            "Evidence accepted.",
            form=forms.OptionalReasonForm,
            api_input=s.OptionalReasonSerializer,
        ),
        "request_changes": Transition(
            services.evidence_request_changes,
            "Request changes",
            "Changes requested; the organisation can see your reason and uploads a new version.",
            form=forms.ReasonForm,
            api_input=ReasonSerializer,
        ),
    },
)

APPROVAL = Workflow(
    record="approval",
    portal_url="partners:approval_action",
    transitions={
        "respond": Transition(
            services.approval_respond,
            "Send our response",
            "Your response has been recorded. The approval delegate reads it before deciding.",
            form=forms.ResponseForm,
            api_input=s.ResponseSerializer,
        ),
        "withdraw_notice": Transition(
            services.approval_withdraw_notice,
            "Withdraw the notice",
            "Notice withdrawn; the approval continues.",
            form=forms.ReasonForm,
            api_input=ReasonSerializer,
        ),
        "reinstate": Transition(
            services.approval_reinstate,
            "Reinstate the approval",
            "The approval is reinstated.",
            form=forms.ReinstateForm,
            api_input=s.ReinstateSerializer,
        ),
        "propose_suspension": Transition(
            services.approval_propose_suspension,
            "Give notice of a proposed suspension",
            "Notice given; the organisation may respond before the delegate decides.",
            form=forms.ReasonForm,
            api_input=ReasonSerializer,
        ),
        "propose_revocation": Transition(
            services.approval_propose_revocation,
            "Give notice of a proposed revocation",
            "Notice given; the organisation may respond before the delegate decides.",
            form=forms.ReasonForm,
            api_input=ReasonSerializer,
        ),
        "suspend": Transition(
            services.approval_suspend,
            "Suspend the approval",
            "The approval is suspended.",
            form=forms.GazetteForm,
            api_input=s.GazetteSerializer,
            irreversible=True,
        ),
        "revoke": Transition(
            services.approval_revoke,
            "Revoke the approval",
            "The approval is revoked.",
            form=forms.GazetteForm,
            api_input=s.GazetteSerializer,
            irreversible=True,
        ),
    },
)
