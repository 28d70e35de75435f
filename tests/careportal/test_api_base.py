"""API base: schema, docs, pagination and the error format of docs/api.md."""

import pytest
from django.core.management import call_command
from django.urls import path
from rest_framework.test import APIClient
from rest_framework.views import APIView

from careportal.exceptions import NotPermitted, RuleViolation, TransitionNotAllowed
from careportal.notifications.services import notification_create

pytestmark = pytest.mark.django_db


class RaisingApi(APIView):
    """Raises the domain exception named in the URL, to prove the mapping."""

    def get(self, request, kind):
        errors = {
            "transition": TransitionNotAllowed("Cannot approve a draft.", status="draft", rule="R-X-1"),
            "rule": RuleViolation("End date too late.", rule="R-139-1", field="end_date"),
            "detail": RuleViolation("Something is off.", rule="R-X-2"),
            "forbidden": NotPermitted("Not yours."),
        }
        raise errors[kind]


urlpatterns = [path("raise/<str:kind>/", RaisingApi.as_view())]


@pytest.fixture
def raising_client(settings, worker):
    settings.ROOT_URLCONF = __name__
    client = APIClient()
    client.force_authenticate(worker)
    return client


def test_transition_not_allowed_is_a_409_with_the_current_status(raising_client):
    response = raising_client.get("/raise/transition/")
    assert response.status_code == 409
    assert response.json() == {
        "detail": "Cannot approve a draft. (R-X-1)",
        "status": "draft",
        "rule": "R-X-1",
    }


def test_rule_violation_is_a_400_on_its_field(raising_client):
    response = raising_client.get("/raise/rule/")
    assert response.status_code == 400
    assert response.json() == {"end_date": ["End date too late. (R-139-1)"]}


def test_rule_violation_without_field_is_a_400_detail(raising_client):
    response = raising_client.get("/raise/detail/")
    assert response.json() == {"detail": "Something is off. (R-X-2)"}


def test_not_permitted_is_a_403(raising_client):
    assert raising_client.get("/raise/forbidden/").status_code == 403


def test_schema_is_served_and_validates(api_as, worker, tmp_path):
    response = api_as(worker).get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    assert "/api/v1/me/" in response.json()["paths"]
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))


def test_interactive_docs_are_served_without_a_cdn(api_as, worker):
    response = api_as(worker).get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html
    assert "cdn.jsdelivr.net" not in html and "unpkg.com" not in html


def test_lists_are_paginated_as_the_contract_says(api_as, worker):
    for i in range(30):
        notification_create(recipient=worker, kind="test", message=f"Message {i}")
    client = api_as(worker)
    body = client.get("/api/v1/notifications/?page_size=10").json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 30 and len(body["results"]) == 10 and body["previous"] is None
    assert "page=2" in body["next"]
    big = client.get("/api/v1/notifications/?page_size=1000").json()
    assert len(big["results"]) == 30  # capped at 200, and there are only 30


def test_page_beyond_the_end_is_a_404_not_a_500(api_as, worker):
    assert api_as(worker).get("/api/v1/notifications/?page=99").status_code == 404


def test_notifications_are_private_to_their_recipient(api_as, worker, supervisor):
    mine = notification_create(recipient=worker, kind="test", message="For the worker")
    assert api_as(supervisor).get(f"/api/v1/notifications/{mine.pk}/").status_code == 404
    assert api_as(supervisor).post(f"/api/v1/notifications/{mine.pk}/read/").status_code == 404
    response = api_as(worker).post(f"/api/v1/notifications/{mine.pk}/read/")
    assert response.status_code == 200 and response.json()["read_at"] is not None


def test_notification_list_query_count_does_not_grow(api_as, worker, django_assert_max_num_queries):
    client = api_as(worker)
    for count in (3, 30):
        for i in range(count):
            notification_create(recipient=worker, kind="test", message=f"m{i}")
        with django_assert_max_num_queries(3):
            assert client.get("/api/v1/notifications/").status_code == 200
