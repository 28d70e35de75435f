"""Faults: the queue (Redis) unreachable, and a database error in the middle of a transition.

Redis is never stopped on the machine: the Celery app is pointed at a port nothing listens on, with eager
mode off, exactly as if the broker were down. (The reminder e-mails catching up after an outage are
covered in tests/careportal/test_reminders.py; the killed worker in tests/careportal/test_celery_worker.py.)
"""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client

from agreements import services
from agreements.choices import AgreementStatus
from agreements.models import AgreementDocument
from careportal.audit.models import AuditEntry
from careportal.celery import app
from tests.agreements.factories import agreement_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def broker_down(settings):
    app.conf.task_always_eager = False
    app.conf.broker_url = "redis://127.0.0.1:1/0"  # nothing listens there
    yield
    app.conf.task_always_eager = True
    app.conf.broker_url = settings.CELERY_BROKER_URL


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


def test_the_pdf_the_queue_could_not_make_is_made_on_demand(
    broker_down, supervisor, worker, partner_org, django_capture_on_commit_callbacks
):
    agreement = agreement_in("awaiting_supervisor", caregiver_organisation=partner_org, drafted_by=worker)
    with django_capture_on_commit_callbacks(execute=True):
        services.agreement_approve(agreement=agreement, by=supervisor)
    client = Client()
    client.force_login(worker, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get(f"/agreements/{agreement.pk}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert AgreementDocument.objects.filter(agreement=agreement).count() == 1


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
