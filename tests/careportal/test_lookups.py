"""The look-up widget and endpoint (careportal.lookups, careportal.widgets.LookupChoiceField): a long
choice list chosen by typing; the page holds only the chosen record; what a user may see and choose."""

from __future__ import annotations

import re

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreements.models import Child
from careportal.audit.models import AuditEntry
from careportal.lookups import LIMIT
from careportal.widgets import LookupChoiceField, LookupFormMixin, finding
from partners.models import Organisation
from tests.agreements.factories import ChildFactory
from tests.factories import ApprovedPartnerFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


class ChildForm(LookupFormMixin, forms.Form):
    child = LookupChoiceField(queryset=Child.objects.all(), kind="children", label="Te tamaiti")
    note = forms.CharField()


def test_the_widget_draws_only_the_chosen_record_and_its_label():
    chosen = ChildFactory(name="Tāwhiri Ngata", case_reference="CR-PICK-1")
    ChildFactory.create_batch(5, name="Somebody Else")
    html = str(ChildForm(initial={"child": chosen.pk})["child"])
    assert f'<input type="hidden" name="child" value="{chosen.pk}" data-lookup-value>' in html
    assert 'value="Tāwhiri Ngata · CR-PICK-1 · born ' in html
    assert "<option" not in html and "Somebody Else" not in html
    assert 'data-lookup-url="/lookup/children/"' in html
    assert re.search(r'<button type="submit" name="child__find"', html)
    # The hint describes the box; the live region is on the page before anything is announced.
    assert 'aria-describedby="id_child_hint"' in html and 'role="status" aria-live="polite"' in html


def test_a_malformed_or_unknown_initial_value_draws_an_empty_box():
    for value in ("not-a-uuid", "00000000-0000-4000-8000-000000000000"):
        html = str(ChildForm(initial={"child": value})["child"])
        assert 'name="child" value=""' in html and 'name="child__q" value=""' in html


def test_an_id_outside_the_fields_queryset_is_refused_with_a_clear_error():
    outside = ChildFactory()

    class Narrow(ChildForm):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["child"].queryset = Child.objects.exclude(pk=outside.pk)

    form = Narrow({"child": str(outside.pk), "note": "x"})
    assert not form.is_valid()
    assert form.errors["child"] == [
        "That is not one you can choose here: type a name or reference, then choose from the matches."
    ]
    missing = Narrow({"child__q": "Tawh", "note": "x"})
    assert not missing.is_valid() and "choose one of the matches" in missing.errors["child"][0]


def test_find_shows_a_short_list_of_matches_keeps_what_was_typed_and_is_never_valid():
    ChildFactory.create_batch(LIMIT + 5, name="Tāwhiri Test")
    other = ChildFactory(name="Aroha Smith")
    form = ChildForm({"child__q": "tawhiri", "child__find": "1", "note": "typed elsewhere"})
    assert finding(form) and not form.is_valid() and not form.errors
    html = str(form["child"])
    assert html.count("<option") == LIMIT and "Aroha" not in html and str(other.pk) not in html
    assert f"{LIMIT} or more tamariki match “tawhiri” (type more to narrow them)" in html
    assert 'name="child__q" value="tawhiri"' in html
    assert 'name="child" value=""' not in html  # the select is the field's value now, not a hidden input
    assert 'value="typed elsewhere"' in str(form["note"])


def test_find_with_no_match_says_so():
    form = ChildForm({"child__q": "zzzz", "child__find": "1"})
    html = str(form["child"])
    assert "No tamariki match “zzzz”" in html and "<select" not in html


def test_the_widget_queries_the_same_for_few_and_many_records():
    chosen = ChildFactory()

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            str(ChildForm(initial={"child": chosen.pk})["child"])
        return len(captured)

    few = queries()
    ChildFactory.create_batch(30)
    assert queries() == few == 1


def _lookup(client, kind: str, q: str):
    return client.post(f"/lookup/{kind}/", {"q": q})


def test_the_endpoint_finds_tamariki_by_name_and_reference_prefix_and_audits_the_list(portal_as, worker):
    child = ChildFactory(name="Tāwhiri Ngata", case_reference="CR-LOOK-77")
    ChildFactory(name="Someone Else", case_reference="XX-CR-LOOK")
    client = portal_as(worker)
    by_name = _lookup(client, "children", "Ngata").json()
    assert by_name["results"] == [
        {"id": str(child.pk), "label": "Tāwhiri Ngata", "detail": by_name["results"][0]["detail"]}
    ]
    assert by_name["results"][0]["detail"].startswith("CR-LOOK-77 · born ")
    assert [r["id"] for r in _lookup(client, "children", "cr-look").json()["results"]] == [str(child.pk)]
    entry = AuditEntry.objects.filter(action="lookup").latest("pk")
    assert entry.object_type == "agreements.child" and entry.data == {"count": 1}


def test_the_endpoint_answers_at_most_the_limit_and_says_there_are_more(portal_as, worker):
    ChildFactory.create_batch(LIMIT + 1, name="Many Names")
    body = _lookup(portal_as(worker), "children", "many").json()
    assert len(body["results"]) == LIMIT and body["more"] is True


def test_the_endpoint_takes_the_text_in_the_body_never_the_url(portal_as, worker):
    client = portal_as(worker)
    assert client.get("/lookup/children/?q=Ngata").status_code == 405  # R-PRIV-2
    response = _lookup(client, "children", "N")  # too short to match
    assert response.json() == {"results": [], "more": False} and "no-store" in response["Cache-Control"]
    assert client.post("/lookup/nothing-here/", {"q": "ab"}).status_code == 404


def test_the_endpoint_gives_only_what_the_user_may_see(portal_as, partner_admin, outsider):
    ChildFactory(name="Hidden Child")
    assert _lookup(portal_as(partner_admin), "children", "Hidden").json()["results"] == []
    mine = partner_admin.organisation
    theirs = ApprovedPartnerFactory(legal_name=f"{mine.legal_name} Another")
    found = {
        r["id"] for r in _lookup(portal_as(partner_admin), "care-partners", mine.legal_name).json()["results"]
    }
    assert found == {str(mine.pk)}  # its own, never another organisation's (R-PRIV-1)
    assert str(theirs.pk) not in found
    assert _lookup(portal_as(outsider), "cycle-organisations", "Trust").json()["results"] == []


def test_organisation_lookups_keep_to_their_kind(portal_as, drc):
    provider = OrganisationFactory(legal_name="Kāinga Services", kind="community_provider")
    OrganisationFactory(legal_name="Kāinga Care", kind="care_partner")
    found = _lookup(portal_as(drc), "providers", "Kāinga").json()["results"]
    assert [r["id"] for r in found] == [str(provider.pk)]
    assert Organisation.objects.filter(legal_name__startswith="Kāinga").count() == 2


def test_anonymous_users_are_sent_to_sign_in(client):
    response = client.post("/lookup/children/", {"q": "ab"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
