"""The care agreement's transitions, declared once: the portal's forms and buttons and the API's actions
come from this table (careportal.workflow). Order: the next step first; irreversible ones are offered last
and ask for confirmation."""

from __future__ import annotations

from careportal.api.workflow import ReasonSerializer
from careportal.workflow import Transition, Workflow

from . import forms, services
from .api import serializers as s

AGREEMENT = Workflow(
    record="agreement",
    portal_url="agreements:transition",
    # The daily sweep (agreements.sweep): endings (R-ALL-1), and the start or lapse on the start date (R-ALL-10).
    automatic=frozenset({"expire", "notice_took_effect", "begin", "lapse"}),
    transitions={
        "submit": Transition(
            services.agreement_submit,
            "Submit for approval",
            "Submitted. An s140 agreement goes to the family group conference; an s139 one to a supervisor.",
            form=forms.ConfirmForm,
        ),
        "record_fgc_approval": Transition(
            services.agreement_record_fgc_approval,
            "Record FGC approval",
            "FGC approval recorded (R-140-1). A supervisor approves it next.",
            form=forms.FgcApprovalForm,
            api_input=s.FgcApprovalInputSerializer,
        ),
        "approve": Transition(
            services.agreement_approve,
            "Approve",
            "Approved. Record each signatory's signature next; the agreement starts once all have signed.",
            form=forms.ApproveForm,
            api_input=s.ApproveInputSerializer,
        ),
        "return_to_draft": Transition(
            services.agreement_return_to_draft,
            "Return to draft",
            "Returned to draft with your reasons; the practitioner changes it and submits it again.",
            form=forms.ReasonForm,
            api_input=ReasonSerializer,
        ),
        "recall": Transition(
            services.agreement_recall,
            "Take back to draft",
            "Taken back to draft. Change what you need and submit it again.",
            form=forms.ReasonForm,
            api_input=ReasonSerializer,
            description="awaiting_fgc or awaiting_supervisor → draft: the drafter takes it back (a reason).",
        ),
        "record_signature": Transition(
            services.agreement_record_signature,
            "Record signature",
            "Signature recorded. Once every required signatory has signed, activate the agreement.",
            form=forms.SignatureForm,
            api_input=s.SignatureInputSerializer,
        ),
        "activate": Transition(
            services.agreement_activate,
            "Activate the agreement",
            "Activated: in force from its start date (today, or the day shown above). Reminders come before "
            "its end date.",
            form=forms.ConfirmForm,
        ),
        "extend": Transition(
            services.agreement_extend,
            "Extend",
            "Extended; the new end date is shown above.",
            form=forms.ExtendForm,
            api_input=s.ExtendInputSerializer,
            applies_to=lambda a: not a.is_s140 or a.s140_paragraph == "d",  # R-140-3
        ),
        "withdraw_notice": Transition(
            services.agreement_withdraw_notice,
            "Withdraw the notice",
            "The notice is withdrawn; the agreement continues to its end date.",
            form=forms.ConfirmForm,
        ),
        "give_notice": Transition(
            services.agreement_give_notice,
            "Record notice",
            "Notice recorded; the agreement ends on the date shown above.",
            form=forms.GiveNoticeForm,
            api_input=s.NoticeInputSerializer,
            irreversible=True,
        ),
        "withdraw_child_consent": Transition(
            services.agreement_withdraw_child_consent,
            "Record withdrawal of consent",
            "Withdrawal of consent recorded as notice (R-140-7); follow-up tasks were made for the practitioner.",
            form=forms.ConsentWithdrawalForm,
            api_input=s.ConsentWithdrawalInputSerializer,
            irreversible=True,
            applies_to=lambda a: a.is_s140,  # R-140-7
        ),
        "terminate": Transition(
            services.agreement_terminate,
            "End the agreement",
            "The agreement has ended.",
            form=forms.TerminateForm,
            api_input=s.TerminateInputSerializer,
            irreversible=True,
        ),
        "cancel": Transition(
            services.agreement_cancel,
            "Cancel the agreement",
            "The agreement is cancelled; it never came into force.",
            form=forms.ReasonForm,
            api_input=ReasonSerializer,
            irreversible=True,
        ),
    },
)
