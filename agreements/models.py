"""Care agreements under ss139-140 of the Oranga Tamariki Act, their parties, signatures and endings.

Status changes only through `agreements.services` (which lock, check and audit via careportal.workflow);
the transition bodies below only change the record itself.
"""

from __future__ import annotations

from datetime import date, datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django_fsm import RETURN_VALUE, ConcurrentTransitionMixin, FSMField, transition

from agreements import permissions as perms
from agreements import rules
from agreements.choices import (
    AWAITING_STATUSES,
    ENDED_STATUSES,
    IN_FORCE_STATUSES,
    PRE_ACTIVE_STATUSES,
    AgreementStatus,
    AgreementType,
    CopyMethod,
    DocumentKind,
    EndPlan,
    ExtensionStatus,
    FgcPurpose,
    InPersonMark,
    NoticeForm,
    PartyRole,
    S140Paragraph,
    SignatureMethod,
    TerminationKind,
    TerminationNotice,
)
from careportal.db import TimeStampedModel
from careportal.lib import limits
from careportal.lib.dates import format_nz_date
from careportal.lib.references import YearlyCounter
from careportal.workflow import fsm_permission

S = AgreementStatus
# R-ALL-6: once executed (all signed, even before activation), each receipt of the copy is recorded, then and after the term.
COPY_STATUSES = (S.AWAITING_SIGNATURES, S.AWAITING_START, S.ACTIVE, S.NOTICE_GIVEN, S.EXPIRED, S.TERMINATED)
# An ending that takes effect today terminates the agreement; a later one leaves notice running until then.
ENDING = RETURN_VALUE(S.NOTICE_GIVEN, S.TERMINATED)


def _ending(immediate: bool) -> str:
    return S.TERMINATED if immediate else S.NOTICE_GIVEN


class Child(TimeStampedModel):
    """Te tamaiti an agreement is about. The name never appears in a URL, file name or notification."""

    name = models.CharField(max_length=limits.NAME)
    date_of_birth = models.DateField()
    iwi = models.CharField(max_length=limits.NAME, blank=True)
    case_reference = models.CharField(max_length=40, unique=True)

    class Meta:
        ordering = ["case_reference"]
        # Look-ups and search list matches by name: a broad match ("CYRAS-" is every case reference)
        # reads this index in order and stops at the first page, instead of sorting every match.
        indexes = [models.Index(fields=["name", "id"], name="child_name_order")]
        verbose_name = "child"
        verbose_name_plural = "children"

    def __str__(self) -> str:
        return self.case_reference  # opaque: safe in logs, admin lists and audit texts (R-PRIV-2)

    def get_absolute_url(self) -> str:
        return reverse("agreements:child_detail", args=[self.pk])


class ReferenceSequence(YearlyCounter):
    """The last agreement number used in a year: CA-2026-00042."""

    PREFIX, DIGITS = "CA", 5


class Agreement(ConcurrentTransitionMixin, TimeStampedModel):
    """One s139 or s140 care agreement: its terms, the statutory maximum and where it is in its life."""

    reference = models.CharField(max_length=20, unique=True, editable=False)
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="agreements")
    agreement_type = models.CharField(max_length=4, choices=AgreementType.choices)
    s140_paragraph = models.CharField(max_length=1, choices=S140Paragraph.choices, blank=True)
    start_date = models.DateField()
    end_date = models.DateField(help_text="The last day of care, inclusive (after any extension).")
    end_plan = models.CharField(max_length=32, choices=EndPlan.choices, default=EndPlan.RETURN_HOME)
    caregiver_organisation = models.ForeignKey(
        "partners.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="care_agreements",
        help_text="Empty when the chief executive provides care.",
    )
    contact_person = models.TextField(max_length=limits.TEXT, blank=True)
    educational_needs = models.TextField(max_length=limits.TEXT, blank=True)
    social_needs = models.TextField(max_length=limits.TEXT, blank=True)
    cultural_needs = models.TextField(max_length=limits.TEXT, blank=True)
    religious_needs = models.TextField(max_length=limits.TEXT, blank=True)
    services_programme = models.TextField(max_length=limits.TEXT, blank=True)
    parent_rights_obligations = models.TextField(max_length=limits.TEXT, blank=True)
    access_arrangements = models.TextField(max_length=limits.TEXT, blank=True)
    termination_terms = models.TextField(max_length=limits.TEXT, blank=True)  # notes; never sets dates
    # R-TERM-1: the stated termination clause. `db_default`s so rows written without the ORM get the default.
    termination_notice = models.CharField(
        max_length=16,
        choices=TerminationNotice.choices,
        default=TerminationNotice.STATUTORY,
        db_default=TerminationNotice.STATUTORY,
    )
    termination_notice_days = models.PositiveSmallIntegerField(null=True, blank=True)
    # Free-text terms from before R-TERM-1 were migrated to the statutory default: the worker reviews them.
    termination_terms_review = models.BooleanField(default=False, db_default=False)
    serious_concerns_ruled_out = models.BooleanField(default=False)
    # Computed by agreements.rules whenever the term is set or extended; stored so lists need no work.
    legal_max_end_date = models.DateField()
    legal_basis = models.TextField()
    site = models.CharField(max_length=80, blank=True)
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    activated_on = models.DateField(null=True, blank=True)
    return_reason = models.TextField(max_length=limits.REASON, blank=True)
    # Why the agreement is in its status, in plain words ("Lapsed: not fully signed by 1 March 2027."; R-ALL-10).
    status_reason = models.CharField(max_length=300, blank=True, editable=False)
    status = FSMField(default=S.DRAFT, choices=S.choices, protected=True)
    # R-ALL-6: the version of the written agreement issued for signing (agreements.versions); signatures
    # count only on it. Empty from approval until the queue has issued it, and for drafts.
    signing_version = models.ForeignKey(
        "AgreementDocument", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "end_date"]),
            models.Index(fields=["site", "status"]),
            # Lists show the newest first (decision 0010): the first page reads 25 index entries instead of
            # sorting every visible agreement; per status filter and per caregiver (partner users) too.
            models.Index(fields=["-created_at"], name="agreement_newest_first"),
            models.Index(fields=["status", "-created_at"], name="agreement_status_newest"),
            models.Index(fields=["caregiver_organisation", "-created_at"], name="agreement_caregiver_newest"),
        ]
        constraints = [
            models.CheckConstraint(
                name="agreement_end_not_before_start", condition=Q(end_date__gte=models.F("start_date"))
            ),
            models.CheckConstraint(
                name="agreement_paragraph_only_for_s140",
                condition=Q(agreement_type=AgreementType.S139, s140_paragraph="")
                | (Q(agreement_type=AgreementType.S140) & ~Q(s140_paragraph="")),
            ),
            models.CheckConstraint(  # R-TERM-1: a number of days with written notice, and only then
                name="agreement_notice_days_only_for_written",
                condition=Q(termination_notice=TerminationNotice.WRITTEN, termination_notice_days__gte=1)
                | (
                    ~Q(termination_notice=TerminationNotice.WRITTEN) & Q(termination_notice_days__isnull=True)
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("agreements:detail", args=[self.pk])

    # --- Derived values (no queries when the list selector's prefetches are in place) --------------

    @property
    def is_s140(self) -> bool:
        return self.agreement_type == AgreementType.S140

    @property
    def current_termination(self) -> Termination | None:
        try:
            return self.termination
        except Termination.DoesNotExist:
            return None

    def extension_in(self, *statuses: str) -> Extension | None:
        """The extension in one of `statuses` (the prefetched list where loaded): at most one is pending."""
        return next((e for e in self.extensions.all() if e.status in statuses), None)

    @property
    def required_signatories(self) -> list[Party]:
        """R-ALL-6 every signatory party, and te tamaiti when R-140-4 applies (added as a party)."""
        return [party for party in self.parties.all() if party.signatory]

    @property
    def warnings(self) -> list[rules.Warning]:
        org = self.caregiver_organisation
        return agreement_warnings(
            agreement_type=self.agreement_type,
            start_date=self.start_date,
            end_date=self.end_date,
            status=self.status,
            caregiver_name=org.legal_name if org is not None else None,
            caregiver_approved=org is not None and org.holds_s396_approval,
            caregiver_accredited=self._caregiver_accredited(),
            termination_review=self.termination_terms_review,
        )

    def _caregiver_accredited(self) -> bool:
        """The `caregiver_accredited` annotation of agreements.selectors where loaded, else asked (R-ALL-4)."""
        annotated = getattr(self, "caregiver_accredited", None)
        if annotated is not None:
            return bool(annotated)
        org = self.caregiver_organisation
        return org is None or not org.accreditation_alert

    def pdf_file_name(self, version: int) -> str:
        """The reference and version, never the child's name (R-PRIV-2)."""
        return f"{self.reference}-v{version}.pdf"

    # --- Transitions: bodies change only this record; services do the rest ------------------------

    @transition(
        field=status,
        source=S.DRAFT,
        target=RETURN_VALUE(S.AWAITING_FGC, S.AWAITING_SUPERVISOR),
        permission=fsm_permission(perms.casework),
    )
    def submit(self) -> str:
        """s140 goes to the family group conference first (R-140-1); s139 needs none (R-139-3)."""
        self.return_reason = ""
        return S.AWAITING_FGC if self.is_s140 else S.AWAITING_SUPERVISOR

    @transition(
        field=status,
        source=S.AWAITING_FGC,
        target=S.AWAITING_SUPERVISOR,
        permission=fsm_permission(perms.coordinator),
    )
    def record_fgc_approval(self) -> None:
        """R-140-1: the FGC approved the agreement, certified by a coordinator."""

    @transition(
        field=status,
        source=S.AWAITING_SUPERVISOR,
        target=S.AWAITING_SIGNATURES,
        permission=fsm_permission(perms.supervisor_not_drafter),
    )
    def approve(self, *, approver, approved_at: datetime) -> None:
        self.approved_by = approver
        self.approved_at = approved_at

    @transition(
        field=status,
        source=[S.AWAITING_SUPERVISOR, S.AWAITING_SIGNATURES],
        target=S.DRAFT,
        permission=fsm_permission(perms.supervisor),
    )
    def return_to_draft(self, *, return_reason: str) -> None:
        self.return_reason = return_reason
        self.approved_by = None
        self.approved_at = None
        self.signing_version = None  # R-ALL-6: approved again, a new version is issued for signing

    @transition(
        field=status,
        source=[S.AWAITING_FGC, S.AWAITING_SUPERVISOR],
        target=S.DRAFT,
        permission=fsm_permission(perms.drafter),
    )
    def recall(self) -> None:
        """The practitioner takes back a submitted draft before anyone has acted on it."""

    @transition(
        field=status,
        source=[S.AWAITING_SIGNATURES, S.ACTIVE],
        target=RETURN_VALUE(S.AWAITING_SIGNATURES, S.ACTIVE),
        permission=fsm_permission(perms.casework),
    )
    def record_signature(self) -> str:
        """A party signed the agreement, or an extension of one in force (R-EXT-1); the status stays."""
        return self.status

    @transition(
        field=status,
        source=list(COPY_STATUSES),
        target=RETURN_VALUE(*COPY_STATUSES),
        permission=fsm_permission(perms.casework),
    )
    def record_copy_given(self) -> str:
        """R-ALL-6: a party received the executed copy (the CopyGiven row is the service's)."""
        return self.status

    @transition(
        field=status,
        source=S.AWAITING_SIGNATURES,
        target=RETURN_VALUE(S.AWAITING_START, S.ACTIVE),
        permission=fsm_permission(perms.casework),
    )
    def activate(self, *, on: date) -> str:
        """R-ALL-10: fully signed before its start date it awaits that day; in force from then."""
        if self.start_date > on:
            self.status_reason = f"Signed; in force from {format_nz_date(self.start_date)}."
            return S.AWAITING_START
        self.activated_on = on
        self.status_reason = ""
        return S.ACTIVE

    @transition(
        field=status, source=S.AWAITING_START, target=S.ACTIVE, permission=fsm_permission(perms.system_only)
    )
    def begin(self) -> None:
        """R-ALL-10: in force from its start date; performed in bulk by agreements.sweep, never by a user."""
        self.activated_on = self.start_date
        self.status_reason = ""

    @transition(
        field=status,
        source=list(AWAITING_STATUSES),
        target=S.LAPSED,
        permission=fsm_permission(perms.system_only),
    )
    def lapse(self) -> None:
        """R-ALL-10 / R-DATE-5: not fully signed by its start date, never in force (agreements.sweep)."""

    @transition(field=status, source=S.ACTIVE, target=S.ACTIVE, permission=fsm_permission(perms.extender))
    def extend(self) -> None:
        """R-EXT-1: an extension is proposed (the Extension row is the service's); the last day stays."""

    @transition(field=status, source=S.ACTIVE, target=S.ACTIVE, permission=fsm_permission(perms.supervisor))
    def approve_extension(self) -> None:
        """R-EXT-1: a supervisor approved the proposed extension; its version is issued for signing."""

    def bring_extension_into_force(self, extension: Extension) -> None:
        """R-EXT-1: signed by every party by the current last day, the new last day holds (not a status
        change: the agreement stays active; the service records it as part of the last signature)."""
        self.end_date = extension.end_date
        self.legal_max_end_date = extension.legal_max_end_date
        self.legal_basis = extension.legal_basis

    @transition(
        field=status,
        source=[S.ACTIVE, S.AWAITING_START],
        target=ENDING,
        permission=fsm_permission(perms.casework),
    )
    def give_notice(self, *, immediate: bool) -> str:
        """R-139-4 verbal s139 notice ends it at once; R-140-6 written notice takes 7 clear days."""
        return _ending(immediate)

    @transition(
        field=status, source=S.NOTICE_GIVEN, target=S.ACTIVE, permission=fsm_permission(perms.casework)
    )
    def withdraw_notice(self) -> None:
        """The giver withdrew the notice before it took effect."""

    @transition(
        field=status,
        source=[S.ACTIVE, S.AWAITING_START],
        target=ENDING,
        permission=fsm_permission(perms.casework),
    )
    def withdraw_child_consent(self, *, immediate: bool) -> str:
        """R-140-7: te tamaiti withdrawing consent is notice of termination."""
        return _ending(immediate)

    @transition(
        field=status,
        source=[S.ACTIVE, S.NOTICE_GIVEN, S.AWAITING_START],
        target=ENDING,
        permission=fsm_permission(perms.terminator),
    )
    def terminate(self, *, immediate: bool) -> str:
        """R-ALL-7 guardian reclaim ends it now; R-140-6 an FGC decision ends it on the date the FGC sets."""
        return _ending(immediate)

    @transition(
        field=status,
        source=list(PRE_ACTIVE_STATUSES),
        target=S.CANCELLED,
        permission=fsm_permission(perms.canceller),
    )
    def cancel(self) -> None:
        """Abandoned before it came into force."""
        self.status_reason = ""  # e.g. "Signed; in force from …" no longer holds

    @transition(
        field=status,
        source=list(IN_FORCE_STATUSES),
        target=S.EXPIRED,
        permission=fsm_permission(perms.system_only),
    )
    def expire(self) -> None:
        """R-ALL-1: performed in bulk by agreements.sweep, never by a user."""

    @transition(
        field=status, source=S.NOTICE_GIVEN, target=S.TERMINATED, permission=fsm_permission(perms.system_only)
    )
    def notice_took_effect(self) -> None:
        """R-DATE-4 / R-140-6: performed in bulk by agreements.sweep, never by a user."""


# R-ALL-4: while in force, the social worker and supervisor re-plan the care (agreements.replanning).
REPLAN = " Re-plan the care: a task is with the social worker and the supervisor."


def agreement_warnings(
    *,
    agreement_type: str,
    start_date: date,
    end_date: date,
    status: str,
    caregiver_name: str | None,
    caregiver_approved: bool,
    caregiver_accredited: bool = True,
    termination_review: bool = False,
) -> list[rules.Warning]:
    """Non-blocking warnings: a short s140 term (R-140-8); a caregiver without s396 approval (R-ALL-4).
    Plain values in, so the API list's plain rows (agreements.api.rows) give the same warnings."""
    found = rules.term_warnings(agreement_type=agreement_type, start_date=start_date, end_date=end_date)
    still_relevant = status in (*PRE_ACTIVE_STATUSES, *IN_FORCE_STATUSES)
    if caregiver_name is not None and still_relevant and not caregiver_approved:
        found.append(
            rules.Warning(
                code="caregiver_not_approved",
                message=f"{caregiver_name} does not hold a current s396 approval (R-ALL-4)."
                + (REPLAN if status in IN_FORCE_STATUSES else ""),
            )
        )
    elif caregiver_name is not None and status in IN_FORCE_STATUSES and not caregiver_accredited:
        found.append(
            rules.Warning(
                code="caregiver_not_accredited",
                message=f"{caregiver_name}'s Te Kāhui Kāhu Level 1 accreditation has lapsed (R-ALL-4).{REPLAN}",
            )
        )
    if termination_review and status not in ENDED_STATUSES:
        found.append(
            rules.Warning(
                code="termination_terms_review",
                message="The termination terms were free text before the agreement recorded a choice: the "
                "statutory default applies. Review them with the parties (R-TERM-1).",
            )
        )
    return found


class Party(TimeStampedModel):
    """A parent, guardian, person having care, whānau member or te tamaiti named in the agreement."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="parties")
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(max_length=limits.NAME)
    role = models.CharField(max_length=32, choices=PartyRole.choices)
    has_custody_right = models.BooleanField(default=False)
    # R-ALL-6: a signatory must sign; a parent with custody rights who is not a party is recorded unsigned.
    signatory = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "created_at"]
        verbose_name_plural = "parties"

    def __str__(self) -> str:
        return f"{self.get_role_display()} (party {self.position + 1})"

    def signature_on(self, document_id: object) -> Signature | None:
        """This party's signature on one version (from the prefetched `signatures` where loaded)."""
        return next((s for s in self.signatures.all() if s.document_id == document_id), None)

    @property
    def signature(self) -> Signature | None:
        """R-ALL-6: the signature that counts, the one on the version issued for signing. (Rows from before
        versions were kept have no version, as agreements of that time have none: they still match.)"""
        return self.signature_on(self.agreement.signing_version_id)

    @property
    def signed_on(self) -> date | None:
        signature = self.signature
        return signature.signed_on if signature is not None else None

    @property
    def copy_given_on(self) -> date | None:
        """R-ALL-6: the day this party last received the executed copy (prefetched `copies` where loaded)."""
        return max((c.given_on for c in self.copies.all()), default=None)


def _signature_path(signature: Signature, filename: str) -> str:
    return f"agreements/{signature.party.agreement_id}/signatures/{filename}"


class Signature(TimeStampedModel):
    """R-ALL-6: one party's signature on one version of the written agreement, bound to its SHA-256.

    Never changed: a new version needs new signatures, and these then show as on a superseded version.
    """

    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="signatures")
    document = models.ForeignKey(
        "AgreementDocument", null=True, on_delete=models.CASCADE, related_name="signatures"
    )
    document_sha256 = models.CharField(max_length=64, blank=True, db_default="")
    signed_on = models.DateField()
    method = models.CharField(
        max_length=16,
        choices=SignatureMethod.choices,
        default=SignatureMethod.IN_PERSON,
        db_default="in_person",
    )
    mark = models.CharField(
        max_length=16, choices=InPersonMark.choices, blank=True, db_default=""
    )  # in person only
    drawing = models.FileField(
        upload_to=_signature_path, blank=True, db_default=""
    )  # PNG drawn on the worker's device
    typed_name = models.CharField(max_length=limits.NAME, blank=True, db_default="")
    consent_given = models.BooleanField(default=False, db_default=False)  # to sign by typing the name
    scan = models.FileField(
        upload_to=_signature_path, blank=True, db_default=""
    )  # the signed paper, through check_upload
    scan_sha256 = models.CharField(max_length=64, blank=True, db_default="")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["party", "document"], name="signature_once_per_version"),
        ]

    def __str__(self) -> str:
        return f"signed {self.signed_on}"


class CopyGiven(TimeStampedModel):
    """R-ALL-6: a party received the executed copy: when, how and from whom."""

    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="copies")
    document = models.ForeignKey("AgreementDocument", on_delete=models.CASCADE, related_name="copies_given")
    given_on = models.DateField()
    method = models.CharField(max_length=16, choices=CopyMethod.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["given_on", "created_at"]
        constraints = [models.UniqueConstraint(fields=["party", "document"], name="copy_given_once")]

    def __str__(self) -> str:
        return f"copy given {self.given_on}"


class FgcApproval(TimeStampedModel):
    """R-140-1: a family group conference approved making (or extending) the agreement."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="fgc_approvals")
    purpose = models.CharField(max_length=8, choices=FgcPurpose.choices, default=FgcPurpose.MAKE)
    held_on = models.DateField()
    coordinator_certified = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["held_on", "created_at"]

    def __str__(self) -> str:
        return f"FGC {self.held_on}"


class Extension(TimeStampedModel):
    """R-139-2 / R-140-3: a further term starting the day after the previous last day.

    R-EXT-1: proposed, approved by a supervisor, issued for signing, in force once every party signed
    by the current last day (only then does the agreement's last day move), or lapsed.
    """

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="extensions")
    status = models.CharField(
        max_length=24,
        choices=ExtensionStatus.choices,
        default=ExtensionStatus.AWAITING_APPROVAL,
        db_default=ExtensionStatus.IN_FORCE,  # rows written before R-EXT-1 took effect at once
    )
    start_date = models.DateField()
    end_date = models.DateField()
    previous_end_date = models.DateField()
    proposed_on = models.DateField(null=True, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_on = models.DateField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    in_force_on = models.DateField(null=True, blank=True)
    # The extension's version for signing (agreements.versions); empty until the queue has issued it.
    document = models.ForeignKey(
        "AgreementDocument", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    fgc_held_on = models.DateField(null=True, blank=True)
    legal_max_end_date = models.DateField()
    legal_basis = models.TextField()

    class Meta:
        ordering = ["start_date"]

    def __str__(self) -> str:
        return f"{self.start_date} to {self.end_date}"


class Termination(TimeStampedModel):
    """How the agreement ends (or is due to end): `effective_on` is the first day it no longer has effect."""

    agreement = models.OneToOneField(Agreement, on_delete=models.CASCADE, related_name="termination")
    kind = models.CharField(max_length=32, choices=TerminationKind.choices)
    given_on = models.DateField(null=True, blank=True)
    effective_on = models.DateField()
    party = models.ForeignKey(Party, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    form = models.CharField(max_length=8, choices=NoticeForm.choices, blank=True)
    reason = models.TextField(max_length=limits.REASON, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.effective_on}"


def _document_path(document: AgreementDocument, filename: str) -> str:
    return f"agreements/{document.agreement_id}/{filename}"


class AgreementDocument(TimeStampedModel):
    """One version of the written agreement (R-ALL-6): issued once, never changed. The agreement, an
    extension (R-EXT-1), or the executed copy of one of those (every signature, sealed)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="documents")
    version = models.PositiveIntegerField()
    kind = models.CharField(
        max_length=16, choices=DocumentKind.choices, default=DocumentKind.AGREEMENT, db_default="agreement"
    )
    issued_on = models.DateField(null=True)  # the NZ day it was issued; empty only on rows from before
    content_hash = models.CharField(max_length=64)  # of the printed content (careportal.pdf)
    sha256 = models.CharField(max_length=64, blank=True, db_default="")  # of the file served
    file = models.FileField(upload_to=_document_path)
    extension = models.ForeignKey(
        Extension, null=True, blank=True, on_delete=models.CASCADE, related_name="documents"
    )
    executes = models.ForeignKey(  # the version an executed copy is the signed copy of
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="executed_copies"
    )
    verification_code = models.CharField(max_length=24, null=True, blank=True, unique=True)

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "version"], name="agreement_document_version_unique")
        ]

    def __str__(self) -> str:
        return self.file_name

    @property
    def file_name(self) -> str:
        return self.agreement.pdf_file_name(self.version)
