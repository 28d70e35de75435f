"""Portal forms for the care partner pathway. They validate input; the services apply the rules."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.utils.text import format_lazy

from careportal.accounts.choices import Role
from careportal.lib import limits
from careportal.lib.uploads import HELP_TEXT, upload_form_field
from careportal.widgets import LookupChoiceField, LookupFormMixin
from partners.choices import AccreditationStatus, OrganisationKind
from partners.models import Organisation, Requirement

DATE_INPUT = forms.DateInput(attrs={"type": "date"})


class EmptyForm(forms.Form):
    """A transition that needs nothing but the button."""


class ReasonForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=limits.REASON)


class OptionalReasonForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=limits.REASON,
        required=False,
        label="Comment (optional)",
    )


class ConfirmPartnerForm(forms.Form):
    quality_of_practice_confirmed_on = forms.DateField(
        widget=DATE_INPUT,
        label="Quality of Practice confirmed on",
        help_text="The date Oranga Tamariki confirmed Quality of Practice (R-396-1).",
    )


class ResponseForm(forms.Form):
    response = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}), max_length=limits.TEXT, label="Your organisation's response"
    )


class GazetteForm(forms.Form):
    gazette_notice_reference = forms.CharField(max_length=limits.REFERENCE, label="Gazette notice reference")
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), max_length=limits.REASON, required=False
    )


class ReinstateForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), max_length=limits.REASON)
    gazette_notice_reference = forms.CharField(
        max_length=limits.REFERENCE, required=False, label="Gazette notice reference"
    )


class ApplicationStartForm(LookupFormMixin, forms.Form):
    organisation = LookupChoiceField(
        queryset=Organisation.objects.filter(kind=OrganisationKind.CARE_PARTNER).order_by("legal_name"),
        kind="care-partners",
        hint="Type part of the organisation's name or its NZBN, then choose from the matches.",
    )
    care_model_summary = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=limits.TEXT
    )


def _preparation_note(label: str) -> forms.CharField:
    """A part of the application's record that may stay blank until it leaves preparation (R-396-2)."""
    return forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=limits.TEXT,
        label=label,
        help_text="Needed before the organisation leaves preparation (R-396-2).",
    )


class ApplicationEditForm(forms.Form):
    care_model_summary = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=limits.TEXT
    )
    local_provision_notes = _preparation_note("What is already provided in the local area")
    stakeholders_consulted = _preparation_note("Key stakeholders consulted")


class EvidenceUploadForm(forms.Form):
    requirement = forms.ModelChoiceField(
        queryset=Requirement.objects.none(), empty_label="Choose a requirement"
    )
    file = upload_form_field(
        required=False, help_text=format_lazy("{} Each upload is kept as a new version.", HELP_TEXT)
    )
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=limits.REASON)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["requirement"].queryset = Requirement.objects.current().order_by("position", "code")  # type: ignore[attr-defined]


class AccreditationForm(forms.Form):
    level = forms.TypedChoiceField(choices=[(n, f"Level {n}") for n in range(1, 5)], coerce=int)
    status = forms.ChoiceField(choices=AccreditationStatus.choices)
    granted_on = forms.DateField(widget=DATE_INPUT)
    review_due_on = forms.DateField(
        widget=DATE_INPUT, required=False, help_text="Leave empty for 2 years after the grant (R-396-5)."
    )
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=limits.TEXT)


# --- Invitations (decision 0022) ------------------------------------------------------------------


class InvitationForm(forms.Form):
    """Who to invite, as which of the organisation's roles (the service checks both again)."""

    email = forms.EmailField(
        label="Their e-mail address", max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "off"})
    )
    role = forms.ChoiceField(label="Their role", widget=forms.RadioSelect)

    def __init__(self, *args, roles: tuple[str, ...] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        role = self.fields["role"]
        assert isinstance(role, forms.ChoiceField)
        role.choices = [(r, Role(r).label) for r in roles]
        if len(roles) == 1:
            self.fields["role"].initial = roles[0]


class InvitedAccountForm(forms.Form):
    """The invitee's name, username and password, checked by Django's password validators."""

    first_name = forms.CharField(
        label="Given name", max_length=150, widget=forms.TextInput(attrs={"autocomplete": "given-name"})
    )
    last_name = forms.CharField(
        label="Family name", max_length=150, widget=forms.TextInput(attrs={"autocomplete": "family-name"})
    )
    username = forms.CharField(
        label="Username",
        max_length=150,
        help_text="What you will sign in with: letters, digits and @ . + - _ only.",
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    password1 = forms.CharField(
        label="Password",
        max_length=128,
        strip=False,
        help_text="At least 12 characters, not a common password and not only digits.",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label="The same password again",
        max_length=128,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str = "", **kwargs) -> None:
        self.email = email
        super().__init__(*args, **kwargs)

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip()
        UnicodeUsernameValidator()(username)
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise forms.ValidationError("That username is taken: choose another.", code="taken")
        return username

    def clean(self):
        cleaned = super().clean() or {}
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", "The two passwords are not the same.")
        elif first:
            user = get_user_model()(
                username=cleaned.get("username", ""),
                email=self.email,
                first_name=cleaned.get("first_name", ""),
                last_name=cleaned.get("last_name", ""),
            )
            try:
                password_validation.validate_password(first, user)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return cleaned
