"""R-PRIV-3: every view of a tamaiti's record is logged, and supervisors see who viewed it."""

from __future__ import annotations

import pytest

from careportal.audit.models import AuditEntry, AuditKind
from tests.agreements.factories import agreement_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreement(partner_org, worker):
    return agreement_in("active", caregiver_organisation=partner_org, drafted_by=worker)


def _views(obj) -> list[tuple[str, str]]:
    entries = AuditEntry.objects.for_object(obj).filter(kind__in=[AuditKind.VIEW, AuditKind.DOWNLOAD])
    return list(entries.order_by("at", "id").values_list("actor__username", "action"))


def test_every_view_of_a_child_record_is_logged_portal_and_api_R_PRIV_3(
    agreement, worker, partner_admin, portal_as, api_as
):
    child = agreement.child
    assert portal_as(worker).get(f"/agreements/tamariki/{child.pk}/").status_code == 200
    assert api_as(partner_admin).get(f"/api/v1/children/{child.pk}/").status_code == 200
    assert portal_as(partner_admin).get(f"/agreements/{agreement.pk}/").status_code == 200
    assert api_as(worker).get(f"/api/v1/agreements/{agreement.pk}/").status_code == 200
    assert portal_as(worker).get(f"/agreements/{agreement.pk}/pdf/").status_code == 200
    assert _views(child) == [("worker", "view"), ("partner_admin", "view")]
    assert [a for a, _ in _views(agreement)] == ["partner_admin", "worker", "worker"]


def test_supervisors_see_who_viewed_a_child_record_R_PRIV_3(agreement, worker, supervisor, portal_as):
    child = agreement.child
    portal_as(worker).get(f"/agreements/{agreement.pk}/")
    page = portal_as(supervisor).get(f"/agreements/tamariki/{child.pk}/").content.decode()
    assert "Who viewed this record" in page
    assert (
        worker.get_full_name() in page and supervisor.get_full_name() in page
    )  # the supervisor's own view too


def test_caseworkers_and_partners_do_not_see_the_viewer_list(agreement, worker, partner_admin, portal_as):
    for user in (worker, partner_admin):
        page = portal_as(user).get(f"/agreements/tamariki/{agreement.child.pk}/").content.decode()
        assert "Who viewed this record" not in page


# --- Lists (R-PRIV-3: a list showing children's data is a view of each record shown) ---------------


def _list_entries(actor) -> list[tuple[str, str, set[str]]]:
    entries = AuditEntry.objects.filter(actor=actor, kind=AuditKind.VIEW, action="view_list").order_by("id")
    return [
        (e.object_type, str(e.data["count"]), set(e.viewed_records.values_list("object_id", flat=True)))
        for e in entries
    ]


def test_every_list_of_tamariki_writes_one_entry_naming_the_records_shown_R_PRIV_3(
    agreement, worker, portal_as, api_as
):
    other = agreement_in("draft", drafted_by=worker)
    children, agreements = {str(agreement.child_id), str(other.child_id)}, {str(agreement.pk), str(other.pk)}
    assert api_as(worker).get("/api/v1/children/").status_code == 200
    ref = agreement.child.case_reference
    assert api_as(worker).get(f"/api/v1/children/?case_reference={ref}").status_code == 200
    assert portal_as(worker).get("/agreements/tamariki/").status_code == 200
    assert api_as(worker).get("/api/v1/agreements/").status_code == 200
    assert _list_entries(worker) == [
        ("agreements.child", "2", children),
        ("agreements.child", "1", {str(agreement.child_id)}),
        ("agreements.child", "2", children),
        ("agreements.agreement", "2", agreements),
    ]
    # No per-record entries: a list is one entry, whatever its length.
    views = AuditEntry.objects.filter(actor=worker).exclude(kind=AuditKind.SECURITY)  # the sign-ins
    assert not views.exclude(action="view_list").exists()


def test_the_draft_edit_form_is_a_view_of_the_agreement_R_PRIV_3(worker, portal_as):
    draft = agreement_in("draft", drafted_by=worker)
    assert portal_as(worker).get(f"/agreements/{draft.pk}/edit/").status_code == 200
    assert _views(draft) == [("worker", "view_draft_form")]


def test_who_viewed_includes_the_lists_a_tamaiti_appeared_in_R_PRIV_3(
    agreement, worker, partner_admin, supervisor, portal_as, api_as
):
    api_as(partner_admin).get("/api/v1/children/")
    portal_as(worker).get("/agreements/tamariki/")
    api_as(worker).get("/api/v1/agreements/")
    from agreements.selectors import record_views

    assert [(v.actor.username, v.object_type) for v in record_views(agreement.child)] == [
        ("worker", "agreements.agreement"),
        ("worker", "agreements.child"),
        ("partner_admin", "agreements.child"),
    ]
    page = portal_as(supervisor).get(f"/agreements/tamariki/{agreement.child_id}/").content.decode()
    assert "This tamaiti, in a list of tamariki" in page
    assert f"Care agreement {agreement.reference}, in a list of agreements" in page
    assert partner_admin.get_full_name() in page


@pytest.mark.parametrize("path", ["/api/v1/children/", "/api/v1/agreements/"])
def test_a_list_adds_the_same_one_audit_statement_whatever_the_page_size(path, worker, api_as):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(12):
        agreement_in("draft", drafted_by=worker)
    client = api_as(worker)
    client.get(f"{path}?page_size=1")  # warm: the first request of a client does one-off work

    def queries(size: int) -> tuple[int, list[str]]:
        with CaptureQueriesContext(connection) as ctx:
            assert len(client.get(f"{path}?page_size={size}").json()["results"]) == size
        inserts = [q["sql"] for q in ctx.captured_queries if "INSERT INTO" in q["sql"]]
        return len(ctx.captured_queries), inserts

    small, large = queries(2), queries(12)
    assert small[0] == large[0]
    # PostgreSQL: the entry and the records it names in one statement (careportal.audit.services).
    [statement] = large[1]
    assert "INSERT INTO audit_auditentry" in statement and "INSERT INTO audit_viewedrecord" in statement


def test_a_list_view_in_one_statement_writes_what_the_orm_writes(worker):
    """decision 0010: the one-statement entry and records are the ORM's rows, the records in order."""
    from careportal.audit.models import ViewedRecord
    from careportal.audit.services import audit_list_view, list_view_in_steps
    from careportal.middleware import bind_request_id, reset_request_context

    def written(entry) -> tuple:
        fields = ("actor_id", "kind", "action", "object_type", "object_id", "from_status", "to_status",
                  "reason", "data", "request_id", "ip_address")  # fmt: skip
        stored = AuditEntry.objects.values(*fields).get(pk=entry.pk)
        records = ViewedRecord.objects.filter(entry=entry).order_by("id")
        returned = {name: getattr(entry, name) for name in fields}
        return stored, returned, list(records.values_list("object_type", "object_id"))

    ids = ["c", "a", "b", "10", "2"]
    token = bind_request_id("req-1")
    try:
        at_once = audit_list_view(actor=worker, object_type="agreements.child", object_ids=ids)
        in_steps = list_view_in_steps(actor=worker, object_type="agreements.child", ids=ids, what="view_list")
    finally:
        reset_request_context(token)
    assert at_once is not None and at_once.pk != in_steps.pk
    assert written(at_once) == written(in_steps)
    assert written(at_once)[0] == written(at_once)[1]
    assert written(at_once)[2] == [("agreements.child", pk) for pk in ids]
    assert abs(at_once.at - in_steps.at).total_seconds() < 5
