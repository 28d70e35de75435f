"""Enumerations of the agreements app (names and values fixed by api.md "agreements")."""

from django.db import models

from agreements import rules


class AgreementType(models.TextChoices):
    S139 = rules.S139, "Temporary care (s139)"
    S140 = rules.S140, "Extended care (s140)"


class S140Paragraph(models.TextChoices):
    A = "a", "s140(1)(a)"
    B = "b", "s140(1)(b)"
    C = "c", "s140(1)(c)"
    D = "d", "s140(1)(d): transition towards independence"


class EndPlan(models.TextChoices):
    RETURN_HOME = "return_home", "Return home"
    TRANSITION_TO_INDEPENDENCE = "transition_to_independence", "Transition towards independence"


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    AWAITING_FGC = "awaiting_fgc", "Awaiting FGC approval"
    AWAITING_SUPERVISOR = "awaiting_supervisor", "Awaiting supervisor approval"
    AWAITING_SIGNATURES = "awaiting_signatures", "Awaiting signatures"
    AWAITING_START = "awaiting_start", "Signed, awaiting its start date"
    ACTIVE = "active", "Active"
    NOTICE_GIVEN = "notice_given", "Notice given"
    EXPIRED = "expired", "Expired"
    TERMINATED = "terminated", "Terminated"
    CANCELLED = "cancelled", "Cancelled"
    LAPSED = "lapsed", "Lapsed (not signed by its start date)"


# Statuses in which the agreement has effect: care is being provided under it.
IN_FORCE_STATUSES = (AgreementStatus.ACTIVE, AgreementStatus.NOTICE_GIVEN)
# Statuses before the agreement is in force; these can be cancelled.
PRE_ACTIVE_STATUSES = (
    AgreementStatus.DRAFT,
    AgreementStatus.AWAITING_FGC,
    AgreementStatus.AWAITING_SUPERVISOR,
    AgreementStatus.AWAITING_SIGNATURES,
    AgreementStatus.AWAITING_START,  # R-ALL-10: signed, but never in force yet
)
ENDED_STATUSES = (
    AgreementStatus.EXPIRED,
    AgreementStatus.TERMINATED,
    AgreementStatus.CANCELLED,
    AgreementStatus.LAPSED,
)
# R-ALL-10: not yet fully signed and approved; one still here when its start date passes lapses.
AWAITING_STATUSES = (
    AgreementStatus.AWAITING_FGC,
    AgreementStatus.AWAITING_SUPERVISOR,
    AgreementStatus.AWAITING_SIGNATURES,
)
# R-ALL-9: the statuses whose term occupies te tamaiti's days: a new term may not overlap them. A draft
# holds no days yet (its dates can still change; the check runs at create, update and approval).
OCCUPYING_STATUSES = (
    AgreementStatus.AWAITING_FGC,
    AgreementStatus.AWAITING_SUPERVISOR,
    AgreementStatus.AWAITING_SIGNATURES,
    AgreementStatus.AWAITING_START,
    AgreementStatus.ACTIVE,
    AgreementStatus.NOTICE_GIVEN,
)


class PartyRole(models.TextChoices):
    PARENT = "parent", "Parent"
    GUARDIAN = "guardian", "Guardian"
    PERSON_HAVING_CARE = "person_having_care", "Person having care of te tamaiti"
    WHANAU_MEMBER = "whanau_member", "Whānau member"
    CHILD = "child", "Te tamaiti"


# Roles of a party who can make the agreement with the chief executive (R-ALL-6).
AGREEING_ROLES = (PartyRole.PARENT, PartyRole.GUARDIAN, PartyRole.PERSON_HAVING_CARE)
# Roles that can hold a legal right to custody (R-ALL-7 guardian reclaim).
CUSTODY_ROLES = (PartyRole.PARENT, PartyRole.GUARDIAN)


class TerminationKind(models.TextChoices):
    EXPIRY = "expiry", "Term expired"
    NOTICE = "notice", "Notice of termination"
    FGC_DECISION = "fgc_decision", "Family group conference decision"
    GUARDIAN_RECLAIM = "guardian_reclaim", "Parent or guardian asked to care for te tamaiti"
    CHILD_WITHDREW_CONSENT = "child_withdrew_consent", "Te tamaiti withdrew consent"


class TerminationNotice(models.TextChoices):
    """R-TERM-1: how the agreement says it can be terminated; this choice, not free text, sets the dates."""

    STATUTORY = "statutory", "The statutory default"
    VERBAL = "verbal", "Verbal notice (ends the day it is given)"
    WRITTEN = "written", "Written notice of a stated number of days"


class NoticeForm(models.TextChoices):
    VERBAL = rules.VERBAL, "Verbal"
    WRITTEN = rules.WRITTEN, "Written"


class FgcPurpose(models.TextChoices):
    MAKE = "make", "Make the agreement"
    EXTEND = "extend", "Extend the agreement"


class DocumentKind(models.TextChoices):
    """R-ALL-6 / R-EXT-1: what a stored version of the written agreement is."""

    AGREEMENT = "agreement", "Agreement for signing"
    EXTENSION = "extension", "Extension for signing"
    EXECUTED = "executed", "Executed copy (every signature, sealed)"


class SignatureMethod(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    PAPER = "paper", "On paper (signed scan uploaded)"


class InPersonMark(models.TextChoices):
    """How an in-person signature was given on the worker's device."""

    DRAWN = "drawn", "Drawn on screen"
    TYPED = "typed", "Typed full name, with consent"
    ATTESTED = "attested", "Witnessed by the worker"  # recorded through the API without a mark


class CopyMethod(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    EMAIL = "email", "E-mail"
    POST = "post", "Post"


class ExtensionStatus(models.TextChoices):
    """R-EXT-1: proposed, approved and issued for signing, in force once signed, or lapsed unsigned."""

    AWAITING_APPROVAL = "awaiting_approval", "Awaiting a supervisor"
    AWAITING_SIGNATURES = "awaiting_signatures", "Awaiting signatures"
    IN_FORCE = "in_force", "In force"
    LAPSED = "lapsed", "Lapsed (not signed by the last day)"


PENDING_EXTENSION_STATUSES = (ExtensionStatus.AWAITING_APPROVAL, ExtensionStatus.AWAITING_SIGNATURES)


# The s146 provisions every agreement must state (R-ALL-5), with their labels.
S146_PROVISIONS = {
    "educational_needs": "Educational needs",
    "social_needs": "Social needs",
    "cultural_needs": "Cultural needs",
    "religious_needs": "Religious needs",
    "services_programme": "Programme of services and assistance",
    "parent_rights_obligations": "Rights and obligations of parents or guardians",
    "access_arrangements": "Access by parents, guardians or others",
}
