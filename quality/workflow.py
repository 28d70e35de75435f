"""The Quality Assurance cycle's transitions, declared once (careportal.workflow): a review from planned to
final (QA-D1, QA-D2) and an improvement action to verified. The portal's forms and buttons and the API's
actions come from these tables; the next step first."""

from __future__ import annotations

from careportal.api.workflow import ReasonSerializer
from careportal.workflow import Transition, Workflow

from . import forms, services
from .api import serializers as s

REVIEW = Workflow(
    record="review",
    portal_url="quality:review_transition",
    prefix_forms=False,
    transitions={
        "start": Transition(
            services.review_start,
            "Start the review",
            "The review has started. Record activities and a finding for every standard.",
        ),
        "submit_draft_report": Transition(
            services.review_submit_draft_report,
            "Submit the draft report",
            "The draft report is ready to send to the organisation.",
            description="in_progress → draft_report; every active standard needs a finding (QA-D1).",
        ),
        "send_to_partner": Transition(
            services.review_send_to_partner,
            "Send the draft report to the organisation",
            "The draft report was sent to the organisation; it may respond by the date shown.",
            description="draft_report → partner_response: the partner sees the draft and may respond (QA-D2).",
        ),
        "respond": Transition(
            services.review_respond,
            "Send our response",
            "Your response has been recorded. The reviewers finalise the report next.",
            form=forms.RespondForm,
            api_input=s.RespondSerializer,
            description="The partner's response to the draft report (once; the status stays partner_response).",
        ),
        "finalise": Transition(
            services.review_finalise,
            "Finalise and issue the report",
            "The review is final; its report PDF is being prepared.",
            description="partner_response → final; the final report PDF is generated and stored (QA-D2).",
        ),
    },
)

IMPROVEMENT_ACTION = Workflow(
    record="action",
    portal_url="quality:action_transition",
    prefix_forms=False,
    transitions={
        "start": Transition(services.action_start, "Mark as in progress", "The action is in progress."),
        "submit_evidence": Transition(
            services.action_submit_evidence,
            "Submit evidence",
            "Evidence submitted for verification. A reviewer verifies and closes the action.",
            form=forms.EvidenceForm,
            api_input=s.EvidenceSerializer,
            description='JSON `{"evidence_note"}` or multipart with an optional `evidence_file`.',
        ),
        "verify_close": Transition(
            services.action_verify_close, "Verify and close", "The action is verified and closed."
        ),
        "reopen": Transition(
            services.action_reopen,
            "Reopen the action",
            "The action is reopened; your reason is in its history.",
            form=forms.ReasonForm,
            api_input=ReasonSerializer,
            description="evidence_submitted → in_progress when the reviewer needs more evidence.",
        ),
    },
)
