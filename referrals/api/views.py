"""The referrals API (api.md "referrals"): read, create, edit, transitions and the contact log."""

from __future__ import annotations

from typing import Any

import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from careportal.api.workflow import WorkflowRecordViewSet, transition_actions
from careportal.audit.services import audit_view
from careportal.lib.actor import actor_of
from careportal.lib.dates import nz_today
from careportal.scoped_choices import ScopedFilterSet

from .. import permissions, selectors, services
from ..choices import ReferralStatus
from ..models import Referral
from ..workflow import REFERRAL
from . import serializers as s


class ReferralFilter(ScopedFilterSet):
    status = django_filters.ChoiceFilter(choices=ReferralStatus.choices)
    contact_overdue = django_filters.BooleanFilter(method="filter_contact_overdue")

    class Meta:
        model = Referral
        fields = ["status", "provider", "site", "managed_by", "pathways_meeting_on"]

    def filter_contact_overdue(self, queryset, name, value):
        overdue = queryset.contact_overdue(nz_today())
        return overdue if value else queryset.exclude(pk__in=overdue.values("pk"))


class ProvidersSeeNoHistory(BasePermission):
    """A provider sees the eight fields, the status and the contact log, not the case history (R-PRIV-1).

    An object permission, so another provider's referral is still a 404 before this is asked.
    """

    message = "Providers see the referral and its contact log, not its history."

    def has_object_permission(self, request: Request, view: Any, obj: Any) -> bool:
        return not (view.action == "history" and permissions.is_provider_user(actor_of(request)))


@transition_actions(REFERRAL, responses=s.ReferralSerializer)
class ReferralViewSet(WorkflowRecordViewSet):
    """Partnered response referrals. Providers see only those sent to them, through a narrow view."""

    queryset = Referral.objects.all()
    serializer_class = s.ReferralSerializer
    permission_classes = [IsAuthenticated, ProvidersSeeNoHistory]
    filterset_class = ReferralFilter
    search_fields = ["reference"]
    ordering_fields = ["created_at", "referred_on", "next_contact_due_on", "pathways_meeting_on", "reference"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Referral.objects.none()
        queryset = selectors.referrals_for(actor_of(self.request))
        if permissions.is_staff_reader(actor_of(self.request)):
            queryset = queryset.select_related("consent_recorded_by").prefetch_related(
                "provider_decisions__decided_by"
            )
        return queryset

    def get_serializer_class(self):
        if self.action in ("create", "update", "partial_update"):
            return s.ReferralWriteSerializer
        if getattr(self, "swagger_fake_view", False):  # the schema: the staff representation
            return s.ReferralSerializer
        if permissions.is_provider_user(actor_of(self.request)):
            return s.ProviderReferralSerializer
        return s.ReferralSerializer

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        referral = self.get_object()
        audit_view(actor=request.user, obj=referral)  # R-PRIV-3
        return Response(self.get_serializer(referral).data)

    @extend_schema(request=s.ReferralWriteSerializer, responses={201: s.ReferralSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        body = s.ReferralWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        referral = services.referral_create(by=actor_of(request), **body.validated_data)
        data = s.ReferralSerializer(
            self.get_queryset().get(pk=referral.pk), context={"request": request}
        ).data
        return Response(data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.ReferralWriteSerializer, responses=s.ReferralSerializer)
    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        referral = self.get_object()
        partial = kwargs.pop("partial", False)
        body = s.ReferralWriteSerializer(referral, data=request.data, partial=partial)
        body.is_valid(raise_exception=True)
        services.referral_update(referral=referral, by=actor_of(request), **body.validated_data)
        return Response(
            s.ReferralSerializer(self.get_queryset().get(pk=referral.pk), context={"request": request}).data
        )

    @extend_schema(methods=["get"], responses=s.ContactSerializer(many=True))
    @extend_schema(methods=["post"], request=s.ContactSerializer, responses={201: s.ContactSerializer})
    @action(detail=True, methods=["get", "post"])
    def contacts(self, request: Request, pk: str | None = None) -> Response:
        referral = self.get_object()
        if request.method == "POST":
            body = s.ContactSerializer(data=request.data)
            body.is_valid(raise_exception=True)
            contact = services.referral_contact_log(
                referral=referral, by=actor_of(request), **body.validated_data
            )
            return Response(s.ContactSerializer(contact).data, status=status.HTTP_201_CREATED)
        page = self.paginate_queryset(selectors.contacts_for(referral))
        return self.get_paginated_response(s.ContactSerializer(page, many=True).data)
