"""The quality API: QA cycles, reviews (with findings and activities), improvement actions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from careportal.api.workflow import (
    WorkflowViewSetMixin,
    transition_actions,
)
from careportal.exceptions import TransitionNotAllowed
from careportal.files import SIGNED_LINK
from careportal.lib.actor import actor_of
from careportal.preparing import PREPARING_RESPONSE, preparing_api_response

from .. import selectors, services
from ..choices import ReviewStatus
from ..downloads import evidence_download, final_report_download
from ..models import Finding, ImprovementAction, NationalCareStandard, QACycle, QAReview
from ..permissions import can_read_quality
from ..services.report import request_final_report
from ..workflow import CYCLE, IMPROVEMENT_ACTION, REVIEW
from . import serializers as s
from .filters import ImprovementActionFilter, QACycleFilter, QAReviewFilter


class QualityAccess(BasePermission):
    """Quality Hub, PfO, delegates, supervisors, admins and partner users; anyone else is refused (403)."""

    def has_permission(self, request: Any, view: Any) -> bool:
        return can_read_quality(request.user)


class _QualityViewSet(WorkflowViewSetMixin, viewsets.GenericViewSet):
    permission_classes = [IsAuthenticated, QualityAccess]

    def created(self, obj: Any, code: int = status.HTTP_201_CREATED) -> Response:
        return Response(self.get_serializer(self.get_queryset().get(pk=obj.pk)).data, status=code)


class NationalCareStandardViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The National Care Standards parts that findings are rated against (reference data)."""

    queryset = NationalCareStandard.objects.all()
    serializer_class = s.NationalCareStandardSerializer
    permission_classes = [IsAuthenticated, QualityAccess]
    filterset_fields = ["active"]


@transition_actions(CYCLE, responses=s.QACycleSerializer)
class QACycleViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _QualityViewSet):
    """QA cycles, one open per approved partner; POST starts one (idempotent, Quality Hub only)."""

    queryset = QACycle.objects.all()
    serializer_class = s.QACycleSerializer
    filterset_class = QACycleFilter
    search_fields = ["organisation__legal_name"]
    ordering_fields = ["started_on", "created_at"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return QACycle.objects.none()
        return selectors.cycles_for(actor_of(self.request))

    @extend_schema(
        request=s.QACycleCreateSerializer, responses={201: s.QACycleSerializer, 200: s.QACycleSerializer}
    )
    def create(self, request: Request) -> Response:
        body = s.QACycleCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        existing = set(
            QACycle.objects.filter(organisation=body.validated_data["organisation"]).values_list(
                "pk", flat=True
            )
        )
        cycle = services.qa_cycle_open(by=actor_of(request), **body.validated_data)
        return self.created(cycle, status.HTTP_200_OK if cycle.pk in existing else status.HTTP_201_CREATED)

    @extend_schema(request=s.JointReviewSerializer, responses=s.QACycleSerializer)
    @action(detail=True, methods=["post"])
    def request_joint_review(self, request: Request, pk: str | None = None) -> Response:
        """R-396-6: record (or withdraw, `requested: false`) the partner's request for a joint review."""
        return self.run_transition(
            request, services.qa_cycle_set_joint_review, s.JointReviewSerializer, record="cycle"
        )


@transition_actions(REVIEW, responses=s.QAReviewSerializer)
class QAReviewViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _QualityViewSet):
    """Quality Hub reviews: planned → in_progress → draft_report → partner_response → final."""

    queryset = QAReview.objects.all()
    serializer_class = s.QAReviewSerializer
    filterset_class = QAReviewFilter
    search_fields = ["reference", "cycle__organisation__legal_name"]
    ordering_fields = ["planned_for", "reference", "created_at", "updated_at"]
    ordering = ["-planned_for", "-reference"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return QAReview.objects.none()
        return selectors.reviews_for(actor_of(self.request))

    @extend_schema(request=s.QAReviewCreateSerializer, responses={201: s.QAReviewSerializer})
    def create(self, request: Request) -> Response:
        body = s.QAReviewCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self.created(services.review_schedule(by=actor_of(request), **body.validated_data))

    @extend_schema(request=s.QAReviewUpdateSerializer, responses=s.QAReviewSerializer)
    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        return self.run_transition(
            request, services.review_update, s.QAReviewUpdateSerializer, record="review"
        )

    @extend_schema(
        responses={
            (200, "application/pdf"): OpenApiTypes.BINARY,
            **SIGNED_LINK,
            202: PREPARING_RESPONSE,
            409: OpenApiResponse(description="Not final yet"),
        }
    )
    @action(detail=True, methods=["get"])
    def pdf(self, request: Request, pk: str | None = None) -> Any:
        """The final report (a download, audited); 202 while the queue is still making it."""
        review = self.get_object()
        if review.status != ReviewStatus.FINAL:
            raise TransitionNotAllowed(
                "The final report exists once the review is final.", status=review.status
            )
        if not (review.final_report or request_final_report(review)):
            return preparing_api_response()
        return final_report_download(review, by=actor_of(request))

    @extend_schema(methods=["GET"], responses=s.FindingSerializer(many=True))
    @extend_schema(methods=["POST"], request=s.FindingSerializer, responses={201: s.FindingSerializer})
    @action(detail=True, methods=["get", "post"])
    def findings(self, request: Request, pk: str | None = None) -> Response:
        """Findings against the National Care Standards; the Hub adds them while the review is open."""
        return self._list_or_record(
            request, selectors.findings_for, s.FindingSerializer, services.finding_record
        )

    @extend_schema(request=s.FindingUpdateSerializer, responses=s.FindingSerializer)
    @action(detail=True, methods=["patch"], url_path=r"findings/(?P<finding_id>[0-9a-f-]{36})")
    def finding_update(
        self, request: Request, pk: str | None = None, finding_id: str | None = None
    ) -> Response:
        review = self.get_object()
        finding = get_object_or_404(Finding.objects.select_related("review"), pk=finding_id, review=review)
        body = s.FindingUpdateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.finding_update(finding=finding, by=actor_of(request), **body.validated_data)
        return Response(s.FindingSerializer(selectors.findings_for(review).get(pk=finding.pk)).data)

    @extend_schema(methods=["GET"], responses=s.ActivitySerializer(many=True))
    @extend_schema(methods=["POST"], request=s.ActivitySerializer, responses={201: s.ActivitySerializer})
    @action(detail=True, methods=["get", "post"])
    def activities(self, request: Request, pk: str | None = None) -> Response:
        """Kōrero with tamariki, rangatahi, carers and whānau; file reviews."""
        return self._list_or_record(
            request, selectors.activities_for, s.ActivitySerializer, services.activity_record
        )

    def _list_or_record(
        self,
        request: Request,
        rows: Callable[[QAReview], Any],
        serializer: type[serializers.Serializer],
        record: Callable[..., Any],
    ) -> Response:
        """GET: the review's rows, a page at a time; POST: validate the body, `record` the row through its
        service and answer 201 with it as the list shows it."""
        review = self.get_object()
        if request.method == "GET":
            return self._page(rows(review), serializer)
        body = serializer(data=request.data)
        body.is_valid(raise_exception=True)
        row = record(review=review, by=request.user, **body.validated_data)
        return Response(serializer(rows(review).get(pk=row.pk)).data, status=201)

    def _page(self, qs: Any, serializer: type[serializers.Serializer]) -> Response:
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(serializer(page, many=True).data)


@transition_actions(IMPROVEMENT_ACTION, responses=s.ImprovementActionSerializer)
class ImprovementActionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _QualityViewSet):
    """Improvement actions: open → in_progress → evidence_submitted → verified_closed; `overdue` computed."""

    queryset = ImprovementAction.objects.all()
    serializer_class = s.ImprovementActionSerializer
    filterset_class = ImprovementActionFilter
    search_fields = ["title", "review__reference", "review__cycle__organisation__legal_name"]
    ordering_fields = ["due_on", "created_at", "updated_at"]
    ordering = ["due_on", "created_at"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ImprovementAction.objects.none()
        return selectors.actions_for(actor_of(self.request), services.nz_today())

    @extend_schema(
        request=s.ImprovementActionCreateSerializer, responses={201: s.ImprovementActionSerializer}
    )
    def create(self, request: Request) -> Response:
        body = s.ImprovementActionCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self.created(services.action_create(by=actor_of(request), **body.validated_data))

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY, **SIGNED_LINK})
    @action(detail=True, methods=["get"])
    def evidence(self, request: Request, pk: str | None = None) -> Any:
        """The evidence file, when one was uploaded (a download, audited)."""
        action_ = self.get_object()
        if not action_.evidence_file:
            raise TransitionNotAllowed(
                "No evidence file was uploaded for this action.", status=action_.status
            )
        return evidence_download(action_, by=actor_of(request))
