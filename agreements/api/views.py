"""DRF endpoints for tamariki and care agreements (api.md "agreements"). Thin: services do the work."""

from __future__ import annotations

import uuid
from typing import Any, cast

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.filters import OrderingFilter
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer
from rest_framework.views import APIView

from agreements import permissions as perms
from agreements import rules, services, versions
from agreements.api.search import AgreementSearchFilter
from agreements.document_views import NOT_ISSUED
from agreements.filters import AgreementFilter
from agreements.models import Agreement, AgreementDocument, Child
from agreements.selectors import history, visible_agreement_rows, visible_agreements, visible_children
from agreements.validation import legal_limit
from agreements.verification import verification_for
from agreements.workflow import AGREEMENT
from careportal.api.filters import FilterBackend
from careportal.api.viewsets import RecordViewSet
from careportal.api.workflow import (
    HistoryEntrySerializer,
    WorkflowRecordViewSet,
    transition_actions,
)
from careportal.audit.services import audit_list_view, audit_view
from careportal.exceptions import NotPermitted, RuleViolation, TransitionNotAllowed
from careportal.files import SIGNED_LINK, file_field_response
from careportal.lib.actor import actor_of
from careportal.pagination import ValuesPage
from careportal.preparing import PREPARING_RESPONSE, preparing_api_response

from . import rows
from . import serializers as s


@extend_schema_view(
    list=extend_schema(
        description="Tamariki. Agreement staff see all; care partner users see only the tamariki "
        "of agreements their organisation provides care under; everyone else sees none."
    ),
    retrieve=extend_schema(description="Each view is written to the audit log (R-PRIV-3)."),
)
class ChildViewSet(RecordViewSet):
    """Tamariki records. No child's name in a URL: search is by case reference only (R-PRIV-2)."""

    queryset = Child.objects.all()
    serializer_class = s.ChildSerializer
    filterset_fields = ["case_reference"]
    search_fields = ["case_reference"]
    ordering_fields = ["case_reference", "date_of_birth", "created_at"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Child.objects.none()
        return visible_children(actor_of(self.request)).order_by("case_reference")

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """A page of tamariki; one audit entry names every record shown (R-PRIV-3)."""
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset())) or []
        audit_list_view(
            actor=request.user, object_type=Child._meta.label_lower, object_ids=[c.pk for c in page]
        )
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        child = self.get_object()
        audit_view(actor=request.user, obj=child)
        return Response(self.get_serializer(child).data)

    def perform_create(self, serializer: BaseSerializer) -> None:
        serializer.instance = services.child_create(by=actor_of(self.request), **serializer.validated_data)

    def perform_update(self, serializer: BaseSerializer) -> None:
        child = self.get_object()
        serializer.instance = services.child_update(
            child=child, by=actor_of(self.request), **serializer.validated_data
        )


@transition_actions(AGREEMENT, responses=s.AgreementSerializer)
class AgreementViewSet(WorkflowRecordViewSet):
    """Care agreements under ss139-140. Status changes only through the transition actions."""

    queryset = Agreement.objects.all()
    serializer_class = s.AgreementSerializer
    filterset_class = AgreementFilter
    filter_backends = [FilterBackend, AgreementSearchFilter, OrderingFilter]  # decision 0010: indexed search
    search_fields = ["child__case_reference", "reference"]
    ordering_fields = ["end_date", "start_date", "created_at", "reference", "status"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Agreement.objects.none()
        return visible_agreements(actor_of(self.request)).order_by("-created_at")

    def get_serializer_class(self):
        if self.action in ("create", "update", "partial_update"):
            return s.AgreementWriteSerializer
        return s.AgreementSerializer

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        if not getattr(self, "swagger_fake_view", False):
            context["visible_children"] = visible_children(actor_of(self.request))
        return context

    def _read(self, agreement: Agreement) -> dict:
        fresh = self.get_queryset().get(pk=agreement.pk)
        return s.AgreementSerializer(fresh, context=self.get_serializer_context()).data

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """The page as plain rows (agreements.api.rows, decision 0010): the serializer's JSON, a quarter the CPU."""
        # The rows' scope without the detail's joins and prefetches, which `.values()` would not use but
        # still cost 0.8 ms a request to build (decision 0010).
        queryset = self.filter_queryset(visible_agreement_rows(actor_of(request)).order_by("-created_at"))
        values = cast(Any, ValuesPage(queryset, rows.COLUMNS))  # a Paginator's sequence, not a QuerySet
        page: list[dict[str, Any]] = self.paginate_queryset(values) or []
        # R-PRIV-3: the rows carry te tamaiti's name and the terms, so the page is a view of each agreement.
        audit_list_view(
            actor=request.user,
            object_type=Agreement._meta.label_lower,
            object_ids=[row["id"] for row in page],
        )
        return self.get_paginated_response(rows.agreement_rows(page, actor_of(request)))

    @extend_schema(description="Each view is written to the audit log (R-PRIV-3).")
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        agreement = self.get_object()
        audit_view(actor=request.user, obj=agreement)
        return Response(self.get_serializer(agreement).data)

    @extend_schema(request=s.AgreementWriteSerializer, responses={201: s.AgreementSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not perms.can_draft(actor_of(request)):
            raise NotPermitted("Only social workers draft care agreements.")
        body = s.AgreementWriteSerializer(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        agreement = services.agreement_create(by=actor_of(request), **body.validated_data)
        return Response(self._read(agreement), status=status.HTTP_201_CREATED)

    @extend_schema(request=s.AgreementWriteSerializer, responses=s.AgreementSerializer)
    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        agreement = self.get_object()
        if not perms.can_draft(actor_of(request)):
            raise NotPermitted("Only social workers change draft care agreements.")
        partial = kwargs.pop("partial", False)
        body = s.AgreementWriteSerializer(
            agreement, data=request.data, partial=partial, context=self.get_serializer_context()
        )
        body.is_valid(raise_exception=True)
        updated = services.agreement_update(agreement=agreement, by=actor_of(request), **body.validated_data)
        return Response(self._read(updated))

    @extend_schema(request=s.AgreementWriteSerializer, responses=s.AgreementSerializer)
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.update(request, *args, partial=True, **kwargs)

    @extend_schema(responses=HistoryEntrySerializer(many=True))
    @action(detail=True, methods=["get"])
    def history(self, request: Request, pk: str | None = None) -> Response:  # type: ignore[override]
        """The agreement's creation and status changes, oldest first; the view is audited (R-PRIV-3)."""
        agreement = self.get_object()
        audit_view(actor=request.user, obj=agreement, what="view_history")
        return Response(HistoryEntrySerializer(history(agreement), many=True).data)

    @extend_schema(
        request=s.RedraftInputSerializer,
        responses={201: s.AgreementSerializer},
        description="R-DATE-5: start a new draft from a lapsed agreement, with new dates: its terms and "
        "parties copied; it needs approval and every signature again. 201 with the new agreement.",
    )
    @action(detail=True, methods=["post"])
    def redraft(self, request: Request, pk: str | None = None) -> Response:
        agreement = self.get_object()
        if not perms.can_draft(actor_of(request)):  # 403 before the body is read, as create does
            raise NotPermitted("Only social workers draft care agreements.")
        body = s.RedraftInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        draft = services.agreement_redraft(agreement=agreement, by=actor_of(request), **body.validated_data)
        return Response(self._read(draft), status=status.HTTP_201_CREATED)

    # --- Documents and look-ups ------------------------------------------------------------------

    @extend_schema(
        responses={
            (200, "application/pdf"): OpenApiResponse(
                OpenApiTypes.BINARY,
                description="The version issued for signing or, once every required signature is recorded, "
                "the executed copy (every signature, sealed); file name <reference>-v<version>.pdf. Audited. "
                "409 before a supervisor approved the agreement (nothing is issued yet).",
            ),
            **SIGNED_LINK,
            202: PREPARING_RESPONSE,
        }
    )
    @action(detail=True, methods=["get"])
    def pdf(self, request: Request, pk: str | None = None):
        agreement = self.get_object()
        if not versions.issued(agreement):
            raise TransitionNotAllowed(NOT_ISSUED, status=agreement.status, rule="R-ALL-6")
        document = versions.request_download(agreement)
        if document is None:
            return preparing_api_response()
        return self._download(request, document)

    @extend_schema(
        responses={
            (200, "application/pdf"): OpenApiResponse(
                OpenApiTypes.BINARY, description="One stored version (`documents[].download_url`); audited."
            ),
            **SIGNED_LINK,
        }
    )
    @action(
        detail=True, methods=["get"], url_path=r"documents/(?P<document_pk>[0-9a-f-]+)", url_name="document"
    )
    def document(self, request: Request, pk: str | None = None, document_pk: str | None = None):
        agreement = self.get_object()
        try:
            document = agreement.documents.filter(pk=uuid.UUID(str(document_pk))).first()
        except ValueError:
            document = None
        if document is None:
            raise NotFound("This agreement has no such document.")
        return self._download(request, document)

    def _download(self, request: Request, document: AgreementDocument):
        versions.audit_download(document, by=request.user)
        return file_field_response(
            document.file, file_name=document.file_name, content_type="application/pdf"
        )

    @extend_schema(
        parameters=[s.LegalMaximumQuerySerializer],
        responses=s.LegalMaximumSerializer,
        description="The legal maximum last day and its basis for a prospective agreement (R-139-1, R-140-2, "
        "R-140-3, R-AGE-2, R-AGE-3), for the drafting form as dates are entered. 400 names the field and rule.",
    )
    @action(detail=False, methods=["get"], url_path="legal-maximum", url_name="legal-maximum")
    def legal_maximum(self, request: Request) -> Response:
        if not perms.can_check_legal_maximum(actor_of(request)):
            raise NotPermitted("Only Oranga Tamariki kaimahi working with care agreements can use this.")
        query = s.LegalMaximumQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        values = query.validated_data
        child = visible_children(actor_of(request)).filter(pk=values["child"]).first()
        if child is None:
            raise RuleViolation("Choose a tamaiti you can see.", field="child")
        limit = legal_limit(values, child.date_of_birth)
        return Response(
            s.LegalMaximumSerializer(
                {
                    "legal_max_end_date": limit.max_end_date,
                    "legal_max_end_date_display": rules.format_nz_date(limit.max_end_date),
                    "legal_basis": limit.legal_basis,
                    "rule_ids": list(limit.rule_ids),
                    "child_must_consent": rules.child_must_consent(
                        agreement_type=values["agreement_type"],
                        date_of_birth=child.date_of_birth,
                        on=values["start_date"],
                    ),
                }
            ).data
        )


class VerifyView(APIView):
    """api.md v1.1: anyone holding an executed copy checks it by its code; no names, no dates of birth."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]

    @extend_schema(responses={200: s.VerificationSerializer, 404: None}, auth=[])
    def get(self, request: Request, code: str) -> Response:
        found = verification_for(code)
        if found is None:
            raise NotFound("No executed copy has this verification code.")
        return Response(s.VerificationSerializer(found).data)
