"""Factories for the agreements app: a tamaiti, and an agreement in each state (a factory per state).

Dates are relative to New Zealand today so every agreement is valid on the day the tests run. Each
agreement has two parents: Mere (signs, custody right) and Tama (custody right, not a party: R-ALL-7).
"""

from __future__ import annotations

import hashlib
import io
from datetime import date, timedelta

import factory
from django.core.files.base import ContentFile

from agreements import rules
from agreements.choices import AgreementStatus, AgreementType, PartyRole, TerminationKind
from agreements.models import Agreement, AgreementDocument, Child, Party, Signature, Termination
from agreements.starts import lapse_reason
from careportal.accounts.choices import Role
from careportal.lib.dates import format_nz_date, nz_today
from tests.factories import UserFactory

S = AgreementStatus
PROVISIONS = {
    "educational_needs": "Stays enrolled at Papatoetoe Intermediate; transport by the caregiver.",
    "social_needs": "Weekly kapa haka and football with friends.",
    "cultural_needs": "Connection with marae and whānau hui.",
    "religious_needs": "Attends church with whānau when they wish.",
    "services_programme": "Whānau support worker twice a week; parenting programme for Mere.",
    "parent_rights_obligations": "Mere keeps guardianship and is consulted on schooling and health.",
    "access_arrangements": "Mere visits every weekend; phone calls any evening.",
}


def years_ago(years: int, *, days: int = 0) -> date:
    """A date of birth that makes te tamaiti `years` old today, the birthday `days` days ago."""
    today = nz_today()
    try:
        anchor = today.replace(year=today.year - years)
    except ValueError:  # today is 29 February
        anchor = date(today.year - years, 2, 28)
    return anchor - timedelta(days=days)


class ChildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Child

    name = factory.Sequence(lambda n: f"Aperahama Test{n}")
    date_of_birth = factory.LazyFunction(lambda: years_ago(9, days=30))
    iwi = "Ngāti Whātua"
    case_reference = factory.Sequence(lambda n: f"CYRAS-{100000 + n}")


def _limit(agreement: Agreement) -> rules.LegalLimit:
    return rules.maximum_term(
        agreement_type=agreement.agreement_type,
        paragraph=agreement.s140_paragraph or None,
        start_date=agreement.start_date,
        date_of_birth=agreement.child.date_of_birth,
    )


class AgreementFactory(factory.django.DjangoModelFactory):
    """A draft s139 agreement of 21 days starting today, care by the chief executive."""

    class Meta:
        model = Agreement
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"CA-2000-{n:05d}")  # never collides with CA-<this year>-…
    child = factory.SubFactory(ChildFactory)
    agreement_type = AgreementType.S139
    s140_paragraph = ""
    start_date = factory.LazyFunction(nz_today)
    end_date = factory.LazyAttribute(lambda a: a.start_date + timedelta(days=20))
    end_plan = "return_home"
    caregiver_organisation = None
    contact_person = ""
    serious_concerns_ruled_out = True
    legal_max_end_date = factory.LazyAttribute(lambda a: _limit(a).max_end_date)
    legal_basis = factory.LazyAttribute(lambda a: _limit(a).legal_basis)
    site = "Manukau"
    drafted_by = factory.SubFactory(UserFactory, role=Role.SOCIAL_WORKER)
    status = S.DRAFT
    educational_needs = PROVISIONS["educational_needs"]
    social_needs = PROVISIONS["social_needs"]
    cultural_needs = PROVISIONS["cultural_needs"]
    religious_needs = PROVISIONS["religious_needs"]
    services_programme = PROVISIONS["services_programme"]
    parent_rights_obligations = PROVISIONS["parent_rights_obligations"]
    access_arrangements = PROVISIONS["access_arrangements"]

    @factory.post_generation
    def parties(obj, create, extracted, **kwargs):  # noqa: N805
        if not create:
            return
        Party.objects.create(
            agreement=obj,
            position=0,
            name="Mere Tipene",
            role=PartyRole.PARENT,
            has_custody_right=True,
            signatory=True,
        )
        Party.objects.create(
            agreement=obj,
            position=1,
            name="Tama Tipene",
            role=PartyRole.PARENT,
            has_custody_right=True,
            signatory=False,
        )
        if rules.child_must_consent(
            agreement_type=obj.agreement_type, date_of_birth=obj.child.date_of_birth, on=obj.start_date
        ):
            Party.objects.create(agreement=obj, position=999, name=obj.child.name, role=PartyRole.CHILD)


class S140Factory(AgreementFactory):
    """Extended care, s140(1)(a), 5 months, te tamaiti aged 13 (so te tamaiti is a party: R-140-4)."""

    agreement_type = AgreementType.S140
    s140_paragraph = "a"
    child = factory.SubFactory(
        ChildFactory, date_of_birth=factory.LazyFunction(lambda: years_ago(13, days=10))
    )
    end_date = factory.LazyAttribute(lambda a: rules.last_day_for_months(a.start_date, 5))
    contact_person = "Mere Tipene, by phone every week"
    serious_concerns_ruled_out = False


class ParagraphDFactory(S140Factory):
    """s140(1)(d) for rangatahi aged 16: towards independence, 12 months."""

    s140_paragraph = "d"
    end_plan = "transition_to_independence"
    contact_person = ""
    child = factory.SubFactory(
        ChildFactory, date_of_birth=factory.LazyFunction(lambda: years_ago(16, days=10))
    )
    end_date = factory.LazyAttribute(lambda a: rules.last_day_for_months(a.start_date, 12))


# A stand-in for the rendered version a factory agreement was issued with (tests of the real PDF issue it
# through agreements.versions): small, but a file with its own SHA-256 like any version.
def _blank_pdf() -> bytes:
    from pypdf import PdfWriter

    writer, out = PdfWriter(), io.BytesIO()
    writer.add_blank_page(width=595, height=842)
    writer.write(out)
    return out.getvalue()


FACTORY_PDF = _blank_pdf()
ISSUED_DAYS_AGO = 60


def issue_version(agreement: Agreement, *, issued_on: date | None = None) -> AgreementDocument:
    """R-ALL-6: the version issued for signing (without rendering), as approval leaves it once queued."""
    version = agreement.documents.count() + 1
    document = AgreementDocument(
        agreement=agreement,
        version=version,
        kind="agreement",
        issued_on=issued_on or nz_today() - timedelta(days=ISSUED_DAYS_AGO),
        content_hash=hashlib.sha256(FACTORY_PDF + bytes([version])).hexdigest(),
        sha256=hashlib.sha256(FACTORY_PDF).hexdigest(),
    )
    document.file.save(agreement.pdf_file_name(version), ContentFile(FACTORY_PDF), save=False)
    document.save()
    Agreement.objects.filter(pk=agreement.pk).update(signing_version=document)
    agreement.signing_version = document
    return document


def sign_all(agreement: Agreement, *, on: date | None = None) -> None:
    version = agreement.signing_version
    for party in agreement.parties.filter(signatory=True):
        Signature.objects.get_or_create(
            party=party,
            document=version,
            defaults={
                "signed_on": on or agreement.start_date,
                "recorded_by": agreement.drafted_by,
                "document_sha256": version.sha256 if version else "",
            },
        )


def _approved(obj, create, extracted, **kwargs):
    if create:
        Agreement.objects.filter(pk=obj.pk).update(approved_by=UserFactory(role=Role.SUPERVISOR))
        issue_version(obj)


def _signed(obj, create, extracted, **kwargs):
    if create:
        sign_all(obj)


def _signed_today(obj, create, extracted, **kwargs):
    if create:
        sign_all(obj, on=nz_today())


def _termination(kind: str, *, days_from_start: int):
    def make(obj, create, extracted, **kwargs):
        if create:
            given = obj.start_date + timedelta(days=days_from_start)
            effective = given if obj.status == S.TERMINATED else given + timedelta(days=8)
            Termination.objects.create(
                agreement=obj,
                kind=kind,
                given_on=given,
                effective_on=effective,
                party=obj.parties.get(position=0),
                form="written",
            )

    return make


def state_factory(base: type[AgreementFactory], status: str) -> type[AgreementFactory]:
    """`base` in `status`, with what that state implies (approval, signatures, a termination)."""
    attrs: dict = {
        "status": status,
        "Meta": type("Meta", (), {"model": Agreement, "skip_postgeneration_save": True}),
    }
    if status in (S.AWAITING_SIGNATURES, S.AWAITING_START, S.ACTIVE, S.NOTICE_GIVEN, S.EXPIRED, S.TERMINATED):
        attrs["approved"] = factory.PostGeneration(_approved)
    if status in (S.ACTIVE, S.NOTICE_GIVEN, S.EXPIRED, S.TERMINATED):
        attrs["signed"] = factory.PostGeneration(_signed)
        attrs["activated_on"] = factory.SelfAttribute("start_date")
    if status == S.AWAITING_START:  # R-ALL-10: signed today, in force from a week on
        attrs["start_date"] = factory.LazyFunction(lambda: nz_today() + timedelta(days=7))
        attrs["signed"] = factory.PostGeneration(_signed_today)
        attrs["status_reason"] = factory.LazyAttribute(
            lambda a: f"Signed; in force from {format_nz_date(a.start_date)}."
        )
    if status == S.LAPSED:  # R-ALL-10: was awaiting signatures when its start date, 3 days ago, passed
        attrs["start_date"] = factory.LazyFunction(lambda: nz_today() - timedelta(days=3))
        attrs["status_reason"] = factory.LazyAttribute(lambda a: lapse_reason(a.start_date))
    if status == S.NOTICE_GIVEN:
        attrs["ending"] = factory.PostGeneration(_termination(TerminationKind.NOTICE, days_from_start=0))
    if status == S.TERMINATED:
        attrs["ending"] = factory.PostGeneration(_termination(TerminationKind.NOTICE, days_from_start=0))
        attrs["start_date"] = factory.LazyFunction(lambda: nz_today() - timedelta(days=10))
    if status == S.EXPIRED:
        attrs["start_date"] = factory.LazyFunction(lambda: nz_today() - timedelta(days=40))
        attrs["end_date"] = factory.LazyAttribute(lambda a: a.start_date + timedelta(days=27))
    return type(f"{status.title().replace('_', '')}{base.__name__}", (base,), attrs)


DraftAgreementFactory = AgreementFactory
AwaitingFgcAgreementFactory = state_factory(S140Factory, S.AWAITING_FGC)
AwaitingSupervisorAgreementFactory = state_factory(AgreementFactory, S.AWAITING_SUPERVISOR)
AwaitingSignaturesAgreementFactory = state_factory(AgreementFactory, S.AWAITING_SIGNATURES)
ActiveAgreementFactory = state_factory(AgreementFactory, S.ACTIVE)
ActiveS140AgreementFactory = state_factory(S140Factory, S.ACTIVE)
ActiveParagraphDAgreementFactory = state_factory(ParagraphDFactory, S.ACTIVE)
NoticeGivenAgreementFactory = state_factory(AgreementFactory, S.NOTICE_GIVEN)
ExpiredAgreementFactory = state_factory(AgreementFactory, S.EXPIRED)
TerminatedAgreementFactory = state_factory(AgreementFactory, S.TERMINATED)
CancelledAgreementFactory = state_factory(AgreementFactory, S.CANCELLED)
AwaitingStartAgreementFactory = state_factory(AgreementFactory, S.AWAITING_START)
LapsedAgreementFactory = state_factory(AgreementFactory, S.LAPSED)

FACTORY_FOR_STATE = {
    S.DRAFT: DraftAgreementFactory,
    S.AWAITING_FGC: AwaitingFgcAgreementFactory,
    S.AWAITING_SUPERVISOR: AwaitingSupervisorAgreementFactory,
    S.AWAITING_SIGNATURES: AwaitingSignaturesAgreementFactory,
    S.ACTIVE: ActiveAgreementFactory,
    S.NOTICE_GIVEN: NoticeGivenAgreementFactory,
    S.EXPIRED: ExpiredAgreementFactory,
    S.TERMINATED: TerminatedAgreementFactory,
    S.CANCELLED: CancelledAgreementFactory,
    S.AWAITING_START: AwaitingStartAgreementFactory,
    S.LAPSED: LapsedAgreementFactory,
}


def agreement_in(status: str, *, s140: bool = False, **kwargs) -> Agreement:
    """An agreement in `status` (s139, or s140(1)(a) with a 13-year-old when `s140`)."""
    base = S140Factory if s140 else AgreementFactory
    return state_factory(base, status)(**kwargs)
