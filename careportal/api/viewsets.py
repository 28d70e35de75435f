"""The viewset base every record resource shares."""

from __future__ import annotations

from rest_framework import mixins, viewsets


class RecordViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """A record the API lists, reads, creates and changes; none is deleted through it."""
