"""partners API (api.md "partners"). Thin: scope with the selectors, validate, call one service."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from careportal.api.parsers import FormParser, MultiPartParser
from careportal.api.viewsets import RecordViewSet
from careportal.api.workflow import WorkflowReadViewSet, WorkflowRecordViewSet, transition_actions
from careportal.audit.models import AuditKind
from careportal.audit.services import audit_record
from careportal.files import SIGNED_LINK, file_field_response
from careportal.lib.actor import actor_of
from partners import selectors, services
from partners.models import Accreditation, Application, Evidence, Organisation, Requirement, S396Approval
from partners.workflow import APPLICATION, APPROVAL, EVIDENCE

from . import serializers as s

READ_CREATE_PATCH = ["get", "post", "patch", "head", "options"]


class OrganisationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Organisations: staff see all, an organisation's users only their own. POST by PfO/Hub/delegate/admin."""

    queryset = Organisation.objects.all()
    serializer_class = s.OrganisationSerializer
    filterset_fields = ["kind", "approval_status", "region", "is_maori_organisation"]
    search_fields = ["legal_name", "nzbn"]
    ordering_fields = ["legal_name", "created_at"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Organisation.objects.none()
        return selectors.organisations_for(actor_of(self.request)).order_by("legal_name")

    def perform_create(self, serializer):
        serializer.instance = services.organisation_create(
            by=actor_of(self.request), **serializer.validated_data
        )


@transition_actions(APPLICATION, responses=s.ApplicationSerializer)
class ApplicationViewSet(WorkflowRecordViewSet):
    """Care partner applications through the four phases (R-396-1 … R-396-4)."""

    queryset = Application.objects.all()
    serializer_class = s.ApplicationSerializer
    http_method_names = READ_CREATE_PATCH
    filterset_fields = ["status", "organisation"]
    search_fields = ["organisation__legal_name"]
    ordering_fields = ["created_at", "updated_at", "status"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Application.objects.none()
        return selectors.applications_for(actor_of(self.request))

    def get_serializer_class(self):
        if self.action == "partial_update":
            return s.ApplicationUpdateSerializer
        return super().get_serializer_class()

    @extend_schema(request=s.ApplicationCreateSerializer, responses={201: s.ApplicationSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        body = s.ApplicationCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        organisation = data.pop("organisation")
        if not selectors.organisations_for(actor_of(request)).filter(pk=organisation.pk).exists():
            return Response({"organisation": ["No such organisation."]}, status=status.HTTP_400_BAD_REQUEST)
        application = services.application_start(organisation=organisation, by=actor_of(request), **data)
        out = self.get_serializer(self.get_queryset().get(pk=application.pk))
        return Response(out.data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.ApplicationUpdateSerializer, responses=s.ApplicationSerializer)
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        application = self.get_object()
        body = s.ApplicationUpdateSerializer(data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        services.application_update(application=application, by=actor_of(request), **body.validated_data)
        return Response(
            s.ApplicationSerializer(
                self.get_queryset().get(pk=application.pk), context=self.get_serializer_context()
            ).data
        )

    # --- transitions (names fixed by api.md) --------------------------------------------------------

    # --- evidence of one application ---------------------------------------------------------------

    @extend_schema(methods=["GET"], request=None, responses=s.PaginatedEvidenceSerializer)
    @extend_schema(
        methods=["POST"],
        request={"multipart/form-data": s.EvidenceUploadSerializer},
        responses={201: s.EvidenceSerializer},
    )
    @action(detail=True, methods=["get", "post"], parser_classes=[MultiPartParser, FormParser])
    def evidence(self, request: Request, pk: str | None = None) -> Response:
        """Every version of the application's evidence (paginated); POST uploads a new version."""
        application = self.get_object()
        if request.method == "POST":
            return self._upload(request, application)
        qs = selectors.evidence_for(actor_of(request)).filter(application=application)
        page = self.paginate_queryset(qs.order_by("requirement_code", "-version"))
        data = s.EvidenceSerializer(page, many=True, context=self.get_serializer_context()).data
        return self.get_paginated_response(data)

    def _upload(self, request: Request, application: Application) -> Response:
        body = s.EvidenceUploadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        evidence = services.evidence_upload(
            application=application, by=actor_of(request), **body.validated_data
        )
        evidence = selectors.evidence_for(actor_of(request)).get(pk=evidence.pk)
        data = s.EvidenceSerializer(evidence, context=self.get_serializer_context()).data
        return Response(data, status=status.HTTP_201_CREATED)


@transition_actions(EVIDENCE, responses=s.EvidenceSerializer)
class EvidenceViewSet(WorkflowReadViewSet):
    """Evidence versions the user may see; reviewers accept or request changes (R-396-3)."""

    queryset = Evidence.objects.all()
    serializer_class = s.EvidenceSerializer
    filterset_fields = ["application", "status", "requirement_code"]
    ordering_fields = ["created_at", "version"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Evidence.objects.none()
        return selectors.evidence_for(actor_of(self.request)).order_by("-created_at")

    @extend_schema(
        request=None,
        responses={
            (200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY, "The stored file."),
            **SIGNED_LINK,
        },
    )
    @action(detail=True, methods=["get"])
    def download(self, request: Request, pk: str | None = None):
        """The file, as an attachment, for users who may see the evidence; audited as a download."""
        evidence = self.get_object()
        if not evidence.file:
            raise NotFound("This evidence has no file.")
        audit_record(actor=request.user, kind=AuditKind.DOWNLOAD, action="download", obj=evidence)
        return file_field_response(
            evidence.file, file_name=evidence.file_name, content_type=evidence.content_type
        )


class RequirementViewSet(viewsets.ReadOnlyModelViewSet):
    """The evidence requirements catalogue: the current version of each requirement."""

    queryset = Requirement.objects.all()
    serializer_class = s.RequirementSerializer
    filterset_fields = ["active", "required", "file_required", "code"]
    search_fields = ["code", "title", "standard"]

    def get_queryset(self):
        return Requirement.objects.filter(superseded_at__isnull=True)


class AccreditationViewSet(RecordViewSet):
    """Te Kāhui Kāhu accreditation outcomes (R-396-5); staff record them, organisations see their own."""

    queryset = Accreditation.objects.all()
    serializer_class = s.AccreditationSerializer
    http_method_names = READ_CREATE_PATCH
    filterset_fields = ["organisation", "status", "level"]
    ordering_fields = ["granted_on", "review_due_on"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Accreditation.objects.none()
        return selectors.accreditations_for(actor_of(self.request)).order_by(
            "organisation__legal_name", "-granted_on"
        )

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        organisation = data.pop("organisation")
        if not selectors.organisations_for(actor_of(self.request)).filter(pk=organisation.pk).exists():
            raise NotFound("No such organisation.")
        serializer.instance = services.accreditation_record(
            organisation=organisation, by=actor_of(self.request), **data
        )

    def perform_update(self, serializer):
        data = {k: v for k, v in serializer.validated_data.items() if k != "organisation"}
        serializer.instance = services.accreditation_update(
            accreditation=serializer.instance, by=actor_of(self.request), **data
        )


@transition_actions(APPROVAL, responses=s.S396ApprovalSerializer)
class ApprovalViewSet(WorkflowReadViewSet):
    """s396 approvals: the R-396-5 alert, and suspension/revocation by notice and response (R-396-4)."""

    queryset = S396Approval.objects.all()
    serializer_class = s.S396ApprovalSerializer
    filterset_fields = ["organisation", "status", "proposed_action"]
    ordering_fields = ["granted_on"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return S396Approval.objects.none()
        return selectors.approvals_for(actor_of(self.request))
