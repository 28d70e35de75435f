"""Portal forms: the draft agreement (with its parties), tamariki, and one small form per transition."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms

from agreements.choices import (
    S146_PROVISIONS,
    AgreementStatus,
    AgreementType,
    CopyMethod,
    DocumentKind,
    EndPlan,
    ExtensionStatus,
    NoticeForm,
    PartyRole,
    S140Paragraph,
    SignatureMethod,
    TerminationKind,
    TerminationNotice,
)
from agreements.models import Agreement, Child
from careportal.exceptions import RuleViolation
from careportal.lib import limits
from careportal.lib.drawn_signature import MAX_CHARS as DRAWING_MAX_CHARS
from careportal.widgets import LookupChoiceField, LookupFormMixin, SignaturePadWidget
from partners.choices import OrganisationKind
from partners.models import Organisation


def _plan_text() -> forms.CharField:
    """A section of the care plan: optional, up to limits.TEXT characters."""
    return forms.CharField(required=False, max_length=limits.TEXT, widget=forms.Textarea(attrs={"rows": 3}))


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def add_violations(form: forms.Form, violations: Iterable[RuleViolation]) -> None:
    """Show each rule violation beside its field (or at the top): the same messages the API gives."""
    for violation in violations:
        field = violation.field if violation.field in form.fields else None
        form.add_error(field, violation.full_message)


class ChildForm(forms.Form):
    """Te tamaiti's details; the service checks the date of birth and the unique case reference."""

    name = forms.CharField(max_length=limits.NAME)
    date_of_birth = forms.DateField(widget=DateInput())
    iwi = forms.CharField(max_length=limits.NAME, required=False)
    case_reference = forms.CharField(max_length=40)


class AgreementForm(LookupFormMixin, forms.Form):
    """The terms of a draft. The rules are checked by the view with the parties (agreements.validation).
    Te tamaiti and the caregiver are chosen by typing (careportal.widgets.LookupChoiceField): the page
    holds only the chosen ones, whatever the number of tamariki and organisations."""

    child = LookupChoiceField(
        queryset=Child.objects.none(),
        kind="children",
        label="Te tamaiti",
        hint="Type part of the name (macrons are not needed) or the start of the case reference, then "
        "choose from the matches.",
    )
    agreement_type = forms.ChoiceField(choices=AgreementType.choices, widget=forms.RadioSelect, label="Type")
    s140_paragraph = forms.ChoiceField(
        choices=[("", "— not s140 —"), *S140Paragraph.choices], required=False, label="Paragraph of s140(1)"
    )
    start_date = forms.DateField(widget=DateInput())
    end_date = forms.DateField(widget=DateInput(), label="End date (the last day of care)")
    end_plan = forms.ChoiceField(
        choices=EndPlan.choices, initial=EndPlan.RETURN_HOME, label="Plan at the end"
    )
    caregiver_organisation = LookupChoiceField(
        queryset=Organisation.objects.filter(kind=OrganisationKind.CARE_PARTNER),
        kind="care-partners",
        required=False,
        label="Who provides care",
        hint="Leave empty for the chief executive (Oranga Tamariki); for a care partner, type part of its "
        "name, then choose from the matches.",
    )
    contact_person = forms.CharField(
        required=False,
        max_length=limits.TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="s140(1)(a)–(c): the parent, guardian or whānau member who will keep in contact (R-140-5).",
    )
    educational_needs = _plan_text()
    social_needs = _plan_text()
    cultural_needs = _plan_text()
    religious_needs = _plan_text()
    services_programme = _plan_text()
    parent_rights_obligations = _plan_text()
    access_arrangements = _plan_text()
    termination_notice = forms.ChoiceField(
        choices=TerminationNotice.choices,
        initial=TerminationNotice.STATUTORY,
        required=False,  # not chosen: the statutory default (clean_termination_notice)
        widget=forms.RadioSelect,
        label="How it can be terminated",
        help_text="The statutory default: s139, notice ends it at once; s140, 7 days' written notice (R-TERM-1).",
    )
    termination_notice_days = forms.IntegerField(
        required=False, min_value=1, label="Days of written notice (written notice only)"
    )
    termination_terms = forms.CharField(
        required=False,
        max_length=limits.TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Notes on ending the agreement",
        help_text="Shown on the agreement; the choice above, not these notes, decides when notice takes effect.",
    )
    serious_concerns_ruled_out = forms.BooleanField(
        required=False, label="s139: I confirm there are no serious care or protection concerns (R-139-3)"
    )

    def clean_termination_notice(self) -> str:
        return self.cleaned_data.get("termination_notice") or TerminationNotice.STATUTORY

    def __init__(self, *args: Any, children=None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["child"].queryset = children if children is not None else Child.objects.none()  # type: ignore[attr-defined]
        for field, label in S146_PROVISIONS.items():
            self.fields[field].label = label

    @classmethod
    def initial_for(cls, agreement: Agreement) -> dict[str, Any]:
        names = [name for name in cls.base_fields if name != "child"]
        return {"child": agreement.child_id, **{name: getattr(agreement, name) for name in names}}


class PartyForm(forms.Form):
    name = forms.CharField(max_length=limits.NAME)
    # Initial values match what an untouched extra row submits, so an empty row is ignored.
    role = forms.ChoiceField(
        choices=[c for c in PartyRole.choices if c[0] != PartyRole.CHILD], initial=PartyRole.PARENT
    )
    has_custody_right = forms.BooleanField(required=False, label="Has a legal right to custody")
    signatory = forms.BooleanField(
        required=False,
        initial=True,
        label="Party to the agreement (signs)",
        help_text="Untick for a parent or guardian with custody rights who is not a party (e.g. could not be found).",
    )


class BasePartyFormSet(forms.BaseFormSet):
    default_error_messages = {
        **forms.BaseFormSet.default_error_messages,
        "too_many_forms": f"An agreement names at most {limits.MAX_PARTIES} parties: remove some.",
    }


# At most MAX_PARTIES rows are accepted (validate_max) and no more than twice that are ever built; the
# service checks the same limit (agreements.validation.party_count_violation).
PartyFormSet = forms.formset_factory(
    PartyForm,
    formset=BasePartyFormSet,
    extra=2,
    can_delete=True,
    max_num=limits.MAX_PARTIES,
    validate_max=True,
    absolute_max=2 * limits.MAX_PARTIES,
)


def parties_from(formset: Any) -> list[dict[str, Any]]:
    """The filled-in, not deleted rows (untouched extra rows have no cleaned data)."""
    return [
        {k: v for k, v in f.cleaned_data.items() if k != "DELETE"}
        for f in formset.forms
        if f.cleaned_data.get("name") and not f.cleaned_data.get("DELETE")
    ]


# --- Transition forms (field names are the service's keyword arguments) ---------------------------


class ConfirmForm(forms.Form):
    takes_record = True  # the portal's transition view passes the agreement (careportal.portal)

    def __init__(self, *args: Any, agreement: Agreement | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


class ReasonForm(ConfirmForm):
    reason = forms.CharField(max_length=limits.REASON, widget=forms.Textarea(attrs={"rows": 3}))


class ApproveForm(ConfirmForm):
    """Approval; the acknowledgement is asked for only when there is a warning to acknowledge (R-ALL-9)."""

    acknowledged_warnings = forms.BooleanField(
        required=False,
        label="I have read the warning about an earlier s139 agreement and approve this one (R-ALL-9)",
    )

    def __init__(self, *args: Any, agreement: Agreement | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from agreements.overlaps import recent_s139  # a query: only for the form actually shown

        if agreement is None or recent_s139(agreement) is None:
            del self.fields["acknowledged_warnings"]


class RedraftForm(forms.Form):
    """R-DATE-5: new dates for a new draft copied from a lapsed agreement."""

    start_date = forms.DateField(widget=DateInput(), label="New start date")
    end_date = forms.DateField(widget=DateInput(), label="New end date (the last day of care)")


class FgcApprovalForm(ConfirmForm):
    held_on = forms.DateField(widget=DateInput(), label="Date of the family group conference")
    coordinator_certified = forms.BooleanField(
        required=False,
        label="I certify, as care and protection coordinator, that the FGC approved this (R-140-1)",
    )


def _party_choices(agreement: Agreement | None, *, signed: bool | None) -> list[tuple[str, str]]:
    if agreement is None:
        return []
    choices = []
    for party in agreement.parties.all():
        if signed is None or (party.signatory and (party.signed_on is not None) == signed):
            label = (
                "Te tamaiti"
                if party.role == PartyRole.CHILD
                else f"{party.name} ({party.get_role_display()})"
            )
            choices.append((str(party.pk), label))
    return choices


def version_to_sign(agreement: Agreement | None) -> Any:
    """The version a signature now goes on: the agreement's, or while in force an extension's (R-EXT-1)."""
    if agreement is None:
        return None
    if agreement.status == AgreementStatus.ACTIVE:
        extension = agreement.extension_in(ExtensionStatus.AWAITING_SIGNATURES)
        return extension.document if extension is not None else None
    return agreement.signing_version


class SignatureForm(ConfirmForm):
    """R-ALL-6: one party signs the version shown, drawn on screen, by typed name with consent (the
    accessible way), or on paper with the scan uploaded; the worker attests."""

    template_name = "agreements/forms/signature.html"
    WAYS = [
        ("drawn", "Draw the signature on this screen"),
        ("typed", "Type their full name (for anyone who cannot or prefers not to draw)"),
        ("paper", "Signed on paper: upload the scan or photo"),
    ]

    document = forms.UUIDField(widget=forms.HiddenInput, required=False)
    party = forms.ChoiceField(label="Who signs")
    signed_on = forms.DateField(widget=DateInput(), label="Signed on")
    way = forms.ChoiceField(choices=WAYS, widget=forms.RadioSelect, label="How they sign", initial="drawn")
    drawing = forms.CharField(
        required=False, max_length=DRAWING_MAX_CHARS, widget=SignaturePadWidget, label="Signature"
    )
    typed_name = forms.CharField(required=False, max_length=limits.NAME, label="Their full name")
    consent = forms.BooleanField(
        required=False, label="They agree to sign this agreement by typing their full name"
    )
    scan = forms.FileField(
        required=False,
        label="The signed paper (PDF, JPEG or PNG)",
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )
    attested = forms.BooleanField(
        label="I attest that this party signed this version of the agreement, as recorded here"
    )

    def __init__(self, *args: Any, agreement: Agreement | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.version = version_to_sign(agreement)
        if self.version is not None:
            self.fields["document"].initial = self.version.pk
        self.fields["party"].choices = _unsigned_choices(agreement, self.version)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        way = data.pop("way", "drawn")
        data.pop("attested", None)
        if way == "drawn" and not data.get("drawing"):
            self.add_error("drawing", "Draw the signature in the box, or choose another way to sign.")
        if way == "typed" and not (data.get("typed_name") or "").strip():
            self.add_error("typed_name", "Type the party's full name, or choose another way to sign.")
        if way == "paper" and not data.get("scan"):
            self.add_error("scan", "Upload the scan of the signed paper (a PDF, JPEG or PNG).")
        data["method"] = SignatureMethod.PAPER if way == "paper" else SignatureMethod.IN_PERSON
        # Only the chosen way's mark is kept: a half-drawn signature is not sent with a scan.
        if way != "drawn":
            data["drawing"] = ""
        if way != "typed":
            data["typed_name"], data["consent"] = "", False
        if way != "paper":
            data["scan"] = None
        return data


def _unsigned_choices(agreement: Agreement | None, version: Any) -> list[tuple[str, str]]:
    if agreement is None or version is None:
        return []
    return [
        (str(party.pk), _party_label(party))
        for party in agreement.parties.all()
        if party.signatory and party.signature_on(version.pk) is None
    ]


def _party_label(party: Any) -> str:
    return "Te tamaiti" if party.role == PartyRole.CHILD else f"{party.name} ({party.get_role_display()})"


class CopyGivenForm(ConfirmForm):
    """R-ALL-6: a party received the executed copy."""

    party = forms.ChoiceField(label="Who received the copy")
    given_on = forms.DateField(widget=DateInput(), label="Given on")
    method = forms.ChoiceField(choices=CopyMethod.choices, label="How", widget=forms.RadioSelect)

    def __init__(self, *args: Any, agreement: Agreement | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["party"].choices = [  # type: ignore[attr-defined]
            (str(p.pk), _party_label(p)) for p in parties_owed_a_copy(agreement)
        ]


def parties_owed_a_copy(agreement: Agreement | None) -> list[Any]:
    """R-ALL-6: the parties not yet given the newest executed copy (agreements.versions.executed_copy); a
    copy of an earlier one (before an extension) does not count. Reads the prefetched documents and copies."""
    if agreement is None:
        return []
    executed = [d for d in agreement.documents.all() if d.kind == DocumentKind.EXECUTED]
    if not executed:
        return []
    newest = max(executed, key=lambda d: d.version).pk
    return [
        p
        for p in agreement.parties.all()
        if p.signatory and all(c.document_id != newest for c in p.copies.all())
    ]


class ExtendForm(ConfirmForm):
    end_date = forms.DateField(widget=DateInput(), label="New last day")
    fgc_held_on = forms.DateField(
        widget=DateInput(), required=False, label="Date of the family group conference that approved it"
    )

    def __init__(self, *args: Any, agreement: Agreement | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if agreement is not None and not agreement.is_s140:
            del self.fields["fgc_held_on"]  # R-139-3: an s139 extension needs no FGC
        else:
            self.fields["fgc_held_on"].required = True  # R-140-1 / R-140-3: each (d) extension an FGC's


class GiveNoticeForm(ConfirmForm):
    party = forms.ChoiceField(label="Who gave notice")
    given_on = forms.DateField(widget=DateInput(), label="Given on")
    form = forms.ChoiceField(choices=NoticeForm.choices, label="Verbal or written")

    def __init__(self, *args: Any, agreement: Agreement | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [c for c in _party_choices(agreement, signed=True) if c[1] != "Te tamaiti"]
        self.fields["party"].choices = choices  # type: ignore[attr-defined]


class WithdrawNoticeForm(ConfirmForm):
    """Who withdraws the notice: only the party who gave it may (the service refuses anyone else)."""

    party = forms.ChoiceField(label="Who withdraws the notice")

    def __init__(self, *args: Any, agreement: Agreement | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["party"].choices = _party_choices(agreement, signed=None)  # type: ignore[attr-defined]
        termination = agreement.current_termination if agreement is not None else None
        if termination is not None and termination.party_id:
            self.fields["party"].initial = str(termination.party_id)
            self.fields["party"].help_text = "Notice can be withdrawn only by the party who gave it."


class ConsentWithdrawalForm(ConfirmForm):
    given_on = forms.DateField(widget=DateInput(), label="Te tamaiti withdrew consent on")


class TerminateForm(ConfirmForm):
    kind = forms.ChoiceField(
        choices=[
            (TerminationKind.FGC_DECISION.value, TerminationKind.FGC_DECISION.label),
            (TerminationKind.GUARDIAN_RECLAIM.value, TerminationKind.GUARDIAN_RECLAIM.label),
        ],
        widget=forms.RadioSelect,
        label="How it ends",
    )
    effective_on = forms.DateField(
        widget=DateInput(),
        required=False,
        label="Ends from",
        help_text="FGC decision: the date the FGC set. Guardian reclaim: the day they asked (ends at once).",
    )
    party = forms.ChoiceField(required=False, label="Parent or guardian (guardian reclaim)")
    reason = forms.CharField(max_length=limits.REASON, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, agreement: Agreement | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "—"), *_party_choices(agreement, signed=None)]
        self.fields["party"].choices = choices  # type: ignore[attr-defined]

    def clean_party(self) -> str | None:
        return self.cleaned_data.get("party") or None
