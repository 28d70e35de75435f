"""List filters shared by the API (query parameters) and the portal list page (the filter form)."""

from __future__ import annotations

import django_filters

from agreements.choices import AgreementStatus, AgreementType, S140Paragraph
from agreements.models import Agreement
from agreements.selectors import ending_within
from careportal.lib.dates import nz_today
from careportal.scoped_choices import ScopedFilterSet, choices_for
from careportal.search_filter import NameOrReferenceFilter
from careportal.widgets import LongModelChoiceFilter
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
