"""The audit trail is append-only in the database itself (R-PRIV-3)."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.http import HttpResponse
from django.test import RequestFactory

from careportal.audit.models import AuditEntry, AuditKind
from careportal.audit.services import audit_record, audit_view
from careportal.middleware import RequestContextMiddleware

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(worker):
    return audit_record(actor=worker, kind=AuditKind.CHANGE, action="edit", object_type="x.y", object_id="1")


def test_an_audit_row_cannot_be_updated_through_the_orm(entry):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(reason="rewritten")
    entry.refresh_from_db()
    assert entry.reason == ""


def test_an_audit_row_cannot_be_saved_over(entry):
    entry.reason = "rewritten"
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        entry.save()


def test_an_audit_row_cannot_be_deleted(entry):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        entry.delete()
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_raw_sql_cannot_update_or_delete_either(entry):
    for sql in ("UPDATE audit_auditentry SET reason = 'x'", "DELETE FROM audit_auditentry"):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cur,
        ):
            cur.execute(sql)
    assert AuditEntry.objects.count() == 1


def test_a_user_who_acted_cannot_be_deleted(entry, worker):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        worker.delete()


def test_audit_view_records_who_viewed_which_record(worker, partner_org):
    audit_view(actor=worker, obj=partner_org)
    row = AuditEntry.objects.get(kind=AuditKind.VIEW)
    assert (row.actor, row.object_type, row.object_id) == (
        worker,
        "partners.organisation",
        str(partner_org.pk),
    )


def test_request_id_and_ip_are_recorded_from_the_request(worker, partner_org):
    captured = {}

    def view(request):
        captured["entry"] = audit_view(actor=worker, obj=partner_org)
        return HttpResponse("ok")

    request = RequestFactory().get("/", HTTP_X_REQUEST_ID="req-123", REMOTE_ADDR="10.1.2.3")
    response = RequestContextMiddleware(view)(request)
    assert response["X-Request-ID"] == "req-123"
    assert captured["entry"].request_id == "req-123"
    assert captured["entry"].ip_address == "10.1.2.3"


def test_a_malformed_request_id_is_replaced(portal_as, worker):
    response = portal_as(worker).get("/", HTTP_X_REQUEST_ID="bad id\nwith newline")
    assert response["X-Request-ID"] != "bad id\nwith newline"
    assert len(response["X-Request-ID"]) == 32
