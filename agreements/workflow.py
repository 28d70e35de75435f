"""The care agreement's transitions, declared once: the portal's forms and buttons and the API's actions
come from this table (careportal.workflow). Order: the next step first; irreversible ones are offered last
and ask for confirmation."""

from __future__ import annotations

from careportal.api.workflow import ReasonSerializer
from careportal.lib.dates import nz_today
from careportal.workflow import Rows, Workflow

from . import forms, rules, services
from .api import serializers as s
from .services import signing

row = Rows(confirm_form=forms.ConfirmForm, reason_form=forms.ReasonForm, reason_input=ReasonSerializer)

AGREEMENT = Workflow(
    record="agreement",
    portal_url="agreements:transition",
    # The daily sweep (agreements.sweep): endings (R-ALL-1), and the start or lapse on the start date (R-ALL-10).
    automatic=frozenset({"expire", "notice_took_effect", "begin", "lapse"}),
    transitions={
        "submit": row(
            services.agreement_submit,
            "Submit for approval",
            "Submitted. An s140 agreement goes to the family group conference; an s139 one to a supervisor.",
        ),
        "record_fgc_approval": row(
            services.agreement_record_fgc_approval,
            "Record FGC approval",
            "FGC approval recorded (R-140-1). A supervisor approves it next.",
            forms.FgcApprovalForm,
            s.FgcApprovalInputSerializer,
        ),
        "approve": row(
            services.agreement_approve,
            "Approve",
            "Approved. Record each signatory's signature next; the agreement starts once all have signed.",
            forms.ApproveForm,
            s.ApproveInputSerializer,
        ),
        "return_to_draft": row.reason(
            services.agreement_return_to_draft,
            "Return to draft",
            "Returned to draft with your reasons; the practitioner changes it and submits it again.",
        ),
        "recall": row.reason(
            services.agreement_recall,
            "Take back to draft",
            "Taken back to draft. Change what you need and submit it again.",
            description="awaiting_fgc or awaiting_supervisor → draft: the drafter takes it back (a reason).",
        ),
        "record_signature": row(
            services.agreement_record_signature,
            "Record a signature",
            "Signature recorded on this version. Once every party has signed, the executed copy is prepared.",
            forms.SignatureForm,
            s.SignatureInputSerializer,
            # R-EXT-1: while in force, only an approved extension waits for signatures.
            applies_to=lambda a: (
                a.status != "active" or signing.pending_extension(a, "awaiting_signatures") is not None
            ),
        ),
        "activate": row(
            services.agreement_activate,
            "Activate the agreement",
            "Activated: in force from its start date (today, or the day shown above). Reminders come before "
            "its end date.",
        ),
        "approve_extension": row(
            services.agreement_approve_extension,
            "Approve the extension",
            "Extension approved. Its document is being prepared; the parties sign it before the last day.",
            description="active → active: a supervisor approves the proposed extension (R-EXT-1).",
            applies_to=lambda a: signing.pending_extension(a, "awaiting_approval") is not None,
        ),
        "extend": row(
            services.agreement_extend,
            "Propose an extension",
            "Extension proposed. A supervisor approves it, then every party signs it before the last day.",
            forms.ExtendForm,
            s.ExtendInputSerializer,
            applies_to=lambda a: (
                (not a.is_s140 or a.s140_paragraph == "d")  # R-140-3
                and signing.pending_extension(a) is None
            ),
        ),
        "record_copy_given": row(
            services.agreement_record_copy_given,
            "Record a copy given",
            "Copy given recorded.",
            forms.CopyGivenForm,
            s.CopyGivenInputSerializer,
            # R-ALL-6: offered once an executed copy exists and someone has not had the newest one recorded.
            applies_to=lambda a: bool(forms.parties_owed_a_copy(a)),
        ),
        "withdraw_notice": row(
            services.agreement_withdraw_notice,
            "Withdraw the notice",
            "The notice is withdrawn; the agreement continues to its end date.",
            forms.WithdrawNoticeForm,
            s.WithdrawNoticeInputSerializer,
        ),
        "give_notice": row(
            services.agreement_give_notice,
            "Record notice",
            "Notice recorded; the agreement ends on the date shown above.",
            forms.GiveNoticeForm,
            s.NoticeInputSerializer,
            irreversible=True,
        ),
        "withdraw_child_consent": row(
            services.agreement_withdraw_child_consent,
            "Record withdrawal of consent",
            "Withdrawal of consent recorded as notice (R-140-7); follow-up tasks were made for the practitioner.",
            forms.ConsentWithdrawalForm,
            s.ConsentWithdrawalInputSerializer,
            irreversible=True,
            # R-140-7 with R-140-4: offered for te tamaiti of 12 or over today; the service refuses a younger
            # child's withdrawal, saying why.
            applies_to=lambda a: rules.child_must_consent(
                agreement_type=a.agreement_type, date_of_birth=a.child.date_of_birth, on=nz_today()
            ),
        ),
        "terminate": row(
            services.agreement_terminate,
            "End the agreement",
            "The agreement has ended.",
            forms.TerminateForm,
            s.TerminateInputSerializer,
            irreversible=True,
        ),
        "cancel": row.reason(
            services.agreement_cancel,
            "Cancel the agreement",
            "The agreement is cancelled; it never came into force.",
            irreversible=True,
        ),
    },
)
