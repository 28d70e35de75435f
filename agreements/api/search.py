"""`?search=` for agreements: the agreement's reference or the child's case reference (api.md)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework.filters import SearchFilter

from agreements.models import Agreement


class AgreementSearchFilter(SearchFilter):
    """Same matches as SearchFilter over `search_fields` (icontains, every term must match), written as
    the UNION of two subqueries: each uses its trigram index, where an OR across the child join could use
    neither and read every agreement (decision 0010: 100,000 rows)."""

    def filter_queryset(self, request: Any, queryset: QuerySet, view: Any) -> QuerySet:
        for term in self.get_search_terms(request):
            by_reference = Agreement.objects.filter(reference__icontains=term)
            by_child = Agreement.objects.filter(child__case_reference__icontains=term)
            matches = by_reference.order_by().values("pk").union(by_child.order_by().values("pk"))
            queryset = queryset.filter(pk__in=matches)
        return queryset
