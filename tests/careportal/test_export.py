"""CSV export: streamed, audited with its filters, UTF-8 with macrons, safe from formula injection (decision 0011)."""

import pytest
from django.test import RequestFactory

from careportal.audit.models import AuditEntry, AuditKind
from careportal.export import csv_response

pytestmark = pytest.mark.django_db


def test_export_streams_csv_audits_it_and_defuses_formulas(worker):
    request = RequestFactory().get("/x/?status=active&format=csv")
    request.user = worker
    rows = [{"ref": "CA-1", "who": "Whānau Ora Connect"}, {"ref": '=HYPERLINK("http://x")', "who": "-1+2"}]
    response = csv_response(
        request=request,
        name="agreements",
        columns=[("Reference", lambda r: r["ref"]), ("Organisation", lambda r: r["who"])],
        rows=rows,
        filters={"status": "active", "page": "2"},
    )
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeffReference,Organisation\r\n")
    assert "CA-1,Whānau Ora Connect" in body
    assert "'=HYPERLINK" in body and "'-1+2" in body
    assert response["Content-Disposition"].startswith('attachment; filename="agreements-')
    entry = AuditEntry.objects.get(kind=AuditKind.EXPORT)
    assert entry.actor == worker and entry.data == {"filters": {"status": "active"}}
