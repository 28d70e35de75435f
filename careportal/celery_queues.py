"""Which Celery queue each task goes to, so each kind of work has workers of its own.

E-mail is many small network waits, documents are CPU-heavy renders, the sweep is one long job a day:
on one queue a day's sweep or a burst of PDFs would hold up every e-mail. Anything not named here goes
to the default queue. CELERY_QUEUE_PREFIX lets several deployments (or a test) share one Redis.
"""

from __future__ import annotations

EMAIL, DOCUMENTS, SWEEP, DEFAULT = "email", "documents", "sweep", "celery"
QUEUES = (EMAIL, DOCUMENTS, SWEEP, DEFAULT)

# Task names, not import paths of the functions: the names are what beat and the workers know.
TASKS = {
    "careportal.notifications.tasks.send_reminder_emails": EMAIL,
    "agreements.tasks.issue_signing_version": DOCUMENTS,
    "agreements.tasks.issue_extension_version": DOCUMENTS,
    "agreements.tasks.execute_version": DOCUMENTS,
    "quality.tasks.generate_review_report": DOCUMENTS,
    "careportal.notifications.tasks.daily_sweep": SWEEP,
    "agreements.tasks.automatic_changes": SWEEP,
}
# E-mail tasks other modules add later follow a naming rule rather than a list entry each.
PATTERNS = {"*.send_*email*": EMAIL}


def queue_name(queue: str, prefix: str = "") -> str:
    return f"{prefix}{queue}"


def task_routes(prefix: str = "") -> dict[str, dict[str, str]]:
    """CELERY_TASK_ROUTES: every named task and pattern to its (prefixed) queue."""
    routes = {name: {"queue": queue_name(q, prefix)} for name, q in {**TASKS, **PATTERNS}.items()}
    return routes
