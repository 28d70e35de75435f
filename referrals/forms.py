"""Portal forms for referrals. Rules live in the services; forms only shape the input."""

from __future__ import annotations

from typing import Any

from django import forms

from careportal.lib import limits
from careportal.lib.actor import Actor
from careportal.widgets import LookupChoiceField, LookupFormMixin, LookupWidget

from .choices import REFERRAL_FIELDS, ContactChannel, ReferralStatus
from .models import Referral
from .selectors import providers, referral_providers_for, sites

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ReferralForm(forms.ModelForm):
    """The referral as a guided checklist of the eight R-PR-3 fields; a draft may leave any blank."""

    class Meta:
        model = Referral
        fields = [
            "site",
            *(name for name, _, _ in REFERRAL_FIELDS),
            "no_current_involvement",
            "below_statutory_threshold",
        ]
        labels = {name: label for name, label, _ in REFERRAL_FIELDS}
        help_texts = {
            **{name: hint for name, _, hint in REFERRAL_FIELDS},
            "site": "The Oranga Tamariki site whose pathways meeting this referral would go to.",
            "no_current_involvement": "Oranga Tamariki is not currently involved with this whānau (R-PR-1).",
            "below_statutory_threshold": "The concerns are below the statutory threshold: no risk of serious harm (R-PR-1).",
        }
        widgets = {
            name: forms.Textarea(attrs={"rows": 4})
            for name, _, _ in REFERRAL_FIELDS
            if name != "service_type"
        }

    def __init__(self, *args: Any, user: Actor | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if user is not None and self.instance._state.adding and not self.initial.get("site"):
            self.initial["site"] = user.site
        self.fields["no_current_involvement"].label = "No current Oranga Tamariki involvement"
        self.fields["below_statutory_threshold"].label = "Concerns are below the statutory threshold"

    def checklist(self) -> list[tuple[forms.BoundField, bool]]:
        """Each of the eight fields with whether it is filled in (from what was typed, or what is saved)."""
        items = []
        for name, _, _ in REFERRAL_FIELDS:
            bound = self[name]
            value = bound.value()
            items.append((bound, bool(str(value or "").strip())))
        return items

    def complete_count(self) -> int:
        return sum(done for _, done in self.checklist())


class ConsentForm(forms.Form):
    consented = forms.TypedChoiceField(
        label="Did the whānau consent to the referral?",
        choices=[("yes", "Yes, they consented"), ("no", "No, they declined")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    given_on = forms.DateField(label="Date consent was given or declined", widget=DATE)
    given_by = forms.CharField(
        label="Given or declined by", max_length=limits.NAME, help_text="Name and relationship to te tamaiti."
    )


class ReferForm(LookupFormMixin, forms.Form):
    takes_record = True  # the portal's transition view passes the referral (careportal.portal)
    provider = LookupChoiceField(
        label="Community service provider",
        queryset=providers(),
        kind="providers",
        hint="Type part of the provider's name, then choose from the matches.",
    )

    def __init__(self, *args: Any, referral: Referral | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if referral is not None:
            self.fields["provider"].queryset = referral_providers_for(referral)  # type: ignore[attr-defined]


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label="Why are you declining this referral?",
        max_length=limits.REASON,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class EscalateForm(forms.Form):
    reason = forms.CharField(
        label="Why is this being escalated?",
        max_length=limits.REASON,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    pathways_meeting_on = forms.DateField(label="Site pathways meeting date", widget=DATE)


class CloseForm(forms.Form):
    outcome = forms.CharField(
        label="Outcome", max_length=limits.REASON, widget=forms.Textarea(attrs={"rows": 3})
    )


class WithdrawConsentForm(forms.Form):
    withdrawn_on = forms.DateField(label="Date the whānau withdrew consent", widget=DATE)
    reason = forms.CharField(
        label="What the whānau said, or why consent was withdrawn",
        max_length=limits.REASON,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ContactForm(forms.Form):
    contacted_on = forms.DateField(label="Date of contact", widget=DATE)
    channel = forms.ChoiceField(label="How", choices=ContactChannel.choices)
    note = forms.CharField(label="Note", max_length=limits.REASON, widget=forms.Textarea(attrs={"rows": 3}))


class ReferralFilterForm(LookupFormMixin, forms.Form):
    status = forms.ChoiceField(label="Status", required=False, choices=[("", "Any"), *ReferralStatus.choices])
    provider = LookupChoiceField(
        label="Provider",
        required=False,
        queryset=providers(),
        kind="providers",
        hint="Any provider when empty; or type part of a provider's name, then choose.",
        widget=LookupWidget(formmethod="post"),  # a GET form: Find POSTs what is typed (R-PRIV-2)
    )
    site = forms.ChoiceField(label="Site", required=False)
    contact_overdue = forms.BooleanField(label="Contact overdue only", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["site"].choices = [("", "Any"), *((site, site) for site in sites())]  # type: ignore[attr-defined]


class AgendaForm(forms.Form):
    site = forms.ChoiceField(label="Site")
    day = forms.DateField(label="Meeting date", widget=DATE)

    def __init__(self, *args: Any, extra_site: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        known = set(sites()) | ({extra_site} if extra_site else set())
        self.fields["site"].choices = [(site, site) for site in sorted(known)]  # type: ignore[attr-defined]
