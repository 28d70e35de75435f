"""In-app notifications and follow-up tasks. Texts never carry a child's name (R-PRIV-2)."""

from django.conf import settings
from django.db import models

from careportal.db import TimeStampedModel


class Notification(TimeStampedModel):
    """A message to one user, with a link into the portal."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=64)
    message = models.CharField(max_length=300)
    link = models.CharField(max_length=300, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.message


class TaskStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"


TASK_NOTE_MAX_LENGTH = 1000


class FollowUpTask(TimeStampedModel):
    """Work the system creates for a person or a role (R-ALL-8 safety check, R-PR-2 alternatives, …)."""

    kind = models.CharField(max_length=64)
    title = models.CharField(max_length=200)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="follow_up_tasks",
    )
    subject_type = models.CharField(max_length=100)
    subject_id = models.CharField(max_length=64)
    link = models.CharField(max_length=300, blank=True)
    due_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=8, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    completion_note = models.CharField(max_length=TASK_NOTE_MAX_LENGTH, blank=True)

    class Meta:
        ordering = ["due_on", "created_at"]
        indexes = [
            models.Index(fields=["assignee", "status"]),
            models.Index(fields=["subject_type", "subject_id"]),
        ]

    def __str__(self) -> str:
        return self.title


class Reminder(TimeStampedModel):
    """One reminder to one person about one subject and date: the unique key makes sending exactly-once."""

    kind = models.CharField(max_length=64)
    subject_type = models.CharField(max_length=100)
    subject_id = models.CharField(max_length=64)
    due_on = models.DateField(help_text="The date the reminder is about (a last day, a due date).")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders"
    )
    message = models.CharField(max_length=300)
    link = models.CharField(max_length=300, blank=True)
    notification = models.OneToOneField(Notification, null=True, blank=True, on_delete=models.SET_NULL)
    emailed_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "subject_type", "subject_id", "due_on", "recipient"],
                name="one_reminder_per_key",
            )
        ]
        indexes = [
            models.Index(
                fields=["emailed_at"],
                name="reminder_email_pending",
                condition=models.Q(emailed_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.subject_type}:{self.subject_id} {self.due_on} → {self.recipient_id}"


class DailyRun(models.Model):
    """One scheduled job's run for one New Zealand date: the first process to insert the row runs it.

    Two beat processes (a second one started by mistake, or during a failover) each send the day's
    sweep; the unique row makes the second a no-op that is counted, not a second sweep.
    """

    job = models.CharField(max_length=64)
    day = models.DateField()
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    claimed_by = models.CharField(max_length=200)  # host and process id, for whoever looks at a stuck run
    refused = models.PositiveIntegerField(default=0)  # later attempts on the same day, each a no-op

    class Meta:
        ordering = ["-day", "job"]
        constraints = [models.UniqueConstraint(fields=["job", "day"], name="daily_run_once")]

    def __str__(self) -> str:
        return f"{self.job} {self.day}"
