"""Statuses and enumerations of the Quality Assurance cycle (api.md "quality": status values are fixed)."""

from django.db import models


class CycleStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class ReviewStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    IN_PROGRESS = "in_progress", "In progress"
    DRAFT_REPORT = "draft_report", "Draft report"
    PARTNER_RESPONSE = "partner_response", "With the partner for response"
    FINAL = "final", "Final"


class ActivityKind(models.TextChoices):
    KORERO_TAMARIKI = "korero_tamariki", "Kōrero with tamariki"
    KORERO_RANGATAHI = "korero_rangatahi", "Kōrero with rangatahi"
    KORERO_CARERS = "korero_carers", "Kōrero with carers"
    KORERO_WHANAU = "korero_whanau", "Kōrero with whānau"
    FILE_REVIEW = "file_review", "File review"
    OTHER = "other", "Other"


class Rating(models.TextChoices):
    MET = "met", "Met"
    PARTIALLY_MET = "partially_met", "Partially met"
    NOT_MET = "not_met", "Not met"
    NOT_ASSESSED = "not_assessed", "Not assessed"


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    EVIDENCE_SUBMITTED = "evidence_submitted", "Evidence submitted"
    VERIFIED_CLOSED = "verified_closed", "Verified and closed"


# Decision (documented in quality/permissions.py): a partner organisation sees a review once the draft
# report has been sent to it for response; planning, fieldwork and the reviewer's draft are internal.
PARTNER_VISIBLE_REVIEW_STATUSES = (ReviewStatus.PARTNER_RESPONSE, ReviewStatus.FINAL)
# Findings, activities and actions are recorded while the reviewer is working on the review.
FINDING_STATUSES = (ReviewStatus.IN_PROGRESS, ReviewStatus.DRAFT_REPORT)
ACTIVITY_STATUSES = (ReviewStatus.IN_PROGRESS, ReviewStatus.DRAFT_REPORT)
ACTION_CREATE_STATUSES = (
    ReviewStatus.IN_PROGRESS,
    ReviewStatus.DRAFT_REPORT,
    ReviewStatus.PARTNER_RESPONSE,
    ReviewStatus.FINAL,
)
OPEN_ACTION_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS, ActionStatus.EVIDENCE_SUBMITTED)
