"""Reads: the scoped, list-ready querysets the portal and the API share."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import models
from django.db.models import BooleanField, ExpressionWrapper, Prefetch, Q

from agreements import permissions as perms
from agreements.choices import IN_FORCE_STATUSES
from agreements.models import Agreement, AgreementDocument, Child, Party, Signature
from careportal.audit.models import AuditEntry, AuditKind, ViewedRecord
from careportal.lib.actor import Actor
from careportal.lib.dates import nz_today
from partners.selectors import current_level1_accreditation


def with_caregiver_accreditation(queryset: models.QuerySet[Agreement]) -> models.QuerySet[Agreement]:
    """`caregiver_accredited`: the caregiver holds a current Te Kāhui Kāhu Level 1 accreditation today (R-ALL-4
    warning), as one EXISTS in the same query. True where the chief executive provides care."""
    accredited = Q(caregiver_organisation__isnull=True) | Q(
        current_level1_accreditation(nz_today(), "caregiver_organisation")
    )
    return queryset.annotate(caregiver_accredited=ExpressionWrapper(accredited, output_field=BooleanField()))


def with_list_data(queryset: models.QuerySet[Agreement]) -> models.QuerySet[Agreement]:
    """Everything a row (API or portal) shows, in a fixed number of queries whatever the row count."""
    return (
        with_caregiver_accreditation(queryset)
        .select_related("child", "caregiver_organisation", "drafted_by", "termination", "signing_version")
        .prefetch_related(
            Prefetch(
                "parties",
                queryset=Party.objects.prefetch_related(
                    Prefetch("signatures", queryset=Signature.objects.select_related("document")), "copies"
                ),
            ),
            "extensions",
            Prefetch("documents", queryset=AgreementDocument.objects.order_by("version")),
        )
    )


def visible_agreements(user: Actor) -> models.QuerySet[Agreement]:
    """R-PRIV-1: the agreements `user` may see, ready for a list or a detail page."""
    return perms.scope_agreements(with_list_data(Agreement.objects.all()), user)


def visible_agreement_rows(user: Actor) -> models.QuerySet[Agreement]:
    """R-PRIV-1 scope for the portal list and its CSV: a row shows no parties, extensions or ending, so
    it loads none of them (two queries fewer a page than `visible_agreements`, decision 0010)."""
    queryset = with_caregiver_accreditation(
        Agreement.objects.select_related("child", "caregiver_organisation")
    )
    return perms.scope_agreements(queryset, user)


def visible_children(user: Actor) -> models.QuerySet[Child]:
    return perms.scope_children(Child.objects.all(), user)


def ending_between(
    queryset: models.QuerySet[Agreement], first: date, last: date
) -> models.QuerySet[Agreement]:
    """Agreements in force whose last day falls between `first` and `last` (inclusive)."""
    return queryset.filter(status__in=IN_FORCE_STATUSES, end_date__range=(first, last))


def ending_within(queryset: models.QuerySet[Agreement], days: int, today: date) -> models.QuerySet[Agreement]:
    return ending_between(queryset, today, today + timedelta(days=days))


def record_views(child: Child, limit: int = 50) -> list[AuditEntry]:
    """R-PRIV-3: who viewed (or downloaded) te tamaiti's record or an agreement about them, newest first,
    including the lists they appeared in (ViewedRecord: the newest `limit` such lists, from its index)."""
    agreement_ids = [str(pk) for pk in Agreement.objects.filter(child=child).values_list("pk", flat=True)]
    about_child = models.Q(object_type=child._meta.label_lower, object_id=str(child.pk)) | models.Q(
        object_type=Agreement._meta.label_lower, object_id__in=agreement_ids
    )
    in_lists = (
        ViewedRecord.objects.filter(about_child).order_by("-entry_id").values_list("entry_id", flat=True)
    )
    list_ids = list(in_lists[:limit])
    views = AuditEntry.objects.filter(
        about_child | models.Q(pk__in=list_ids), kind__in=[AuditKind.VIEW, AuditKind.DOWNLOAD]
    )
    return list(views.select_related("actor").order_by("-at", "-id")[:limit])


def history(agreement: Agreement) -> models.QuerySet[AuditEntry]:
    return AuditEntry.objects.for_object(agreement).history()
