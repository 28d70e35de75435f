"""Every kind of notification, follow-up task and reminder the apps create, by name.

The values are stored (`Notification.kind`, `FollowUpTask.kind`, and `Reminder.kind`, which is part of the
reminder's unique key), so an existing value is never renamed: the three spellings below are history, the
member names are the vocabulary. The core lists the apps' kinds as data only; it imports no app.
"""

from __future__ import annotations

from django.db import models


class NotificationKind(models.TextChoices):
    """One-off notifications a service sends after a change (`notify_on_commit`)."""

    AGREEMENT_AWAITING_APPROVAL = "agreement_awaiting_approval", "Care agreement awaiting approval"
    AGREEMENT_APPROVED = "agreement_approved", "Care agreement approved"
    AGREEMENT_RETURNED = "agreement_returned", "Care agreement returned to draft"
    AGREEMENT_LAPSED = "agreement_lapsed", "Care agreement lapsed: not signed by its start date"
    AGREEMENT_BIRTH_DATE_CORRECTED = (
        "agreement_birth_date_corrected",
        "Care agreement checked again after a date of birth was corrected",
    )
    REFERRAL_SENT = "referral_sent", "Referral sent to the provider"
    REFERRAL_ACCEPTED = "referral_accepted", "Referral accepted"
    REFERRAL_DECLINED = "referral_declined", "Referral declined"
    REFERRAL_ESCALATED = "referral_escalated", "Referral escalated to the pathways meeting"
    REFERRAL_CONSENT_WITHDRAWN = "referral_consent_withdrawn", "The whānau withdrew consent to the referral"
    PARTNERS_CHANGES_REQUESTED = "partners.changes_requested", "Changes requested to evidence"
    PARTNERS_CONFIRMED = "partners.confirmed", "Application confirmed"
    PARTNERS_DECLINE_PROPOSED = "partners.decline_proposed", "Decline of the application proposed"
    PARTNERS_ORGANISATION_RESPONDED = "partners.organisation_responded", "The organisation responded"
    PARTNERS_APPROVAL_NOTICE = "partners.approval_notice", "Notice about the s396 approval"
    PARTNERS_APPROVAL_RESPONSE = "partners.approval_response", "Response to the approval notice"
    PARTNERS_ACCREDITATION_ALERT = "partners.accreditation_alert", "Accreditation lapsed or overdue"
    QA_DRAFT_REPORT = "qa_draft_report", "Draft quality review report ready"
    QA_RESPONSE = "qa_response", "Partner responded to the draft report"


class TaskKind(models.TextChoices):
    """Follow-up tasks the system creates for a person (`task_create`)."""

    AGREEMENT_SAFETY_CHECK = "agreement_safety_check", "Safety check after an agreement ended (R-ALL-8)"
    AGREEMENT_EXPLORE_CONSENT_WITHDRAWAL = (
        "agreement_explore_consent_withdrawal",
        "Explore why consent was withdrawn",
    )
    AGREEMENT_CONSIDER_RECONVENING_FGC = "agreement_consider_reconvening_fgc", "Consider reconvening the FGC"
    AGREEMENT_REPLAN_CARE = (
        "agreement_replan_care",
        "Re-plan the care: the caregiver is not approved (R-ALL-4)",
    )
    REFERRAL_EXPLORE_ALTERNATIVES = "referral_explore_alternatives", "Explore alternatives to the referral"


class ReminderKind(models.TextChoices):
    """Reminders the daily sweep sends once each (careportal.notifications.reminders).

    A kind sent at several thresholds (days or months before a date, from settings) is stored with the
    threshold appended: see `at_threshold`.
    """

    AGREEMENT_ENDING = "agreement.ending", "Care agreement ending"
    AGREEMENT_S139_EXTENSION_DECISION = "agreement.s139.extension_decision", "s139 extension decision due"
    AGREEMENT_S140D_EXTENSION_FGC = "agreement.s140d.extension_fgc", "FGC for an s140(1)(d) extension"
    AGREEMENT_EXPIRED = "agreement.expired", "Care agreement expired"
    AGREEMENT_NOTICE_TOOK_EFFECT = "agreement.notice_took_effect", "Notice took effect"
    AGREEMENT_SAFETY_CHECK_OVERDUE = "agreement.safety_check.overdue", "Safety check overdue"
    AGREEMENT_SAFETY_CHECK_ESCALATED = (
        "agreement.safety_check.overdue.escalated",
        "Safety check overdue, unread",
    )
    AGREEMENT_CHILD_TURNS_12 = "agreement.child_turns_12", "Te tamaiti turns 12"
    AGREEMENT_TURNS_18 = "agreement.turns_18", "Te tamaiti turns 18"
    AGREEMENT_COPY_NOT_RECORDED = "agreement.copy_not_recorded", "Copy given not recorded"
    AGREEMENT_EXTENSION_UNSIGNED = "agreement.extension.unsigned", "Extension waiting for signatures"
    REFERRAL_CONSENT_MISSING = "referral.consent.missing", "Consent not recorded"
    REFERRAL_PROVIDER_RESPONSE_MISSING = "referral.provider_response.missing", "Provider has not answered"
    REFERRAL_CONTACT_OVERDUE = "referral.contact.overdue", "Contact overdue"
    REFERRAL_CONTACT_ESCALATED = "referral.contact.overdue.escalated", "Contact overdue, unread"
    QUALITY_REVIEW_DUE = "quality.review.due", "Quality review due to start"
    QUALITY_ACTION_DUE = "quality.action.due", "Improvement action due"
    QUALITY_ACTION_OVERDUE = "quality.action.overdue", "Improvement action overdue"
    QUALITY_ACTION_ESCALATED = "quality.action.overdue.escalated", "Improvement action overdue, unread"
    PARTNERS_ACCREDITATION_REVIEW_DUE = "partners.accreditation_review_due", "Accreditation review due"
    PARTNERS_EVIDENCE_EXPIRING = "partners.evidence_expiring", "Evidence expiring"


# An overdue reminder still unread after ESCALATION_WORKING_DAYS also goes to the recipient's supervisor,
# as the kind on the right (careportal.notifications.reminders.escalate_unread).
ESCALATES_TO: dict[str, ReminderKind] = {
    ReminderKind.AGREEMENT_SAFETY_CHECK_OVERDUE: ReminderKind.AGREEMENT_SAFETY_CHECK_ESCALATED,
    ReminderKind.REFERRAL_CONTACT_OVERDUE: ReminderKind.REFERRAL_CONTACT_ESCALATED,
    ReminderKind.QUALITY_ACTION_OVERDUE: ReminderKind.QUALITY_ACTION_ESCALATED,
}


def at_threshold(kind: ReminderKind, threshold: str) -> str:
    """The stored kind of a reminder sent at one of several thresholds: "agreement.ending.7d"."""
    return f"{kind.value}.{threshold}"


_LABELS: dict[str, str] = {
    **dict(NotificationKind.choices),
    **dict(TaskKind.choices),
    **dict(ReminderKind.choices),
}


def kind_of(stored: str) -> str:
    """The kind a stored value is (a threshold suffix dropped: "agreement.ending.7d" → "agreement.ending")."""
    kind = stored
    while kind not in _LABELS and "." in kind:
        kind = kind.rsplit(".", 1)[0]
    return kind if kind in _LABELS else stored


def kind_label(stored: str) -> str:
    """Plain words for a stored kind; an unknown one (from before a rename) shows as it is stored."""
    return _LABELS.get(kind_of(stored), stored)
