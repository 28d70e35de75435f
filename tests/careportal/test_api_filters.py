"""The API's filter backend (careportal.api.filters, decision 0010): django-filter's answers, fewer costs."""

from __future__ import annotations

import pytest
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from agreements.choices import AgreementStatus
from careportal.api.filters import FilterBackend
from partners.api.views import OrganisationViewSet
from partners.choices import OrganisationKind
from partners.models import Organisation
from tests.agreements.factories import agreement_in
from tests.factories import OrganisationFactory, ProviderFactory

pytestmark = pytest.mark.django_db


def _view(query: str) -> OrganisationViewSet:
    view = OrganisationViewSet()
    view.request = Request(APIRequestFactory().get(f"/api/v1/organisations/{query}"))
    view.format_kwarg, view.kwargs, view.action = None, {}, "list"
    return view


def test_the_filterset_of_filterset_fields_is_made_once_per_view():
    backend, queryset = FilterBackend(), Organisation.objects.all()
    first = backend.get_filterset_class(_view(""), queryset)
    assert first is FilterBackend().get_filterset_class(_view("?kind=care_partner"), queryset)
    assert DjangoFilterBackend().get_filterset_class(_view(""), queryset) is not first  # what it spares


@pytest.mark.parametrize(
    "query",
    ["", "?kind=care_partner", "?kind=community_provider&region=Tāmaki+Makaurau", "?page=2", "?kind_x=1"],
)
def test_answers_are_django_filters_answers(query):
    OrganisationFactory.create_batch(2)
    ProviderFactory.create_batch(3)
    view, queryset = _view(query), Organisation.objects.order_by("pk")
    ours = FilterBackend().filter_queryset(view.request, queryset, view)
    theirs = DjangoFilterBackend().filter_queryset(view.request, queryset, view)
    assert list(ours) == list(theirs)


def test_a_request_naming_no_filter_skips_the_form(monkeypatch):
    def built(*args, **kwargs):
        raise AssertionError("the filter form was built")

    monkeypatch.setattr(FilterBackend, "get_filterset", built)
    view, queryset = _view("?page=2&ordering=legal_name"), Organisation.objects.all()
    assert FilterBackend().filter_queryset(view.request, queryset, view) is queryset


def test_a_bad_filter_value_is_still_a_400(api_as, worker):
    response = api_as(worker).get("/api/v1/agreements/?status=sideways")
    assert response.status_code == 400 and "status" in response.json()


def test_filters_still_filter_through_the_api(api_as, worker, pfo):
    agreement_in(AgreementStatus.ACTIVE, drafted_by=worker)
    agreement_in(AgreementStatus.DRAFT, drafted_by=worker)
    body = api_as(worker).get("/api/v1/agreements/?status=active").json()
    assert [row["status"] for row in body["results"]] == ["active"]
    ProviderFactory()
    kinds = {
        o["kind"] for o in api_as(pfo).get("/api/v1/organisations/?kind=community_provider").json()["results"]
    }
    assert kinds == {OrganisationKind.COMMUNITY_PROVIDER}
