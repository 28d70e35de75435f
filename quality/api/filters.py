"""Query-parameter filters of the quality API (named after the fields, as api.md asks)."""

import django_filters

from careportal.scoped_choices import ScopedFilterSet

from ..models import ImprovementAction, QACycle, QAReview


class QACycleFilter(ScopedFilterSet):
    class Meta:
        model = QACycle
        fields = ["organisation", "status", "joint_review_requested"]


class QAReviewFilter(ScopedFilterSet):
    organisation = django_filters.UUIDFilter(field_name="cycle__organisation")
    planned_for_after = django_filters.DateFilter(field_name="planned_for", lookup_expr="gte")
    planned_for_before = django_filters.DateFilter(field_name="planned_for", lookup_expr="lte")

    class Meta:
        model = QAReview
        fields = ["status", "cycle", "organisation"]


class ImprovementActionFilter(ScopedFilterSet):
    organisation = django_filters.UUIDFilter(field_name="review__cycle__organisation")
    overdue = django_filters.BooleanFilter(field_name="overdue")
    due_on_after = django_filters.DateFilter(field_name="due_on", lookup_expr="gte")
    due_on_before = django_filters.DateFilter(field_name="due_on", lookup_expr="lte")

    class Meta:
        model = ImprovementAction
        fields = ["status", "review", "owner_organisation", "organisation", "overdue"]
