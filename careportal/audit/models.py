"""The one append-only audit log (R-PRIV-3). The database itself refuses UPDATE and DELETE on it, and the
role that serves requests may only INSERT and SELECT (careportal.audit.roles)."""

from django.conf import settings
from django.db import models


class AuditKind(models.TextChoices):
    CREATE = "create", "Created"
    CHANGE = "change", "Changed"
    TRANSITION = "transition", "Status change"
    VIEW = "view", "Viewed"
    DOWNLOAD = "download", "Downloaded"
    EXPORT = "export", "Exported"
    DELIVERY = "delivery", "Notification delivered"
    SECURITY = "security", "Security event"  # sign-in, tokens, second step, password, calendar link


class AuditEntryQuerySet(models.QuerySet):
    def for_object(self, obj: models.Model) -> "AuditEntryQuerySet":
        return self.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))

    def history(self) -> "AuditEntryQuerySet":
        """Creation and status changes, oldest first: what `/history/` and the portal timeline show."""
        kinds = [AuditKind.CREATE, AuditKind.TRANSITION]
        return self.filter(kind__in=kinds).select_related("actor").order_by("at", "id")


class AuditEntry(models.Model):
    """Who did what to which record, when, from where and why."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    # PROTECT: a user who acted can be deactivated, never deleted, so the trail keeps its actor.
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=16, choices=AuditKind.choices)
    action = models.CharField(max_length=64)
    object_type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64)
    from_status = models.CharField(max_length=32, blank=True)
    to_status = models.CharField(max_length=32, blank=True)
    reason = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id", "at"])]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}:{self.object_id}"


class ViewedRecord(models.Model):
    """R-PRIV-3: one record a list showed. A list request writes one VIEW entry and one bulk INSERT of these,
    so "who viewed" a tamaiti finds the lists they appeared in through the (object_type, object_id) index."""

    entry = models.ForeignKey(AuditEntry, on_delete=models.PROTECT, related_name="viewed_records")
    object_type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64)

    class Meta:
        # With the entry: "who viewed" reads the newest entries naming a record from the index alone.
        indexes = [models.Index(fields=["object_type", "object_id", "entry"], name="audit_viewed_record_idx")]

    def __str__(self) -> str:
        return f"{self.object_type}:{self.object_id}"


class DayDigest(models.Model):
    """Tamper evidence: SHA-256 over one New Zealand day's audit rows (R-DATE-1), chained to the day before.

    Written by the daily sweep for every day up to yesterday; `manage.py verify_audit` recomputes them."""

    day = models.DateField(unique=True)
    entry_count = models.PositiveIntegerField()
    previous = models.CharField(max_length=64)
    digest = models.CharField(max_length=64)
    written_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day}: {self.digest}"
