"""Portal forms of the Quality Assurance cycle: thin; every rule is checked again by the services."""

from __future__ import annotations

from typing import Any

from django import forms

from careportal.lib import limits
from careportal.lib.actor import Actor
from careportal.lib.uploads import upload_form_field
from careportal.widgets import LookupChoiceField, LookupFormMixin
from partners.models import Organisation

from .choices import ActivityKind, Rating
from .lookups import cycle_candidates
from .models import NARRATIVE_HELP, Finding, NationalCareStandard, QAReview
from .services.reviews import finding_response_field

OWNER_ORGANISATION = "organisation"
OWNER_ORANGA_TAMARIKI = "oranga_tamariki"


class DateInput(forms.DateInput):
    input_type = "date"


def _text(
    label: str,
    *,
    help_text: str = "",
    required: bool = True,
    rows: int = 4,
    max_length: int = limits.LONG_TEXT,
) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=required,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class RespondForm(forms.Form):
    """The partner's response: an answer beside each finding (optional each) and an overall response."""

    takes_record = True  # careportal.portal gives it the review, whose findings it answers

    response = _text(
        "Your overall response to the draft report",
        help_text="Say what you will do, and anything the answers to the findings leave out. "
        "Refer to tamariki by case reference only.",
        rows=6,
    )

    def __init__(self, *args: Any, review: QAReview, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        overall = self.fields.pop("response")
        for finding in Finding.objects.filter(review=review).select_related("standard"):
            self.fields[finding_response_field(finding.pk)] = _text(
                f"Your response to part {finding.standard.part}: {finding.standard.title}",
                help_text="Whether you accept the finding, or dispute it and why. Case references only.",
                required=False,
                rows=3,
            )
        self.fields["response"] = overall  # after the findings, as the page shows it

    def answer_field(self, finding: Finding) -> forms.BoundField | None:
        name = finding_response_field(finding.pk)
        return self[name] if name in self.fields else None

    def clean(self) -> dict:
        # The service's inputs: the overall response and the findings' answers by finding id.
        data = super().clean() or {}
        prefix = finding_response_field("")
        answers = {name.removeprefix(prefix): text for name, text in data.items() if name.startswith(prefix)}
        return {"response": data.get("response", ""), "finding_responses": answers}


class ReasonForm(forms.Form):
    reason = _text("What more is needed", rows=3, max_length=limits.REASON)


class ReviewEditForm(forms.Form):
    planned_for = forms.DateField(widget=DateInput, required=False)
    period_start = forms.DateField(label="Period reviewed: from", widget=DateInput, required=False)
    period_end = forms.DateField(label="Period reviewed: to", widget=DateInput, required=False)
    summary = _text("Summary for the report", help_text=NARRATIVE_HELP, required=False, rows=5)

    def __init__(self, *args: Any, review: QAReview, **kwargs: Any) -> None:
        # Its own ids: the activity form on the same page also has a `summary` field (one label each).
        kwargs.setdefault("auto_id", "edit_%s")
        super().__init__(*args, **kwargs)
        if review.status != "planned":
            del self.fields["planned_for"]  # the planned date moves only while the review is planned

    def changes(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name != "planned_for" or value}


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(label="Activity", choices=ActivityKind.choices)
    held_on = forms.DateField(label="Held on", widget=DateInput)
    summary = _text("Summary", help_text=NARRATIVE_HELP)


class FindingForm(forms.Form):
    standard = forms.ModelChoiceField(
        label="National Care Standards part", queryset=NationalCareStandard.objects.filter(active=True)
    )
    rating = forms.ChoiceField(choices=Rating.choices)
    narrative = _text("Narrative", help_text=NARRATIVE_HELP, rows=6)

    def __init__(self, *args: Any, review: QAReview, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["standard"]
        field.queryset = NationalCareStandard.objects.filter(active=True).exclude(findings__review=review)


class FindingEditForm(forms.Form):
    """Change one finding's rating and narrative (the part stays); prefixed by the finding, so each finding
    on the review page has its own form and labels."""

    rating = forms.ChoiceField(choices=Rating.choices)
    narrative = _text("Narrative", help_text=NARRATIVE_HELP, rows=6)

    def __init__(self, *args: Any, finding: Finding, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", f"finding-{finding.pk}")
        kwargs.setdefault("initial", {"rating": finding.rating, "narrative": finding.narrative})
        super().__init__(*args, **kwargs)


class ActionForm(forms.Form):
    title = forms.CharField(max_length=limits.NAME)
    description = _text("Description", required=False, rows=3)
    due_on = forms.DateField(label="Due on", widget=DateInput)
    finding = forms.ModelChoiceField(
        label="From the finding", queryset=Finding.objects.none(), required=False
    )
    owner = forms.ChoiceField(
        label="Owner",
        choices=[
            (OWNER_ORGANISATION, "The reviewed organisation"),
            (OWNER_ORANGA_TAMARIKI, "Oranga Tamariki"),
        ],
        initial=OWNER_ORGANISATION,
    )

    def __init__(self, *args: Any, review: QAReview, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["finding"]
        field.queryset = Finding.objects.filter(review=review).select_related("standard")
        field.label_from_instance = lambda f: (
            f"Part {f.standard.part}: {f.standard.title} ({f.get_rating_display()})"
        )

    def service_arguments(self) -> dict:
        data = dict(self.cleaned_data)
        if data.pop("owner") == OWNER_ORANGA_TAMARIKI:
            data["owner_organisation"] = None
        return data


class EvidenceForm(forms.Form):
    evidence_note = _text("What was done", help_text="Describe the evidence that the action is complete.")
    evidence_file = upload_form_field(label="Evidence file (optional)", required=False)


class ScheduleReviewForm(forms.Form):
    planned_for = forms.DateField(widget=DateInput)
    period_start = forms.DateField(label="Period reviewed: from", widget=DateInput, required=False)
    period_end = forms.DateField(label="Period reviewed: to", widget=DateInput, required=False)


class StartCycleForm(LookupFormMixin, forms.Form):
    organisation = LookupChoiceField(
        queryset=Organisation.objects.none(),
        kind="cycle-organisations",
        hint="An approved organisation with no open cycle: type part of its name, then choose.",
    )
    started_on = forms.DateField(widget=DateInput)
    joint_review_requested = forms.BooleanField(
        label="The partner asked for a joint review with Te Kāhui Kāhu (R-396-6)", required=False
    )

    def __init__(self, *args: Any, user: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["organisation"]
        field.queryset = cycle_candidates(user)  # R-PRIV-1: none for anyone but a Hub reviewer
