"""The agreement form's child picker and caregiver (careportal.widgets.LookupChoiceField): the page's size
and queries do not grow with the number of tamariki; without JavaScript, find then choose then save;
an id the user may not choose is refused on the form."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements.models import Agreement
from careportal.lib.dates import nz_today
from tests.agreements.factories import ChildFactory, years_ago
from tests.agreements.test_portal import _form_data
from tests.factories import ApprovedPartnerFactory

pytestmark = pytest.mark.django_db


def _form_page(client, path: str) -> tuple[bytes, int]:
    client.get(path)  # the session and caches warm
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return response.content, len(captured)


def test_the_form_is_the_same_size_and_queries_for_10_and_for_many_more_tamariki(portal_as, worker):
    client = portal_as(worker)
    chosen = ChildFactory(name="Tāwhiri Ngata")
    ChildFactory.create_batch(9)
    ApprovedPartnerFactory.create_batch(3)
    path = f"{reverse('agreements:create')}?child={chosen.pk}"
    few, few_queries = _form_page(client, path)
    ChildFactory.create_batch(300)
    ApprovedPartnerFactory.create_batch(30)
    many, many_queries = _form_page(client, path)
    assert abs(len(many) - len(few)) <= 0.05 * len(few)
    assert many_queries == few_queries
    assert many.count(b"<option") == few.count(b"<option")  # the fixed lists only (type, plan, …)
    assert "Tāwhiri Ngata · " in many.decode()


def test_without_javascript_find_then_choose_then_save(portal_as, worker):
    client = portal_as(worker)
    child = ChildFactory(name="Tāwhiri Ngata", date_of_birth=years_ago(5))
    ChildFactory(name="Aroha Smith")
    today = nz_today()
    typed = {**_form_data(child, today), "child": "", "child__q": "tawhiri", "child__find": "1"}
    found = client.post(reverse("agreements:create"), typed)
    page = found.content.decode()
    assert found.status_code == 200 and not Agreement.objects.exists()
    assert "1 tamariki match “tawhiri”" in page and "Aroha" not in page
    assert f'<option value="{child.pk}">Tāwhiri Ngata · ' in page
    assert 'value="Mere Tipene"' in page and 'class="field-error"' not in page  # nothing typed is lost
    chosen = {**typed, "child": str(child.pk)}
    del chosen["child__find"]
    saved = client.post(reverse("agreements:create"), chosen)
    assert saved.status_code == 302
    assert Agreement.objects.get().child == child


def test_an_id_the_user_may_not_choose_is_a_form_error_never_a_500(portal_as, worker):
    client = portal_as(worker)
    child = ChildFactory(date_of_birth=years_ago(5))
    today = nz_today()
    for bad in ("00000000-0000-4000-8000-000000000000", "not-a-uuid"):
        response = client.post(reverse("agreements:create"), {**_form_data(child, today), "child": bad})
        assert response.status_code == 400
        assert "That is not one you can choose here" in response.content.decode()
    community = ApprovedPartnerFactory(kind="community_provider")
    response = client.post(
        reverse("agreements:create"), _form_data(child, today, caregiver_organisation=str(community.pk))
    )
    assert response.status_code == 400 and "That is not one you can choose here" in response.content.decode()
    assert not Agreement.objects.exists()


def test_the_caregiver_is_chosen_the_same_way(portal_as, worker):
    client = portal_as(worker)
    child = ChildFactory(date_of_birth=years_ago(5))
    partner = ApprovedPartnerFactory(legal_name="Kāinga Care Trust")
    today = nz_today()
    found = client.post(
        reverse("agreements:create"),
        _form_data(child, today, caregiver_organisation__q="kainga", caregiver_organisation__find="1"),
    )
    assert found.status_code == 200
    assert f'<option value="{partner.pk}">Kāinga Care Trust' in found.content.decode()
    saved = client.post(
        reverse("agreements:create"), _form_data(child, today, caregiver_organisation=str(partner.pk))
    )
    assert saved.status_code == 302 and Agreement.objects.get().caregiver_organisation == partner
