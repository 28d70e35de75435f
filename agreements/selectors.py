"""Reads: the scoped, list-ready querysets the portal and the API share."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db import models
from django.db.models import BooleanField, Count, ExpressionWrapper, F, Max, Prefetch, Q, Value
from django.db.models.functions import TruncDate

from agreements import permissions as perms
from agreements.choices import IN_FORCE_STATUSES
from agreements.models import Agreement, AgreementDocument, Child, Party, Signature
from careportal.accounts.models import User
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


@dataclass(frozen=True)
class RecordView:
    """One line of "who viewed": one person's views (or downloads) of one record on one New Zealand day."""

    actor: Any
    day: date
    last_at: datetime
    count: int
    kind: str
    object_type: str
    in_list: bool
    what: str  # the record, named: "Care agreement CA-2026-00012", "This tamaiti's record"

    @property
    def kind_label(self) -> str:
        return AuditKind(self.kind).label.lower()


def _views_by_day(queryset: models.QuerySet, prefix: str, in_list: bool) -> models.QuerySet:
    """`queryset` grouped by person, NZ day (R-DATE-1), kind and record: how many, and the latest."""
    return (
        queryset.order_by()
        .annotate(
            who=F(f"{prefix}actor_id"),
            day=TruncDate(f"{prefix}at"),  # the current zone: Pacific/Auckland
            what_kind=F(f"{prefix}kind"),
            record_type=F("object_type"),
            record_id=F("object_id"),
            listed=Value(in_list),
            how=F(f"{prefix}action"),  # "view_list" or "search" for a list; the page's own action otherwise
        )
        .values("who", "day", "what_kind", "record_type", "record_id", "listed", "how")
        .annotate(times=Count("pk"), last=Max(f"{prefix}at"))
    )


def record_views(child: Child, limit: int = 50) -> list[RecordView]:
    """R-PRIV-3: who viewed (or downloaded) te tamaiti's record or an agreement about them, and the lists
    they appeared in (ViewedRecord), newest first: one line per person, day and record, with a count.
    Three queries whatever the number of views: the agreements, the views in one UNION, the people."""
    references = dict(Agreement.objects.filter(child=child).values_list("pk", "reference"))
    about_child = models.Q(object_type=child._meta.label_lower, object_id=str(child.pk)) | models.Q(
        object_type=Agreement._meta.label_lower, object_id__in=[str(pk) for pk in references]
    )
    kinds = [AuditKind.VIEW, AuditKind.DOWNLOAD]
    direct = _views_by_day(AuditEntry.objects.filter(about_child, kind__in=kinds), "", False)
    listed = _views_by_day(ViewedRecord.objects.filter(about_child, entry__kind__in=kinds), "entry__", True)
    rows = list(direct.union(listed, all=True).order_by("-last")[:limit])
    people = User.objects.in_bulk({row["who"] for row in rows if row["who"] is not None})
    names = {str(pk): reference for pk, reference in references.items()}
    return [
        RecordView(
            actor=people.get(row["who"]),
            day=row["day"],
            last_at=row["last"],
            count=row["times"],
            kind=row["what_kind"],
            object_type=row["record_type"],
            in_list=row["listed"],
            what=_record_name(
                row["record_type"], names.get(row["record_id"], ""), listed=row["listed"], how=row["how"]
            ),
        )
        for row in rows
    ]


def _record_name(object_type: str, reference: str, *, listed: bool, how: str = "") -> str:
    searched = listed and how == "search"  # careportal.search records its results as a list view
    if object_type == Child._meta.label_lower:
        if searched:
            return "This tamaiti, in search results"
        return "This tamaiti, in a list of tamariki" if listed else "This tamaiti's record"
    name = f"Care agreement {reference}" if reference else "A care agreement"
    if searched:
        return f"{name}, in search results"
    return f"{name}, in a list of agreements" if listed else name


def history(agreement: Agreement) -> models.QuerySet[AuditEntry]:
    return AuditEntry.objects.for_object(agreement).history()
