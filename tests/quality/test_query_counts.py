"""Every list page and list endpoint runs the same number of queries for 3 rows and for 30."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from quality.services import nz_today
from tests.quality.factories import (
    AccreditationFactory,
    ActivityFactory,
    FindingFactory,
    InProgressReviewFactory,
    OverdueActionFactory,
    QACycleFactory,
    standard,
)

pytestmark = pytest.mark.django_db


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx)


def _grow(make_rows, measure):
    make_rows(3)
    small = measure()
    make_rows(27)
    return small, measure()


def _reviews(n):
    for _ in range(n):
        review = InProgressReviewFactory()
        FindingFactory(review=review)
        OverdueActionFactory(review=review)


def _actions(n):
    for _ in range(n):
        OverdueActionFactory(finding=FindingFactory())


def _cycles(n):
    for _ in range(n):
        InProgressReviewFactory(cycle=QACycleFactory(joint_review_requested=True))


def _watch(n):
    today = nz_today()
    for _ in range(n):
        AccreditationFactory(review_due_on=today + timedelta(days=30))
        AccreditationFactory(status="lapsed")
        OverdueActionFactory()


LIST_ENDPOINTS = [
    ("/api/v1/qa-reviews/?page_size=50", _reviews),
    ("/api/v1/improvement-actions/?page_size=50", _actions),
    ("/api/v1/qa-cycles/?page_size=50", _cycles),
]
LIST_PAGES = [
    ("quality:reviews", _reviews),
    ("quality:actions", _actions),
    ("quality:cycles", _cycles),
    ("quality:watch", _watch),
    ("quality:dashboard", _reviews),
]


@pytest.mark.parametrize(("url", "make_rows"), LIST_ENDPOINTS)
def test_list_endpoint_query_count_is_constant(api_as, hub, url, make_rows):
    client = api_as(hub)
    small, large = _grow(make_rows, lambda: _queries(client, url))
    assert small == large


@pytest.mark.parametrize(("name", "make_rows"), LIST_PAGES)
@pytest.mark.parametrize("persona", ["hub", "pfo"])
def test_list_page_query_count_is_constant(request, portal_as, name, make_rows, persona):
    client = portal_as(request.getfixturevalue(persona))
    small, large = _grow(make_rows, lambda: _queries(client, reverse(name)))
    assert small == large


def test_partner_list_endpoints_and_dashboard_are_constant(
    api_as, portal_as, partner_admin, make_review, make_action
):
    def rows(n):
        for _ in range(n):
            make_action("open", review=make_review("final"))

    def measure():
        return (
            _queries(api_as(partner_admin), "/api/v1/qa-reviews/?page_size=50"),
            _queries(api_as(partner_admin), "/api/v1/improvement-actions/?page_size=50"),
            _queries(portal_as(partner_admin), reverse("quality:dashboard")),
        )

    small, large = _grow(rows, measure)
    assert small == large


def test_findings_and_activities_endpoints_and_review_page_are_constant(api_as, portal_as, hub, make_review):
    review = make_review("in_progress")

    def rows(n):
        done = review.findings.count()
        for part in range(done + 1, min(done + n, 6) + 1):
            FindingFactory(review=review, standard=standard(part))
        for _ in range(n):
            ActivityFactory(review=review)
            OverdueActionFactory(review=review)

    def measure():
        return (
            _queries(api_as(hub), f"/api/v1/qa-reviews/{review.pk}/findings/"),
            _queries(api_as(hub), f"/api/v1/qa-reviews/{review.pk}/activities/?page_size=50"),
            _queries(portal_as(hub), reverse("quality:review_detail", args=[review.pk])),
        )

    small, large = _grow(rows, measure)
    assert small == large
