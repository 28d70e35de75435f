"""Pieces every workflow resource's API shares: `allowed_transitions`, `/history/`, transition actions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from careportal.audit.models import AuditEntry
from careportal.lib import limits
from careportal.workflow import allowed_transitions


class HistoryEntrySerializer(serializers.ModelSerializer):
    transition = serializers.CharField(source="action")
    actor = serializers.SerializerMethodField()

    class Meta:
        model = AuditEntry
        fields = ["transition", "from_status", "to_status", "actor", "at", "reason"]

    def get_actor(self, entry: AuditEntry) -> str | None:
        return entry.actor.username if entry.actor is not None else None


class WorkflowSerializerMixin(serializers.Serializer):
    """Adds `allowed_transitions` for the requesting user."""

    allowed_transitions = serializers.SerializerMethodField()

    def get_allowed_transitions(self, obj: Any) -> list[str]:
        request = self.context.get("request")
        return allowed_transitions(obj, getattr(request, "user", None))


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=limits.REASON, allow_blank=False)


class EmptySerializer(serializers.Serializer):
    pass


class WorkflowViewSetMixin:
    """`GET …/<id>/history/` and a helper that runs one transition service and answers the resource."""

    @extend_schema(responses=HistoryEntrySerializer(many=True))
    @action(detail=True, methods=["get"])
    def history(self, request: Request, pk: str | None = None) -> Response:
        obj = self.get_object()  # type: ignore[attr-defined]
        entries = AuditEntry.objects.for_object(obj).history()
        return Response(HistoryEntrySerializer(entries, many=True).data)

    def run_transition(
        self,
        request: Request,
        service: Callable[..., Any],
        input_serializer: type[serializers.Serializer] | None = None,
        **extra: Any,
    ) -> Response:
        """Validate the body, call `service(<model>=obj, by=user, **body)`, answer the updated resource."""
        obj = self.get_object()  # type: ignore[attr-defined]
        data: dict = {}
        if input_serializer is not None:
            body = input_serializer(data=request.data, context={"request": request, "object": obj})
            body.is_valid(raise_exception=True)
            data = dict(body.validated_data)
        model_name = obj._meta.model_name
        updated = service(**{model_name: obj}, by=request.user, **data, **extra)
        serializer = self.get_serializer(self.get_queryset().get(pk=updated.pk))  # type: ignore[attr-defined]
        return Response(serializer.data)
