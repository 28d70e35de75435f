"""The care agreement's transitions, declared once: the portal's forms and buttons and the API's actions
come from this table (careportal.workflow). Order: the next step first; irreversible ones are offered last
and ask for confirmation."""

from __future__ import annotations

from collections.abc import Callable

from careportal.api.workflow import ReasonSerializer
from careportal.lib.dates import format_nz_date, nz_today
from careportal.workflow import Rows, Workflow

from . import forms, rules, services
from .api import serializers as s
from .choices import AgreementStatus
from .models import Agreement
from .services import signing

row = Rows(confirm_form=forms.ConfirmForm, reason_form=forms.ReasonForm, reason_input=ReasonSerializer)
SAFETY_CHECK = "You do the follow-up safety check next: it is in your task list."


# --- Success messages that depend on where the step left the agreement: who acts next ----------------


def _submitted(agreement: Agreement) -> str:
    if agreement.status == AgreementStatus.AWAITING_FGC:  # R-140-1
        return "Submitted for approval. A care and protection coordinator records the FGC approval next."
    return "Submitted for approval. A supervisor approves it next."


def _signed(agreement: Agreement) -> str:
    waiting = signing.still_to_sign(agreement)
    if waiting:
        return f"Signature recorded. You record the other signatures next: {len(waiting)} still to sign."
    if agreement.status == AgreementStatus.ACTIVE:  # R-EXT-1: the extension's last signature
        return (
            f"Signature recorded: everyone has signed the extension, so the agreement now runs to "
            f"{format_nz_date(agreement.end_date)}. You give each party the executed copy next."
        )
    return "Signature recorded: everyone has signed. You activate the agreement next."


def _activated(agreement: Agreement) -> str:
    if agreement.status == AgreementStatus.AWAITING_START:  # R-ALL-10
        return (
            f"Signed by everyone: it comes into force on {format_nz_date(agreement.start_date)} by itself. "
            "You give each party the executed copy next."
        )
    return "Activated: in force from today. You give each party the executed copy next; reminders come before its last day."


def _ending(what: str) -> Callable[[Agreement], str]:
    def message(agreement: Agreement) -> str:
        if agreement.status == AgreementStatus.NOTICE_GIVEN:
            return (
                f"{what} The agreement ends by itself on the date shown above; the follow-up safety check "
                "then comes to your task list."
            )
        return f"{what} The agreement has ended. {SAFETY_CHECK}"  # R-ALL-8

    return message


AGREEMENT = Workflow(
    record="agreement",
    portal_url="agreements:transition",
    # The daily sweep (agreements.sweep): endings (R-ALL-1), and the start or lapse on the start date (R-ALL-10).
    automatic=frozenset({"expire", "notice_took_effect", "begin", "lapse"}),
    transitions={
        "submit": row(services.agreement_submit, "Submit for approval", _submitted),
        "record_fgc_approval": row(
            services.agreement_record_fgc_approval,
            "Record FGC approval",
            "FGC approval recorded. A supervisor approves the agreement next.",
            forms.FgcApprovalForm,
            s.FgcApprovalInputSerializer,
        ),
        "approve": row(
            services.agreement_approve,
            "Approve",
            "Approved. The social worker records each party's signature next; once everyone has signed, "
            "they activate it.",
            forms.ApproveForm,
            s.ApproveInputSerializer,
        ),
        "return_to_draft": row.reason(
            services.agreement_return_to_draft,
            "Return to draft",
            "Returned to draft with your reasons. The social worker changes it next and submits it again.",
        ),
        "recall": row.reason(
            services.agreement_recall,
            "Take back to draft",
            "Taken back to draft. You change what you need next and submit it again.",
            description="awaiting_fgc or awaiting_supervisor → draft: the drafter takes it back (a reason).",
        ),
        "record_signature": row(
            services.agreement_record_signature,
            "Record a signature",
            _signed,
            forms.SignatureForm,
            s.SignatureInputSerializer,
            # R-ALL-6 / R-EXT-1: while someone is still to sign the version waiting for signatures.
            applies_to=lambda a: bool(signing.still_to_sign(a)),
        ),
        "activate": row(
            services.agreement_activate,
            "Activate the agreement",
            _activated,
            # R-ALL-6: once everyone has signed (the service refuses earlier, naming who is still to sign).
            applies_to=lambda a: not signing.still_to_sign(a),
        ),
        "approve_extension": row(
            services.agreement_approve_extension,
            "Approve the extension",
            "Extension approved. Its document is being prepared; the social worker records each party's "
            "signature on it next, before the current last day.",
            description="active → active: a supervisor approves the proposed extension (R-EXT-1).",
            applies_to=lambda a: signing.pending_extension(a, "awaiting_approval") is not None,
        ),
        "extend": row(
            services.agreement_extend,
            "Propose an extension",
            "Extension proposed. A supervisor approves it next; then every party signs it before the last day.",
            forms.ExtendForm,
            s.ExtendInputSerializer,
            # R-139-2 (one s139 extension) and R-140-3 (only s140(1)(d)); one proposal at a time (R-EXT-1).
            applies_to=lambda a: (
                rules.may_extend(
                    agreement_type=a.agreement_type,
                    paragraph=a.s140_paragraph or None,
                    extensions_so_far=len(a.extensions.all()),
                )
                and signing.pending_extension(a) is None
            ),
        ),
        "record_copy_given": row(
            services.agreement_record_copy_given,
            "Record a copy given",
            "Copy given recorded. You record a copy for each party still owed one next; nothing else is "
            "needed until the agreement ends.",
            forms.CopyGivenForm,
            s.CopyGivenInputSerializer,
            # R-ALL-6: offered once an executed copy exists and someone has not had the newest one recorded.
            applies_to=lambda a: bool(forms.parties_owed_a_copy(a)),
        ),
        "withdraw_notice": row(
            services.agreement_withdraw_notice,
            "Withdraw the notice",
            "The notice is withdrawn; the agreement continues to its last day. Nothing more is needed now.",
            forms.WithdrawNoticeForm,
            s.WithdrawNoticeInputSerializer,
        ),
        "give_notice": row(
            services.agreement_give_notice,
            "Record notice",
            _ending("Notice recorded."),
            forms.GiveNoticeForm,
            s.NoticeInputSerializer,
            irreversible=True,
            consequence="The notice ends the agreement on the day the law or the agreement sets. Only the "
            "party who gave it can withdraw it, before then.",
        ),
        "withdraw_child_consent": row(
            services.agreement_withdraw_child_consent,
            "Record withdrawal of consent",
            _ending(
                "Withdrawal of consent recorded as notice. You talk with te tamaiti about why next, and the "
                "coordinator considers reconvening the FGC: both tasks are made."
            ),
            forms.ConsentWithdrawalForm,
            s.ConsentWithdrawalInputSerializer,
            irreversible=True,
            consequence="Te tamaiti withdrawing consent is notice that ends the agreement (section 140).",
            # R-140-7 with R-140-4 (decision 0002): offered for te tamaiti of 12 or over today; the
            # service refuses a younger child's withdrawal, saying why.
            applies_to=lambda a: rules.child_must_consent(
                agreement_type=a.agreement_type, date_of_birth=a.child.date_of_birth, on=nz_today()
            ),
        ),
        "terminate": row(
            services.agreement_terminate,
            "End the agreement",
            _ending("The ending is recorded."),
            forms.TerminateForm,
            s.TerminateInputSerializer,
            irreversible=True,
            consequence="The agreement ends on the day shown: at once for a parent or guardian who reclaims "
            "te tamaiti, or on the date the FGC set.",
        ),
        "cancel": row.reason(
            services.agreement_cancel,
            "Cancel the agreement",
            "The agreement is cancelled; it never came into force. Nothing more is needed.",
            irreversible=True,
            consequence="The agreement is cancelled and never comes into force. To care for te tamaiti "
            "under an agreement after this, a new one is drafted.",
        ),
    },
)
