"""The Quality Assurance cycle: cycles per approved partner, reviews, activities, findings, actions."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Case, Q, Value, When
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from careportal.db import TimeStampedModel
from careportal.files import safe_file_name
from careportal.lib import limits
from careportal.lib.actor import Actor
from careportal.lib.dates import format_nz_date, nz_today
from careportal.lib.references import YearlyCounter
from careportal.workflow import GATE_CHECKS, condition, fsm_permission

from .choices import ActionStatus, ActivityKind, CycleStatus, Rating, ReviewStatus
from .permissions import action_owner_may, review_partner_may, reviewer_may
from .rules import CLOSE_CYCLE_WHEN_DONE, FINALISE_NOT_BEFORE_PERIOD, period_has_started

NARRATIVE_HELP = (
    "Refer to tamariki by case reference only (for example CYRAS case 1234567): never a child's name "
    "or date of birth."
)


class NationalCareStandard(TimeStampedModel):
    """A part of the National Care Standards that findings are rated against (reference data)."""

    part = models.PositiveSmallIntegerField(unique=True, help_text="Part number, e.g. 1.")
    title = models.CharField(max_length=limits.NAME)
    description = models.TextField(max_length=limits.TEXT, blank=True)
    active = models.BooleanField(default=True, help_text="Inactive parts are kept for old findings only.")

    class Meta:
        ordering = ["part"]

    def __str__(self) -> str:
        return f"Part {self.part}: {self.title}"


def cycle_still_open(cycle: QACycle) -> list[str]:
    """QA-D6: what keeps `cycle` from closing, in words: its reviews not final, its actions not closed."""
    unfinished = [
        f"{reference} ({ReviewStatus(status).label.lower()})"
        for reference, status in cycle.reviews.exclude(status=ReviewStatus.FINAL)
        .order_by("reference")
        .values_list("reference", "status")
    ]
    actions = ImprovementAction.objects.filter(review__cycle=cycle).exclude(
        status=ActionStatus.VERIFIED_CLOSED
    )
    count = actions.count()
    return ([f"review {', '.join(unfinished)}"] if unfinished else []) + (
        [f"{count} improvement action{'s' if count != 1 else ''} not verified and closed"] if count else []
    )


@condition(
    rule=CLOSE_CYCLE_WHEN_DONE,
    message=lambda cycle: (
        "A QA cycle is closed once every review is final and every improvement action is "
        f"verified and closed; still open: {'; '.join(cycle_still_open(cycle))}."
    ),
)
def _cycle_finished(cycle: QACycle) -> bool:
    return not cycle_still_open(cycle)


class QACycle(ConcurrentTransitionMixin, TimeStampedModel):
    """One approved partner's Quality Assurance cycle (at most one open per organisation): open → closed."""

    organisation = models.ForeignKey(
        "partners.Organisation", on_delete=models.PROTECT, related_name="qa_cycles"
    )
    started_on = models.DateField()
    cycle_months = models.PositiveSmallIntegerField(help_text="Months between reviews (QA_CYCLE_MONTHS).")
    # R-396-6: Te Kāhui Kāhu and the Hub run separate cycles; on the partner's request, a joint review.
    joint_review_requested = models.BooleanField(default=False)
    joint_review_requested_on = models.DateField(null=True, blank=True)
    status = FSMField(max_length=16, choices=CycleStatus.choices, default=CycleStatus.OPEN, protected=True)
    closed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-started_on", "-created_at"]
        verbose_name = "QA cycle"
        constraints = [
            # Makes qa_cycle_start idempotent even under concurrent calls.
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(status=CycleStatus.OPEN),
                name="one_open_qa_cycle_per_organisation",
            )
        ]

    def __str__(self) -> str:
        return f"QA cycle {self.organisation} from {format_nz_date(self.started_on, short=True)}"

    @transition(
        field=status,
        source=CycleStatus.OPEN,
        target=CycleStatus.CLOSED,
        permission=fsm_permission(reviewer_may),
        custom={GATE_CHECKS: [_cycle_finished]},  # reads the reviews and actions: asked by the gate only
    )
    def close(self, *, on: date) -> None:
        """Final (QA-D6): the gate has checked that every review is final and every action closed."""
        self.closed_on = on


class QAReferenceCounter(YearlyCounter):
    """The last review number issued in a year: QA-2026-0007."""

    PREFIX, DIGITS = "QA", 4


@condition(rule="QA-D2", message="The organisation has already responded to this draft report.")
def _not_yet_responded(review: Any) -> bool:
    return not review.partner_response


@condition(
    rule=FINALISE_NOT_BEFORE_PERIOD,
    message="The period this review covers has not started yet: the report is finalised on or after the "
    "period's first day.",
)
def _period_started(review: Any) -> bool:
    return period_has_started(review.period_start, nz_today())


def _report_path(review: QAReview, filename: str) -> str:
    return f"quality/reports/{safe_file_name(filename)}"


class QAReview(ConcurrentTransitionMixin, TimeStampedModel):
    """A Quality Hub review: planned → in progress → draft report → partner response → final."""

    cycle = models.ForeignKey(QACycle, on_delete=models.PROTECT, related_name="reviews")
    reference = models.CharField(max_length=20, unique=True, editable=False)
    planned_for = models.DateField()
    period_start = models.DateField(null=True, blank=True, help_text="First day of the period reviewed.")
    period_end = models.DateField(null=True, blank=True, help_text="Last day of the period reviewed.")
    lead_reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    summary = models.TextField(
        max_length=limits.LONG_TEXT, blank=True, help_text="The reviewer's overall summary for the report."
    )
    status = FSMField(default=ReviewStatus.PLANNED, choices=ReviewStatus.choices, protected=True)
    started_on = models.DateField(null=True, blank=True)
    draft_submitted_on = models.DateField(null=True, blank=True)
    sent_to_partner_on = models.DateField(null=True, blank=True)
    response_due_on = models.DateField(null=True, blank=True)
    partner_response = models.TextField(max_length=limits.LONG_TEXT, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    responded_on = models.DateField(null=True, blank=True)
    finalised_on = models.DateField(null=True, blank=True)
    final_report = models.FileField(upload_to=_report_path, blank=True)
    final_report_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-planned_for", "-reference"]
        verbose_name = "QA review"
        indexes = [models.Index(fields=["status", "planned_for"])]

    def __str__(self) -> str:
        return self.reference

    @property
    def organisation(self) -> Any:
        return self.cycle.organisation

    @property
    def report_file_name(self) -> str:
        return f"{self.reference}-final-report.pdf"

    @transition(
        field=status,
        source=ReviewStatus.PLANNED,
        target=ReviewStatus.IN_PROGRESS,
        permission=fsm_permission(reviewer_may),
    )
    def start(self, *, on: date, lead_reviewer: Actor) -> None:
        self.started_on = on
        self.lead_reviewer = self.lead_reviewer or lead_reviewer

    @transition(
        field=status,
        source=ReviewStatus.IN_PROGRESS,
        target=ReviewStatus.DRAFT_REPORT,
        permission=fsm_permission(reviewer_may),
    )
    def submit_draft_report(self, *, on: date) -> None:
        self.draft_submitted_on = on

    @transition(
        field=status,
        source=ReviewStatus.DRAFT_REPORT,
        target=ReviewStatus.PARTNER_RESPONSE,
        permission=fsm_permission(reviewer_may),
    )
    def send_to_partner(self, *, on: date, response_due_on: date) -> None:
        self.sent_to_partner_on = on
        self.response_due_on = response_due_on

    @transition(
        field=status,
        source=ReviewStatus.PARTNER_RESPONSE,
        target=ReviewStatus.PARTNER_RESPONSE,
        permission=fsm_permission(review_partner_may),
        conditions=[_not_yet_responded],
    )
    def respond(self, *, response: str, responder: Any, on: date) -> None:
        self.partner_response = response
        self.responded_by = responder
        self.responded_on = on

    @transition(
        field=status,
        source=ReviewStatus.PARTNER_RESPONSE,
        target=ReviewStatus.FINAL,
        permission=fsm_permission(reviewer_may),
        conditions=[_period_started],
    )
    def finalise(self, *, on: date) -> None:
        self.finalised_on = on


class ReviewActivity(TimeStampedModel):
    """Fieldwork for a review: a kōrero with tamariki, rangatahi, carers or whānau, or a file review."""

    review = models.ForeignKey(QAReview, on_delete=models.PROTECT, related_name="activities")
    kind = models.CharField(max_length=24, choices=ActivityKind.choices)
    held_on = models.DateField()
    summary = models.TextField(max_length=limits.LONG_TEXT, help_text=NARRATIVE_HELP)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["held_on", "created_at"]
        verbose_name_plural = "review activities"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {format_nz_date(self.held_on, short=True)}"


class Finding(TimeStampedModel):
    """A review's rating of one National Care Standards part, with its narrative (QA-D3)."""

    review = models.ForeignKey(QAReview, on_delete=models.PROTECT, related_name="findings")
    standard = models.ForeignKey(NationalCareStandard, on_delete=models.PROTECT, related_name="findings")
    rating = models.CharField(max_length=16, choices=Rating.choices)
    narrative = models.TextField(max_length=limits.LONG_TEXT, help_text=NARRATIVE_HELP)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The reviewed organisation's answer to this finding, given with its response to the draft report
    # (who and when are the review's `responded_by` and `responded_on`).
    partner_response = models.TextField(max_length=limits.LONG_TEXT, blank=True)

    class Meta:
        ordering = ["standard__part"]
        constraints = [
            models.UniqueConstraint(fields=["review", "standard"], name="one_finding_per_standard_per_review")
        ]

    def __str__(self) -> str:
        return f"{self.review_id}: part {self.standard_id} {self.rating}"


class ImprovementActionQuerySet(models.QuerySet):
    def with_overdue(self, today: date) -> ImprovementActionQuerySet:
        """`overdue`: due before `today` and not yet verified and closed (computed, never stored)."""
        return self.annotate(
            overdue=Case(
                When(Q(due_on__lt=today) & ~Q(status=ActionStatus.VERIFIED_CLOSED), then=Value(True)),
                default=Value(False),
                output_field=models.BooleanField(),
            )
        )

    def overdue_on(self, today: date) -> ImprovementActionQuerySet:
        return self.filter(due_on__lt=today).exclude(status=ActionStatus.VERIFIED_CLOSED)


def _evidence_path(action: ImprovementAction, filename: str) -> str:
    return f"quality/evidence/{action.pk}/{safe_file_name(filename)}"


class ImprovementAction(ConcurrentTransitionMixin, TimeStampedModel):
    """An action agreed from a review: open → in progress → evidence submitted → verified and closed."""

    review = models.ForeignKey(QAReview, on_delete=models.PROTECT, related_name="actions")
    finding = models.ForeignKey(
        Finding, null=True, blank=True, on_delete=models.PROTECT, related_name="actions"
    )
    # The reviewed organisation, or empty when Oranga Tamariki itself owns the action.
    owner_organisation = models.ForeignKey(
        "partners.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(max_length=limits.NAME)
    description = models.TextField(max_length=limits.LONG_TEXT, blank=True)
    due_on = models.DateField()
    status = FSMField(default=ActionStatus.OPEN, choices=ActionStatus.choices, protected=True)
    started_on = models.DateField(null=True, blank=True)
    evidence_note = models.TextField(max_length=limits.LONG_TEXT, blank=True)
    evidence_file = models.FileField(upload_to=_evidence_path, blank=True, max_length=200)
    # Set by the upload check from the content; empty for files stored before it (served as octet-stream).
    evidence_content_type = models.CharField(max_length=120, blank=True)
    evidence_submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    evidence_submitted_on = models.DateField(null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    verified_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = ImprovementActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "created_at"]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self) -> str:
        return self.title

    @transition(
        field=status,
        source=ActionStatus.OPEN,
        target=ActionStatus.IN_PROGRESS,
        permission=fsm_permission(action_owner_may),
    )
    def start(self, *, on: date) -> None:
        self.started_on = on

    @transition(
        field=status,
        source=[ActionStatus.OPEN, ActionStatus.IN_PROGRESS],
        target=ActionStatus.EVIDENCE_SUBMITTED,
        permission=fsm_permission(action_owner_may),
    )
    def submit_evidence(self, *, note: str, submitter: Any, on: date) -> None:
        self.evidence_note = note
        self.evidence_submitted_by = submitter
        self.evidence_submitted_on = on
        self.started_on = self.started_on or on

    @transition(
        field=status,
        source=ActionStatus.EVIDENCE_SUBMITTED,
        target=ActionStatus.VERIFIED_CLOSED,
        permission=fsm_permission(reviewer_may),
    )
    def verify_close(self, *, verifier: Any, on: date) -> None:
        self.verified_by = verifier
        self.verified_on = on

    @transition(
        field=status,
        source=ActionStatus.EVIDENCE_SUBMITTED,
        target=ActionStatus.IN_PROGRESS,
        permission=fsm_permission(reviewer_may),
    )
    def reopen(self) -> None:
        """The reviewer needs more evidence (the reason is in the audit entry)."""
