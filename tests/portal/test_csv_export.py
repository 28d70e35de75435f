"""CSV export of the list pages (decision 0011): the page's filters applied, the same permission scope
(R-PRIV-1: a partner user exports only its own organisation's records), audited, and no child names."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client

from careportal.audit.models import AuditEntry, AuditKind
from tests.agreements.factories import ActiveAgreementFactory, AgreementFactory, ChildFactory
from tests.partners.factories import ApplicationFactory, ReadinessApplicationFactory
from tests.quality.factories import OpenActionFactory, PartnerResponseReviewFactory, PlannedReviewFactory
from tests.referrals.factories import AcceptedReferralFactory, ConsentPendingReferralFactory

pytestmark = pytest.mark.django_db


def _csv(client: Client, url: str) -> list[dict[str, str]]:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment; filename=")
    body = b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff")
    return list(csv.DictReader(io.StringIO(body)))


def test_agreements_csv_applies_the_filters_and_is_audited(worker):
    active = ActiveAgreementFactory(drafted_by=worker, child=ChildFactory(name="Hine Secretname"))
    AgreementFactory(drafted_by=worker)  # a draft: filtered out
    client = Client()
    client.force_login(worker)
    rows = _csv(client, "/agreements/?status=active&format=csv")
    assert [r["Reference"] for r in rows] == [active.reference]
    assert rows[0]["Case reference"] == active.child.case_reference
    assert "Secretname" not in str(rows)
    entry = AuditEntry.objects.get(kind=AuditKind.EXPORT)
    assert entry.actor == worker and entry.action == "export:agreements"
    assert entry.data == {"filters": {"status": "active", "format": "csv"}}


def test_agreements_list_page_links_to_the_csv_with_its_filters(worker):
    client = Client()
    client.force_login(worker)
    page = client.get("/agreements/?status=active").content.decode()
    assert 'href="?status=active&amp;format=csv"' in page


def test_partner_user_exports_only_agreements_its_organisation_cares_under_R_PRIV_1(
    partner_admin, partner_org, other_partner_org, worker
):
    ours = ActiveAgreementFactory(caregiver_organisation=partner_org, drafted_by=worker)
    ActiveAgreementFactory(caregiver_organisation=other_partner_org, drafted_by=worker)
    client = Client()
    client.force_login(partner_admin)
    rows = _csv(client, "/agreements/?format=csv")
    assert [r["Reference"] for r in rows] == [ours.reference]


def test_referrals_csv_applies_the_status_filter_and_has_no_whanau_details_R_PRIV_2(drc):
    accepted = AcceptedReferralFactory(managed_by=drc)
    ConsentPendingReferralFactory(managed_by=drc)
    client = Client()
    client.force_login(drc)
    rows = _csv(client, "/referrals/?status=accepted&format=csv")
    assert [r["Reference"] for r in rows] == [accepted.reference]
    assert rows[0]["Provider"] == accepted.provider.legal_name
    assert "Mum" not in str(rows)
    assert AuditEntry.objects.filter(kind=AuditKind.EXPORT, action="export:referrals", actor=drc).exists()


def test_pipeline_csv_lists_applications_and_filters_by_phase(pfo):
    readiness = ReadinessApplicationFactory()
    ApplicationFactory()
    client = Client()
    client.force_login(pfo)
    assert len(_csv(client, "/partners/?format=csv")) == 2
    rows = _csv(client, "/partners/?status=readiness&format=csv")
    assert [r["Organisation"] for r in rows] == [readiness.organisation.legal_name]
    assert rows[0]["Days in phase"] == "10"


def test_quality_csv_partner_sees_only_its_own_reviews_and_actions_R_PRIV_1(
    hub, partner_admin, partner_org, other_partner_org
):
    ours = PartnerResponseReviewFactory(cycle__organisation=partner_org)
    theirs = PartnerResponseReviewFactory(cycle__organisation=other_partner_org)
    PlannedReviewFactory(cycle=ours.cycle)  # internal until sent: a partner never sees it
    action = OpenActionFactory(review=ours, owner_organisation=partner_org)
    OpenActionFactory(review=theirs, owner_organisation=other_partner_org)
    client = Client()
    client.force_login(partner_admin)
    assert [r["Reference"] for r in _csv(client, "/quality/reviews/?format=csv")] == [ours.reference]
    assert [r["Action"] for r in _csv(client, "/quality/actions/?format=csv")] == [action.title]
    client.force_login(hub)
    assert len(_csv(client, "/quality/reviews/?format=csv")) == 3
    rows = _csv(client, "/quality/reviews/?status=partner_response&format=csv")
    assert {r["Reference"] for r in rows} == {ours.reference, theirs.reference}
