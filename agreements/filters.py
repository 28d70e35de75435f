"""List filters: the API's (query parameters, api.md) and the portal list page's (the filter form)."""

from __future__ import annotations

import django_filters

from agreements.choices import AgreementStatus, AgreementType, S140Paragraph
from agreements.models import Agreement, Child
from agreements.selectors import ending_within
from careportal.lib.dates import nz_today
from careportal.scoped_choices import ScopedFilterSet, choices_for
from careportal.search_filter import NameOrReferenceFilter
from careportal.widgets import LongModelChoiceFilter, LookupChoiceFilter, LookupFilterForm
from partners.choices import OrganisationKind
from partners.models import Organisation


class AgreementFilter(ScopedFilterSet):
    """status, type, site, caregiver organisation, child, "ends within N days", case reference."""

    status = django_filters.ChoiceFilter(choices=AgreementStatus.choices)
    agreement_type = django_filters.ChoiceFilter(choices=AgreementType.choices, label="Type")
    s140_paragraph = django_filters.ChoiceFilter(choices=S140Paragraph.choices, label="s140 paragraph")
    site = django_filters.CharFilter(lookup_expr="iexact")
    caregiver_organisation = LongModelChoiceFilter(
        # R-PRIV-1: only the organisations the user may see (a care partner: its own name, no other).
        queryset=choices_for(Organisation, {"kind": OrganisationKind.CARE_PARTNER}),
        label="Caregiver organisation",
        label_field="legal_name",
    )
    child = NameOrReferenceFilter(
        id_field="child_id",
        names=("child__name",),
        references=("child__case_reference",),
        label="Te tamaiti",
        help_text="A name (macrons and capitals optional) or the start of a case reference.",
    )
    ends_within = django_filters.NumberFilter(
        method="filter_ends_within",
        label="Ends within (days)",
        min_value=0,
        max_value=3660,
        help_text="In force and the last day falls within this many days from today.",
    )
    case_reference = django_filters.CharFilter(
        field_name="child__case_reference", lookup_expr="icontains", label="Case reference"
    )

    class Meta:
        model = Agreement
        fields = ["status", "agreement_type", "s140_paragraph", "site", "caregiver_organisation", "child"]

    def filter_ends_within(self, queryset, name, value):
        if value is None:
            return queryset
        return ending_within(queryset, int(value), nz_today())


class AgreementListFilter(AgreementFilter):
    """The portal list's filters: te tamaiti and the caregiver are chosen with a look-up, so the URL (its
    pagination and CSV links, the browser's history, the access log) carries only the chosen record's
    opaque id, never a name (R-PRIV-2, decision 0019). The API keeps `?child=` as a name, reference or id
    (api.md)."""

    caregiver_organisation = LookupChoiceFilter(
        queryset=choices_for(Organisation, {"kind": OrganisationKind.CARE_PARTNER}),  # R-PRIV-1
        kind="care-partners",
        label="Caregiver organisation",
        hint="Any when empty; or type part of a care partner's name, then choose from the matches.",
    )
    child = LookupChoiceFilter(
        queryset=choices_for(Child),  # R-PRIV-1, R-PRIV-4: the tamariki this user may see
        kind="children",
        label="Te tamaiti",
        hint="Any when empty; or type part of the name (macrons and capitals optional) or the start of the "
        "case reference, then choose from the matches.",
    )

    class Meta(AgreementFilter.Meta):
        form = LookupFilterForm
