from __future__ import annotations

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from careportal.lib.actor import actor_of
from careportal.notifications.models import TASK_NOTE_MAX_LENGTH, FollowUpTask, Notification
from careportal.notifications.permissions import actionable_tasks, own_tasks, team_tasks
from careportal.notifications.services import task_mark_done


class NotificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Notification
        fields = ["id", "kind", "message", "link", "created_at", "read_at"]


class NotificationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The requesting user's own notifications; anyone else's answer 404."""

    queryset = Notification.objects.all()  # scoped per user in get_queryset
    serializer_class = NotificationSerializer
    filterset_fields = ["kind"]
    ordering_fields = ["created_at"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Notification.objects.none()
        return Notification.objects.filter(recipient=actor_of(self.request)).order_by("-created_at")

    @extend_schema(request=None, responses=NotificationSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request: Request, pk: str | None = None) -> Response:
        notification = self.get_object()
        if notification.read_at is None:
            Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
                read_at=timezone.now()
            )
            notification.refresh_from_db()
        return Response(self.get_serializer(notification).data)


class TaskSerializer(serializers.ModelSerializer):
    """A follow-up task; `title` never names a child (R-PRIV-2). `assignee` tells a team's tasks apart."""

    assignee = serializers.SerializerMethodField()

    class Meta:
        model = FollowUpTask
        fields = ["id", "kind", "title", "due_on", "status", "link", "assignee", "completed_at"]

    def get_assignee(self, task: FollowUpTask) -> str | None:
        return task.assignee.username if task.assignee is not None else None


class TaskDoneSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=TASK_NOTE_MAX_LENGTH)


class _ConflictSerializer(serializers.Serializer):
    detail = serializers.CharField()
    status = serializers.CharField()


_TEAM = OpenApiParameter(
    "team",
    OpenApiTypes.BOOL,
    description="1: the tasks of the people you supervise, instead of your own.",
)


@extend_schema_view(list=extend_schema(parameters=[_TEAM]))
class TaskViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The requesting user's follow-up tasks, or (`?team=1`) their team's; anyone else's answer 404."""

    queryset = FollowUpTask.objects.all()  # scoped per user in get_queryset
    serializer_class = TaskSerializer
    filterset_fields = ["status", "kind"]
    ordering_fields = ["due_on", "created_at"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return FollowUpTask.objects.none()
        user = actor_of(self.request)
        if self.action == "done":
            scope = actionable_tasks(user)
        elif self.request.query_params.get("team", "").strip().lower() in {"1", "true", "yes"}:
            scope = team_tasks(user)
        else:
            scope = own_tasks(user)
        return scope.select_related("assignee").order_by("due_on", "created_at", "id")

    @extend_schema(
        request=TaskDoneSerializer,
        responses={200: TaskSerializer, 409: OpenApiResponse(_ConflictSerializer, "Already done.")},
    )
    @action(detail=True, methods=["post"])
    def done(self, request: Request, pk: str | None = None) -> Response:
        task = self.get_object()
        body = TaskDoneSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        task = task_mark_done(task=task, by=actor_of(request), note=body.validated_data.get("note", ""))
        return Response(self.get_serializer(task).data)
