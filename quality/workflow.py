"""The Quality Assurance cycle's transitions, declared once (careportal.workflow): a review from planned to
final (QA-D1, QA-D2, QA-D5), an improvement action to verified and the cycle to closed (QA-D6). The
portal's forms and buttons and the API's actions come from these tables; the next step first."""

from __future__ import annotations

from careportal.api.workflow import ReasonSerializer
from careportal.workflow import Rows, Workflow

from . import forms, services
from .api import serializers as s

# a transition without inputs has the portal's confirmation form
row = Rows(reason_form=forms.ReasonForm, reason_input=ReasonSerializer)

REVIEW = Workflow(
    record="review",
    portal_url="quality:review_transition",
    prefix_forms=False,
    transitions={
        "start": row(
            services.review_start,
            "Start the review",
            "The review has started. You record activities and a finding for every standard next.",
        ),
        "submit_draft_report": row(
            services.review_submit_draft_report,
            "Submit the draft report",
            "The draft report is ready. You send it to the organisation next.",
            description="in_progress → draft_report; every active standard needs a finding (QA-D1).",
        ),
        "send_to_partner": row(
            services.review_send_to_partner,
            "Send the draft report to the organisation",
            "The draft report was sent. The organisation may respond next, by the date shown; then you "
            "finalise the report.",
            description="draft_report → partner_response: the partner sees the draft and may respond (QA-D2).",
        ),
        "respond": row(
            services.review_respond,
            "Send our response",
            "Your response has been recorded. The reviewers finalise the report next.",
            forms.RespondForm,
            s.RespondSerializer,
            description="The partner's response to the draft report (once; the status stays partner_response).",
        ),
        "finalise": row(
            services.review_finalise,
            "Finalise and issue the report",
            "The review is final; its report PDF is being prepared. The organisation works on the "
            "improvement actions next.",
            irreversible=True,
            consequence="The report is issued as final to the organisation; its findings can no longer change.",
            description="partner_response → final; the final report PDF is generated and stored (QA-D2).",
        ),
    },
)

IMPROVEMENT_ACTION = Workflow(
    record="action",
    portal_url="quality:action_transition",
    prefix_forms=False,
    transitions={
        "start": row(
            services.action_start,
            "Mark as in progress",
            "The action is in progress. You submit evidence of what was done next.",
        ),
        "submit_evidence": row(
            services.action_submit_evidence,
            "Submit evidence",
            "Evidence submitted for verification. A Quality Hub reviewer verifies and closes the action next.",
            forms.EvidenceForm,
            s.EvidenceSerializer,
            description='JSON `{"evidence_note"}` or multipart with an optional `evidence_file`.',
        ),
        "verify_close": row(
            services.action_verify_close,
            "Verify and close",
            "The action is verified and closed. Nothing more is needed.",
            irreversible=True,
            consequence="The action is closed as verified; it cannot be reopened.",
        ),
        "reopen": row.reason(
            services.action_reopen,
            "Reopen the action",
            "The action is reopened; your reason is in its history. The organisation submits more evidence "
            "next.",
            description="evidence_submitted → in_progress when the reviewer needs more evidence.",
        ),
    },
)

CYCLE = Workflow(
    record="cycle",
    portal_url="quality:cycle_transition",
    prefix_forms=False,
    transitions={
        "close": row(
            services.qa_cycle_close,
            "Close the QA cycle",
            "The QA cycle is closed for good; its reviews and actions stay readable. The Quality Hub starts "
            "the partner's next cycle from the QA cycles page.",
            irreversible=True,
            description="open → closed, final: every review final and every action verified and closed (QA-D6).",
        ),
    },
)
