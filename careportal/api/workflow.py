"""Pieces every workflow resource's API shares: `allowed_transitions`, `/history/`, and one POST action per
row of the app's transition table (`transition_actions`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from careportal.api.viewsets import RecordViewSet
from careportal.audit.models import AuditEntry
from careportal.lib import limits
from careportal.workflow import Transition, Workflow, allowed_transitions


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
        *,
        record: str = "",
        **extra: Any,
    ) -> Response:
        """Validate the body, call `service(<record>=obj, by=user, **body)`, answer the updated resource.

        `record` is the service's keyword for the object (the model's name when not given)."""
        obj = self.get_object()  # type: ignore[attr-defined]
        data: dict = {}
        if input_serializer is not None:
            body = input_serializer(data=request.data, context={"request": request, "object": obj})
            body.is_valid(raise_exception=True)
            data = dict(body.validated_data)
        updated = service(**{record or obj._meta.model_name: obj}, by=request.user, **data, **extra)
        # Read back through the user's queryset; a user who no longer sees the record (a provider that
        # declined a referral) is answered with what it last saw.
        fresh = self.get_queryset().filter(pk=updated.pk).first()  # type: ignore[attr-defined]
        return Response(self.get_serializer(fresh or updated).data)  # type: ignore[attr-defined]


class WorkflowRecordViewSet(WorkflowViewSetMixin, RecordViewSet):
    """A workflow record: list, read, create and change it; its status changes only through the
    transition actions (`transition_actions`)."""


class WorkflowReadViewSet(
    WorkflowViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """A workflow record the API lists and reads but does not create or change; its status changes only
    through the transition actions (`transition_actions`)."""


def transition_actions(
    workflow: Workflow, *, responses: type[serializers.Serializer]
) -> Callable[[type], type]:
    """Class decorator: `POST …/<id>/<name>/` for every transition in `workflow` (names fixed by api.md).

    The body is the row's `api_input` (none when it has none); the answer is the updated resource.
    """

    def decorate(viewset: type) -> type:
        for name, row in workflow.transitions.items():
            setattr(viewset, name, _transition_action(workflow, name, row, responses))
        return viewset

    return decorate


def _transition_action(
    workflow: Workflow, name: str, row: Transition, responses: type[serializers.Serializer]
) -> Callable[..., Response]:
    def run(self: WorkflowViewSetMixin, request: Request, pk: str | None = None) -> Response:
        return self.run_transition(request, row.service, row.api_input, record=workflow.record)

    run.__name__ = run.__qualname__ = name
    run.__doc__ = row.description or None
    routed = action(detail=True, methods=["post"], url_path=name, url_name=name.replace("_", "-"))(run)
    answer = row.api_response or responses
    return extend_schema(request=row.api_input or EmptySerializer, responses=answer)(routed)
