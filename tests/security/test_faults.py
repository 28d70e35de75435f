"""Faults: the queue (Redis) unreachable, and a database error in the middle of a transition.

Redis is never stopped on the machine: the Celery app is pointed at a port nothing listens on, with eager
mode off, exactly as if the broker were down. (The reminder e-mails catching up after an outage are
covered in tests/careportal/test_reminders.py; the killed worker in tests/careportal/test_celery_worker.py.)
"""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client
from rest_framework.test import APIClient

from agreements import services
from agreements.choices import AgreementStatus
from agreements.models import Agreement, AgreementDocument
from agreements.versions import issue_signing_version, requeue_documents
from careportal.audit.models import AuditEntry, AuditKind
from careportal.celery import app
from careportal.lib.dates import nz_today
from tests.agreements.factories import agreement_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _point_broker_at(url):
    """Celery keeps its producers' connections in pools made on first use: drop them, or an earlier test's
    connection to the real Redis would still deliver the messages."""
    app.conf.broker_url = url
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def broker_down(settings):
    app.conf.task_always_eager = False
    _point_broker_at("redis://127.0.0.1:1/0")  # nothing listens there
    yield
    app.conf.task_always_eager = True
    _point_broker_at(settings.CELERY_BROKER_URL)


def test_with_the_queue_down_staff_sign_in_move_records_and_see_pages(
    broker_down, supervisor, worker, partner_org, django_capture_on_commit_callbacks
):
    agreement = agreement_in("awaiting_supervisor", caregiver_organisation=partner_org, drafted_by=worker)
    client = Client()
    signed_in = client.post("/accounts/login/", {"username": "supervisor", "password": PASSWORD})
    assert signed_in.status_code == 302 and "_auth_user_id" in client.session
    for page in ("/", "/agreements/", f"/agreements/{agreement.pk}/", "/notifications/"):
        assert client.get(page).status_code == 200, page
    # The approval commits; queueing its PDF afterwards fails (the broker is down) without a 500.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/agreements/{agreement.pk}/approve/", {})
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.AWAITING_SIGNATURES
    assert not AgreementDocument.objects.filter(agreement=agreement).exists()  # the task never ran


def test_with_the_queue_down_the_pdf_is_being_prepared_never_rendered_in_the_request(
    broker_down, supervisor, worker, partner_org, django_capture_on_commit_callbacks
):
    """No worker can make the PDF, and the request must not make it either: the page and the API say it
    is being prepared (202), nothing is stored, and nothing is audited as downloaded."""
    agreement = agreement_in("awaiting_supervisor", caregiver_organisation=partner_org, drafted_by=worker)
    with django_capture_on_commit_callbacks(execute=True):
        services.agreement_approve(agreement=agreement, by=supervisor)
    client = Client()
    client.force_login(worker, backend="django.contrib.auth.backends.ModelBackend")
    page = client.get(f"/agreements/{agreement.pk}/pdf/")
    assert page.status_code == 202 and page["Content-Type"].startswith("text/html")
    assert "The document is being prepared." in page.content.decode()
    assert f'data-status-url="/agreements/{agreement.pk}/pdf/status/"' in page.content.decode()
    status = client.get(f"/agreements/{agreement.pk}/pdf/status/")
    assert status.json() == {"status": "preparing", "detail": "The document is being prepared."}
    api = APIClient()
    api.force_authenticate(worker)
    answer = api.get(f"/api/v1/agreements/{agreement.pk}/pdf/")
    assert answer.status_code == 202 and answer["Retry-After"] == "5"
    assert answer.json() == {"detail": "The document is being prepared.", "status": "preparing"}
    assert not AgreementDocument.objects.filter(agreement=agreement).exists()
    assert not AuditEntry.objects.for_object(agreement).filter(kind=AuditKind.DOWNLOAD).exists()


def test_once_the_queue_is_back_the_sweep_asks_again_and_the_download_is_served(
    broker_down, supervisor, worker, partner_org, django_capture_on_commit_callbacks
):
    agreement = agreement_in("awaiting_supervisor", caregiver_organisation=partner_org, drafted_by=worker)
    with django_capture_on_commit_callbacks(execute=True):
        services.agreement_approve(agreement=agreement, by=supervisor)
    assert requeue_documents() == []  # still down: nothing could be queued, nothing raised
    app.conf.task_always_eager = True  # the queue is back (eager: the task runs here, as a worker would)
    assert requeue_documents() == ["agreements: 1 document(s) asked for again"]
    agreement.refresh_from_db()
    assert requeue_documents() == []  # made: the sweep finds nothing left to ask for
    client = Client()
    client.force_login(worker, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(f"/agreements/{agreement.pk}/pdf/status/").json()["status"] == "ready"
    response = client.get(f"/agreements/{agreement.pk}/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert AgreementDocument.objects.filter(agreement=agreement).count() == 1


def test_a_superseded_version_is_never_served_while_its_successor_is_prepared(
    broker_down, supervisor, worker, partner_org
):
    """R-ALL-6: returned to draft and approved again, the old version is not the one to sign: until the
    queue has issued the new one, the download says it is being prepared."""
    agreement = agreement_in("awaiting_signatures", caregiver_organisation=partner_org, drafted_by=worker)
    services.agreement_return_to_draft(agreement=agreement, by=supervisor, reason="Add the contact details")
    services.agreement_submit(agreement=Agreement.objects.get(pk=agreement.pk), by=worker)
    services.agreement_approve(agreement=Agreement.objects.get(pk=agreement.pk), by=supervisor)
    client = Client()
    client.force_login(worker, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(f"/agreements/{agreement.pk}/pdf/").status_code == 202
    assert issue_signing_version(agreement.pk, nz_today()).version == 2  # the worker's next run
    assert issue_signing_version(agreement.pk, nz_today()).version == 2  # and a repeated run adds nothing
    response = client.get(f"/agreements/{agreement.pk}/pdf/")
    assert response.status_code == 200 and f"{agreement.reference}-v2.pdf" in response["Content-Disposition"]


def test_a_database_error_mid_transition_leaves_no_change_and_no_audit_row(supervisor, worker, partner_org):
    """The audit row is written after the record is saved; make that insert fail (a trigger raising, as a
    full disk or a lost connection would) and the saved status must roll back with it."""
    agreement = agreement_in("awaiting_supervisor", caregiver_organisation=partner_org, drafted_by=worker)
    table = AuditEntry._meta.db_table
    before = AuditEntry.objects.for_object(agreement).count()
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE FUNCTION pg_temp.fail_approve() RETURNS trigger AS $$ BEGIN "
            "IF NEW.action = 'approve' THEN RAISE EXCEPTION 'disk full'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql"
        )
        cursor.execute(
            f"CREATE TRIGGER fail_approve BEFORE INSERT ON {table} FOR EACH ROW EXECUTE FUNCTION pg_temp.fail_approve()"
        )
    with pytest.raises(DatabaseError), transaction.atomic():
        services.agreement_approve(agreement=agreement, by=supervisor)
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.AWAITING_SUPERVISOR
    assert agreement.approved_by_id is None
    assert AuditEntry.objects.for_object(agreement).count() == before
