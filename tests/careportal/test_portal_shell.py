"""The portal shell: every role's home renders, accessibly, with role-based navigation."""

import pytest
from django.urls import reverse

from careportal.notifications.services import notification_create, task_create

pytestmark = pytest.mark.django_db

PERSONAS = [
    "worker", "senior", "supervisor", "coordinator", "drc", "pfo", "hub", "delegate", "admin_user",
    "partner_admin", "partner_staff", "applicant_admin", "provider_user",
]  # fmt: skip


@pytest.mark.parametrize("persona", PERSONAS)
def test_home_renders_for_every_role_with_landmarks_and_skip_link(request, portal_as, persona):
    user = request.getfixturevalue(persona)
    response = portal_as(user).get(reverse("home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html
    assert 'lang="en-NZ"' in html
    assert user.get_role_display() in html


def test_partner_users_do_not_get_staff_navigation(portal_as, partner_admin, worker):
    assert 'href="/dashboard/"' not in portal_as(partner_admin).get("/").content.decode()
    assert 'href="/dashboard/"' in portal_as(worker).get("/").content.decode()
    assert portal_as(partner_admin).get("/dashboard/").status_code == 403


def test_unknown_page_is_the_portal_not_found_page(portal_as, worker):
    response = portal_as(worker).get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_notifications_page_and_mark_read(portal_as, worker):
    note = notification_create(recipient=worker, kind="t", message="Agreement CA-1 ends in 7 days", link="/")
    client = portal_as(worker)
    page = client.get(reverse("notifications:list")).content.decode()
    assert "Agreement CA-1 ends in 7 days" in page
    assert 'aria-label="1 unread"' in page
    assert client.post(reverse("notifications:read", args=[note.pk])).status_code == 302
    note.refresh_from_db()
    assert note.read_at is not None


def test_follow_up_task_shows_on_home_and_can_be_done_only_by_its_assignee(
    portal_as, worker, other_worker, partner_org
):
    task = task_create(
        kind="safety_check", title="Safety check for agreement CA-1", subject=partner_org, assignee=worker
    )
    assert "Safety check for agreement CA-1" in portal_as(worker).get("/").content.decode()
    # A colleague with the same supervisor is not the assignee's supervisor (careportal.notifications.permissions).
    assert portal_as(other_worker).post(reverse("notifications:task_done", args=[task.pk])).status_code == 404
    assert portal_as(worker).post(reverse("notifications:task_done", args=[task.pk])).status_code == 302
    task.refresh_from_db()
    assert task.status == "done"


def test_forms_show_errors_beside_fields_and_a_summary(client, worker):
    html = client.post(reverse("login"), {"username": "", "password": ""}).content.decode()
    assert 'class="error-summary"' in html
    assert 'id="id_username_error"' in html


def test_security_headers(portal_as, worker):
    response = portal_as(worker).get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert response["X-Frame-Options"] == "DENY"
