"""Who sees what (R-PRIV-1), read-only partners, and audited views (R-PRIV-3), via the API and the portal."""

from __future__ import annotations

import pytest

from careportal.audit.models import AuditEntry
from tests.agreements.factories import ChildFactory, agreement_in

pytestmark = pytest.mark.django_db
STAFF = ("worker", "senior", "supervisor", "coordinator", "admin_user")
NO_AGREEMENTS = (
    "drc",
    "pfo",
    "hub",
    "delegate",
    "outsider",
    "applicant_admin",
    "provider_user",
    "provider2_user",
)


@pytest.fixture
def ours(worker, partner_org):
    """One agreement cared for by partner_org and one by the chief executive."""
    return (
        agreement_in("active", drafted_by=worker, caregiver_organisation=partner_org),
        agreement_in("draft", drafted_by=worker),
    )


@pytest.mark.parametrize("role", STAFF)
def test_agreement_staff_see_every_agreement(role, personas, api_as, ours):
    response = api_as(personas(role)).get("/api/v1/agreements/")
    assert response.json()["count"] == 2


@pytest.mark.parametrize("role", ["partner_admin", "partner_staff"])
def test_partner_users_see_only_agreements_their_organisation_cares_under(role, personas, api_as, ours):
    api = api_as(personas(role))
    assert [a["id"] for a in api.get("/api/v1/agreements/").json()["results"]] == [str(ours[0].pk)]
    assert api.get(f"/api/v1/agreements/{ours[0].pk}/").status_code == 200
    assert api.get(f"/api/v1/agreements/{ours[1].pk}/").status_code == 404
    assert [c["id"] for c in api.get("/api/v1/children/").json()["results"]] == [str(ours[0].child_id)]
    assert api.get(f"/api/v1/children/{ours[1].child_id}/").status_code == 404


@pytest.mark.parametrize("role", NO_AGREEMENTS)
def test_other_organisations_and_roles_see_nothing_and_get_404(role, personas, api_as, portal_as, ours):
    """R-PRIV-1: another organisation's record answers 404, never 403; so do providers' and other staff's."""
    user = personas(role)
    api = api_as(user)
    assert api.get("/api/v1/agreements/").json()["count"] == 0
    assert api.get("/api/v1/children/").json()["count"] == 0
    for agreement in ours:
        assert api.get(f"/api/v1/agreements/{agreement.pk}/").status_code == 404
        assert api.get(f"/api/v1/agreements/{agreement.pk}/history/").status_code == 404
        assert api.get(f"/api/v1/agreements/{agreement.pk}/pdf/").status_code == 404
        assert api.get(f"/api/v1/children/{agreement.child_id}/").status_code == 404
        assert portal_as(user).get(f"/agreements/{agreement.pk}/").status_code == 404
        assert portal_as(user).get(f"/agreements/tamariki/{agreement.child_id}/").status_code == 404
    page = portal_as(user).get("/agreements/")
    if role in ("outsider", "applicant_admin"):  # a care partner's own (empty) list
        assert page.status_code == 200
        assert all(a.reference not in page.content.decode() for a in ours)
    else:
        assert page.status_code == 404


def test_partner_users_are_read_only(api_as, partner_admin, ours, today):
    api = api_as(partner_admin)
    agreement = ours[0]
    assert api.get(f"/api/v1/agreements/{agreement.pk}/").json()["allowed_transitions"] == []
    assert (
        api.patch(f"/api/v1/agreements/{agreement.pk}/", {"social_needs": "x"}, format="json").status_code
        == 403
    )
    assert api.post("/api/v1/agreements/", {}, format="json").status_code == 403
    assert api.post("/api/v1/children/", {"name": "X", "date_of_birth": "2015-01-01",
                                          "case_reference": "C-1"}, format="json").status_code == 403  # fmt: skip


def test_viewing_an_agreement_or_a_child_is_audited(api_as, portal_as, worker, ours):
    """R-PRIV-3: every view of a child's record or a record about a child (API detail and portal)."""
    agreement = ours[0]
    api_as(worker).get(f"/api/v1/agreements/{agreement.pk}/")
    portal_as(worker).get(f"/agreements/{agreement.pk}/")
    api_as(worker).get(f"/api/v1/agreements/{agreement.pk}/history/")
    api_as(worker).get(f"/api/v1/children/{agreement.child_id}/")
    portal_as(worker).get(f"/agreements/tamariki/{agreement.child_id}/")
    views = AuditEntry.objects.filter(kind="view", actor=worker)
    assert views.filter(object_id=str(agreement.pk), action="view").count() == 2
    assert views.filter(object_id=str(agreement.pk), action="view_history").count() == 1
    assert views.filter(object_id=str(agreement.child_id), object_type="agreements.child").count() == 2


def test_a_list_view_is_one_entry_naming_the_records_shown_R_PRIV_3(api_as, worker, ours):
    api_as(worker).get("/api/v1/agreements/")
    entry = AuditEntry.objects.get(kind="view")
    assert (entry.action, entry.object_type, entry.object_id) == ("view_list", "agreements.agreement", "")
    shown = set(entry.viewed_records.values_list("object_id", flat=True))
    assert shown == {str(a.pk) for a in ours}


def test_children_are_searched_by_case_reference_not_name(api_as, worker):
    """R-PRIV-2: no child's name in a URL, so the search looks at case references only."""
    child = ChildFactory(name="Hinemoa Tester", case_reference="CYRAS-777")
    api = api_as(worker)
    assert api.get("/api/v1/children/?search=777").json()["count"] == 1
    assert api.get("/api/v1/children/?search=Hinemoa").json()["count"] == 0
    assert api.get(f"/api/v1/children/?case_reference={child.case_reference}").json()["count"] == 1
