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
