from rest_framework.pagination import PageNumberPagination

from careportal.pagination import LargeCountPaginator


class PagePagination(PageNumberPagination):
    """`?page=` and `?page_size=` (at most 200), as api.md fixes; a very long list's count is cached
    briefly (careportal.pagination)."""

    django_paginator_class = LargeCountPaginator
    page_size_query_param = "page_size"
    max_page_size = 200
