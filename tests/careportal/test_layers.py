"""The layers (careportal.contributions; pyproject's import-linter contracts): no app looked up by a string,
and the Celery tasks keep the names workers and beat know after moving beside what they run."""

from __future__ import annotations

from pathlib import Path

from agreements.tasks import execute_version_task, issue_extension_version_task, issue_signing_version_task
from careportal.celery import app as celery_app
from careportal.notifications.tasks import daily_sweep, send_reminder_emails
from quality.tasks import generate_review_report

ROOT = Path(__file__).resolve().parents[2]
PRODUCT = ("careportal", "partners", "agreements", "referrals", "quality")


def test_no_registry_resolves_dotted_strings():
    users = [
        path.relative_to(ROOT).as_posix()
        for package in PRODUCT
        for path in (ROOT / package).rglob("*.py")
        if "import_string" in path.read_text(encoding="utf-8")
    ]
    assert users == []


def test_the_tasks_keep_their_names():
    names = {
        issue_signing_version_task.name,
        issue_extension_version_task.name,
        execute_version_task.name,
        generate_review_report.name,
        send_reminder_emails.name,
        daily_sweep.name,
    }
    assert names == {
        "agreements.tasks.issue_signing_version",
        "agreements.tasks.issue_extension_version",
        "agreements.tasks.execute_version",
        "quality.tasks.generate_review_report",
        "careportal.notifications.tasks.send_reminder_emails",
        "careportal.notifications.tasks.daily_sweep",
    }
    assert names <= set(celery_app.tasks)
