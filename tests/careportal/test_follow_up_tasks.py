"""Follow-up tasks (R-ALL-8 safety checks and others): marked done by the assignee or their supervisor,
through one audited service used by the portal and the API (`/api/v1/tasks/`)."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from careportal.audit.models import AuditEntry
from careportal.notifications.models import TASK_NOTE_MAX_LENGTH, FollowUpTask
from careportal.notifications.services import task_create

pytestmark = pytest.mark.django_db


def _task(subject, assignee, title="Safety check for agreement CA-1", kind="agreement_safety_check"):
    return task_create(kind=kind, title=title, subject=subject, assignee=assignee, due_on=date(2026, 5, 4))


def _done_entries(task):
    return AuditEntry.objects.for_object(task).filter(action="done")


def test_marking_done_in_the_portal_is_audited_with_who_when_and_the_note(portal_as, worker, partner_org):
    task = _task(partner_org, worker)
    response = portal_as(worker).post(
        reverse("notifications:task_done", args=[task.pk]), {"note": "Visited; te tamaiti is safe."}
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.status, task.completed_by, task.completion_note) == (
        "done",
        worker,
        "Visited; te tamaiti is safe.",
    )
    entry = _done_entries(task).get()
    assert (entry.actor, entry.kind, entry.from_status, entry.to_status) == (
        worker,
        "transition",
        "open",
        "done",
    )
    assert entry.reason == "Visited; te tamaiti is safe." and entry.at is not None
    assert entry.data["task_kind"] == "agreement_safety_check"


def test_the_supervisor_may_mark_a_team_members_task_done_and_nobody_else(
    portal_as, api_as, worker, other_worker, supervisor, partner_org
):
    task = _task(partner_org, worker)
    assert portal_as(other_worker).post(reverse("notifications:task_done", args=[task.pk])).status_code == 404
    assert api_as(other_worker).post(f"/api/v1/tasks/{task.pk}/done/", {}).status_code == 404
    response = api_as(supervisor).post(f"/api/v1/tasks/{task.pk}/done/", {"note": "Covered for the worker."})
    assert response.status_code == 200, response.json()
    assert _done_entries(task).get().actor == supervisor


def test_the_portal_form_shows_the_note_length_and_refuses_a_longer_note(portal_as, worker, partner_org):
    task = _task(partner_org, worker)
    client = portal_as(worker)
    assert f'maxlength="{TASK_NOTE_MAX_LENGTH}"' in client.get("/").content.decode()
    response = client.post(
        reverse("notifications:task_done", args=[task.pk]),
        {"note": "x" * (TASK_NOTE_MAX_LENGTH + 1)},
        follow=True,
    )
    assert response.status_code == 200
    assert f"at most {TASK_NOTE_MAX_LENGTH} characters" in response.content.decode()
    task.refresh_from_db()
    assert task.status == "open" and not _done_entries(task).exists()


def test_api_lists_my_tasks_and_my_teams_without_child_names(
    api_as, worker, other_worker, supervisor, partner_org
):
    mine, theirs = _task(partner_org, worker), _task(partner_org, other_worker, title="Find alternatives")
    _task(partner_org, supervisor, title="The supervisor's own")
    body = api_as(worker).get("/api/v1/tasks/").json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert [t["id"] for t in body["results"]] == [str(mine.pk)]
    item = body["results"][0]
    assert {"id", "kind", "title", "due_on", "status", "link"} <= set(item)
    assert (item["status"], item["due_on"], item["kind"]) == ("open", "2026-05-04", "agreement_safety_check")
    team = api_as(supervisor).get("/api/v1/tasks/?team=1").json()
    assert {t["id"] for t in team["results"]} == {str(mine.pk), str(theirs.pk)}
    assert {t["title"] for t in api_as(supervisor).get("/api/v1/tasks/").json()["results"]} == {
        "The supervisor's own"
    }
    assert api_as(worker).get("/api/v1/tasks/?team=1").json()["count"] == 0  # supervises nobody
    assert api_as(worker).get("/api/v1/tasks/?team=maybe").status_code == 200


def test_api_marks_done_once_then_answers_409_with_the_status(api_as, worker, partner_org):
    task = _task(partner_org, worker)
    api = api_as(worker)
    response = api.post(f"/api/v1/tasks/{task.pk}/done/", {}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "done" and response.json()["id"] == str(task.pk)
    again = api.post(f"/api/v1/tasks/{task.pk}/done/", {"note": "twice"}, format="json")
    assert again.status_code == 409
    assert again.json()["status"] == "done" and again.json()["detail"]
    assert _done_entries(task).count() == 1
    too_long = api.post(
        f"/api/v1/tasks/{_task(partner_org, worker).pk}/done/", {"note": "x" * (TASK_NOTE_MAX_LENGTH + 1)}
    )
    assert too_long.status_code == 400 and "note" in too_long.json()


def test_a_failed_audit_leaves_the_task_open(api_as, worker, partner_org, monkeypatch):
    """One transaction: the task is not marked done without its audit entry."""
    from careportal.notifications import services

    task = _task(partner_org, worker)

    def broken(**kwargs):
        raise RuntimeError("audit store unavailable")

    monkeypatch.setattr(services, "audit_record", broken)
    with pytest.raises(RuntimeError):
        services.task_mark_done(task=task, by=worker)
    task.refresh_from_db()
    assert task.status == "open" and task.completed_at is None


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx)


@pytest.mark.parametrize("url", ["/api/v1/tasks/", "/api/v1/tasks/?team=1"])
def test_the_task_list_costs_the_same_queries_for_3_and_30(api_as, worker, supervisor, partner_org, url):
    assignee, reader = (worker, worker) if "team" not in url else (worker, supervisor)
    client = api_as(reader)
    for _ in range(3):
        _task(partner_org, assignee)
    small = _queries(client, url)
    for _ in range(27):
        _task(partner_org, assignee)
    assert _queries(client, url) == small
    assert FollowUpTask.objects.count() == 30


def test_the_support_admin_cannot_change_a_task_around_the_service(
    portal_as, admin_user, worker, partner_org
):
    task = _task(partner_org, worker)
    url = reverse("admin:notifications_followuptask_change", args=[task.pk])
    response = portal_as(admin_user).post(url, {"status": "done", "title": task.title, "kind": task.kind})
    assert response.status_code == 403
    task.refresh_from_db()
    assert task.status == "open"
