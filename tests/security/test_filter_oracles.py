"""No filter tells a user which ids exist (R-PRIV-1).

Every filter of every API list (walked from the OpenAPI schema and the URL resolver, so a new filter is
covered as soon as it exists) that names a related record must choose among the records the user may see:
as an organisation's user, another organisation's record and an id that exists nowhere answer the same
status and body, while staff still filter by it. The portal's filter and start forms list no other
organisation's name to a care partner.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest
from django.db import models
from django.urls import resolve
from django_filters.filters import QuerySetRequestMixin
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from partners.models import Organisation
from tests.security.routes import api_routes
from tests.security.world import ORG_SIDE, PROVIDER_SIDE, World, build_world

pytestmark = pytest.mark.django_db

ORG_PERSONAS = (*ORG_SIDE, *PROVIDER_SIDE, "applicant_admin")
STAFF_PERSONAS = ("admin_user", "hub", "pfo", "supervisor", "worker", "coordinator", "drc", "delegate")


def _owner_organisation(record: models.Model) -> Any:
    """The organisation a record belongs to, by the test's own reading of the data (not the code's)."""
    label = record._meta.label_lower
    if label == "partners.organisation":
        return record.pk
    if label in ("partners.application", "quality.qacycle", "accounts.user"):
        return record.organisation_id
    if label == "quality.qareview":
        return record.cycle.organisation_id
    if label == "agreements.agreement":
        return record.caregiver_organisation_id
    raise AssertionError(
        f"A filter chooses among {record._meta.label} records: say in _owner_organisation (this file) "
        "which organisation owns one, so the test can tell what another organisation's user may not see."
    )


def _drf_request(path: str, user: Any) -> Request:
    request = Request(APIRequestFactory().get(path))
    request.user = user
    return request


def relation_filters(staff: Any) -> list[tuple[str, str, Any]]:
    """(list path, parameter, filter) for every filter of every API list that names related records."""
    found = []
    for route in api_routes():
        if route.method != "GET" or "{" in route.template:
            continue
        func = resolve(route.template).func
        cls, actions = getattr(func, "cls", None), getattr(func, "actions", None) or {}
        if cls is None or actions.get("get") != "list":
            continue
        view = cls(request=_drf_request(route.template, staff), action="list", kwargs={}, format_kwarg=None)
        for backend in view.filter_backends:
            if not hasattr(backend, "get_filterset_class"):
                continue
            filterset = backend().get_filterset_class(view, view.get_queryset())
            for name, f in (filterset.base_filters if filterset else {}).items():
                if isinstance(f, QuerySetRequestMixin):
                    found.append((route.template, name, f))
    return found


def _choices(f: Any, path: str, user: Any) -> models.QuerySet:
    return f.queryset(_drf_request(path, user)) if callable(f.queryset) else f.queryset


def _value(record: models.Model, f: Any) -> str:
    return str(getattr(record, f.extra.get("to_field_name") or "pk"))


def _random(model: type[models.Model]) -> str:
    return str(uuid.uuid4()) if isinstance(model._meta.pk, models.UUIDField) else "2147483001"


def _answer(client, path: str, name: str, value: str) -> tuple[int, str]:
    response = client.get(path, {name: value})
    return response.status_code, response.content.decode().replace(value, "<id>")


@pytest.fixture
def world(request) -> World:
    return build_world(request)


def test_every_relation_filter_answers_alike_for_an_unseen_and_a_missing_id_R_PRIV_1(world, api_as):
    staff = world.users["admin_user"]
    filters = relation_filters(staff)
    assert {(p, n) for p, n, _ in filters} >= {
        ("/api/v1/qa-reviews/", "cycle"),
        ("/api/v1/applications/", "organisation"),
        ("/api/v1/referrals/", "managed_by"),
        ("/api/v1/agreements/", "caregiver_organisation"),
    }
    problems: list[str] = []
    for path, name, f in filters:
        if not callable(f.queryset):
            problems.append(f"{path}?{name}=: its choices are every row, not the user's (use choices_for)")
        model = _choices(f, path, staff).model
        records = list(model._default_manager.all()[:60])
        missing = _random(model)
        for persona in ORG_PERSONAS:
            user = world.users[persona]
            client = api_as(user)
            expected = _answer(client, path, name, missing)
            unseen = [
                r for r in records if _owner_organisation(r) != user.organisation_id and r.pk != user.pk
            ]
            assert unseen, f"{path}?{name}=: no record of another organisation to try"
            for record in unseen:
                got = _answer(client, path, name, _value(record, f))
                if got != expected:
                    problems.append(
                        f"{path}?{name}= as {persona}: {record!r} {got[0]}, a missing id {expected[0]}"
                    )
        # Staff still filter: some staff persona that sees the list may choose A's record, and a missing
        # id is still refused.
        owned = [r for r in records if _owner_organisation(r) == world.records["organisation"]["A"].pk]
        chosen = False
        for persona in STAFF_PERSONAS:
            user = world.users[persona]
            choices = _choices(f, path, user)
            mine = [r for r in owned if choices.filter(pk=r.pk).exists()] or list(choices[:1])
            if not mine or api_as(user).get(path).status_code != 200:
                continue
            chosen = True
            status, _ = _answer(api_as(user), path, name, _value(mine[0], f))
            if status != 200 or _answer(api_as(user), path, name, missing)[0] != 400:
                problems.append(f"{path}?{name}= as {persona}: staff no longer filter by it ({status})")
        if not chosen:
            problems.append(f"{path}?{name}=: no staff persona could filter by it")
    assert not problems, "\n".join(problems)


def _names(html: str) -> set[str]:
    return {o.legal_name for o in Organisation.objects.all() if o.legal_name in html}


@pytest.mark.parametrize("persona", ["partner_admin", "partner_staff", "outsider"])
def test_a_care_partner_sees_no_other_organisation_in_the_agreement_filter_R_PRIV_1(
    world, persona, portal_as
):
    user = world.users[persona]
    side = ORG_SIDE[persona]
    own, other = (
        world.records["organisation"][side],
        world.records["organisation"]["B" if side == "A" else "A"],
    )
    client = portal_as(user)
    page = client.get("/agreements/").content.decode()
    assert _names(page) <= {own.legal_name}
    answers = []
    for value in (str(other.pk), str(uuid.uuid4())):
        response = client.get("/agreements/", {"caregiver_organisation": value})
        html = response.content.decode()
        assert other.legal_name not in html
        select = re.search(r'<select name="caregiver_organisation".*?</select>', html, re.S)
        answers.append((response.status_code, select.group(0).replace(value, "<id>") if select else None))
    assert answers[0] == answers[1]


def test_staff_still_choose_any_caregiver_in_the_agreement_filter(world, portal_as):
    page = portal_as(world.users["supervisor"]).get("/agreements/").content.decode()
    assert {world.records["organisation"][side].legal_name for side in "AB"} <= _names(page)


@pytest.mark.parametrize("persona", ["partner_admin", "outsider", "applicant_admin", "supervisor", "pfo"])
def test_only_the_hub_may_start_a_qa_cycle_R_PRIV_1(world, persona, portal_as):
    """A refused start no longer redraws the Hub's form, which listed every approved organisation."""
    other = world.records["organisation"]["A" if persona == "outsider" else "B"]
    client = portal_as(world.users[persona])
    response = client.post("/quality/cycles/start/", {"organisation": str(other.pk)})
    assert response.status_code == 403
    assert other.legal_name not in response.content.decode()


def test_the_hub_still_chooses_among_approved_organisations(world, portal_as):
    page = portal_as(world.users["hub"]).get("/quality/cycles/").content.decode()
    assert 'name="organisation"' in page
