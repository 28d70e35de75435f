"""The agreements API list's plain rows (agreements.api.rows, decision 0010) read exactly as AgreementSerializer.

The list builds its JSON from `.values()` for speed; the serializer stays the one definition of an
agreement's representation (detail, transitions, the OpenAPI schema). These tests hold the two together
for every status, both sections, an extension, an ending, signatures, each warning and every role.
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from agreements import permissions as perms
from agreements.api.rows import (
    COLUMNS,
    _children_at_once,
    _TransitionsFor,
    agreement_rows,
    children_in_steps,
)
from agreements.api.serializers import AgreementSerializer
from agreements.choices import AgreementStatus
from agreements.models import Agreement, Extension
from agreements.selectors import visible_agreements, with_caregiver_accreditation
from tests.agreements.factories import (
    FACTORY_FOR_STATE,
    ActiveParagraphDAgreementFactory,
    ActiveS140AgreementFactory,
    S140Factory,
    agreement_in,
)
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db
ROLES = ["worker", "other_worker", "supervisor", "coordinator", "admin_user", "partner_admin", "outsider"]


@pytest.fixture
def every_kind_of_agreement(worker, supervisor, partner_org, today):
    """Agreements in every status, s139 and s140 and s140(1)(d), cared for by an approved partner, by an
    unapproved organisation (R-ALL-4 warning) and by the chief executive; one extended, one with a short
    s140 term (R-140-8 warning), one drafted by the supervisor (who may not approve it)."""
    unapproved = OrganisationFactory(legal_name="Not Yet Approved Trust")
    for status, factory in FACTORY_FOR_STATE.items():
        factory(drafted_by=worker, caregiver_organisation=partner_org)
        agreement_in(status, s140=True, drafted_by=worker, caregiver_organisation=unapproved)
    agreement_in(AgreementStatus.AWAITING_SUPERVISOR, drafted_by=supervisor)
    ActiveParagraphDAgreementFactory(drafted_by=worker, caregiver_organisation=partner_org)
    S140Factory(drafted_by=worker, end_date=today + timedelta(days=20))  # R-140-8
    extended = ActiveS140AgreementFactory(drafted_by=worker, caregiver_organisation=partner_org)
    Extension.objects.create(
        agreement=extended,
        start_date=extended.end_date + timedelta(days=1),
        end_date=extended.end_date + timedelta(days=30),
        previous_end_date=extended.end_date,
        approved_on=today,
        approved_by=supervisor,
        fgc_held_on=today,
        legal_max_end_date=extended.end_date + timedelta(days=60),
        legal_basis="R-140-3 extension test",
    )
    Agreement.objects.filter(status=AgreementStatus.ACTIVE).update(approved_at=timezone.now())
    return Agreement.objects.count()


def _serializer_json(user, ids: list[str]) -> list[dict]:
    request = Request(APIRequestFactory().get("/api/v1/agreements/"))
    request.user = user
    by_id = {str(a.pk): a for a in visible_agreements(user).filter(pk__in=ids)}
    data = AgreementSerializer([by_id[i] for i in ids], many=True, context={"request": request}).data
    return json.loads(JSONRenderer().render(data))


@pytest.mark.parametrize("role", ROLES)
def test_the_list_reads_exactly_as_the_serializer(role, personas, api_as, every_kind_of_agreement):
    user = personas(role)
    listed = api_as(user).get("/api/v1/agreements/?page_size=200").json()["results"]
    assert len(listed) == visible_agreements(user).count()
    assert listed == _serializer_json(user, [row["id"] for row in listed])


def test_the_fixture_covers_what_the_rows_must_get_right(api_as, worker, every_kind_of_agreement):
    """Guards the comparison above against passing on rows that show nothing interesting."""
    listed = api_as(worker).get("/api/v1/agreements/?page_size=200").json()["results"]
    assert {row["status"] for row in listed} == set(AgreementStatus.values)
    assert {w["code"] for row in listed for w in row["warnings"]} == {
        "short_s140_term",
        "caregiver_not_approved",
    }
    assert any(row["extensions"] for row in listed)
    assert any(row["termination"] for row in listed)
    assert any(party["signed_on"] for row in listed for party in row["parties"])
    assert any(row["allowed_transitions"] for row in listed)
    assert any(row["approved_at"] for row in listed)


def test_the_list_row_matches_the_detail_view(api_as, worker, every_kind_of_agreement):
    api = api_as(worker)
    for row in api.get("/api/v1/agreements/?page_size=200").json()["results"]:
        assert api.get(f"/api/v1/agreements/{row['id']}/").json() == row


def test_transition_predicates_read_only_the_declared_columns(personas, every_kind_of_agreement):
    """The rows work out allowed_transitions on an agreement with only perms.TRANSITION_COLUMNS loaded
    and no id: a predicate reading any other column raises there, for some role and row of this set."""
    rows = list(Agreement.objects.values(*perms.TRANSITION_COLUMNS))
    for role in ROLES:
        transitions_for = _TransitionsFor(personas(role))
        for row in rows:
            transitions_for(row)


def test_a_predicate_reading_another_column_is_caught(worker, every_kind_of_agreement, monkeypatch):
    """The check above can fail: a predicate that reads `site` raises on the bare agreement."""
    monkeypatch.setattr(perms, "is_caseworker", lambda user: True)
    field = Agreement._meta.get_field("status")
    submit = field.transitions[Agreement]["submit"]._django_fsm.transitions["draft"]
    monkeypatch.setattr(submit, "permission", lambda agreement, user: agreement.site == "Manukau")
    row = Agreement.objects.filter(status=AgreementStatus.DRAFT).values(*perms.TRANSITION_COLUMNS)[0]
    with pytest.raises(Agreement.DoesNotExist):
        _TransitionsFor(worker)(row)


def test_rows_need_two_queries_whatever_their_number(django_assert_num_queries, worker, partner_org):
    for status in FACTORY_FOR_STATE:
        agreement_in(status, drafted_by=worker, caregiver_organisation=partner_org)
    page = list(with_caregiver_accreditation(Agreement.objects.all()).values(*COLUMNS))
    with django_assert_num_queries(1):  # the parties with signatures and copies, extensions, documents
        rows = agreement_rows(page, worker)
    assert len(rows) == len(FACTORY_FOR_STATE)


def test_the_children_in_one_statement_are_the_orm_querysets(every_kind_of_agreement):
    """decision 0010: PostgreSQL's JSON of each agreement's parties, extensions and documents is exactly
    what the three querysets give, key order included (the JSON is written in that order)."""
    ids = list(Agreement.objects.values_list("pk", flat=True))
    at_once, in_steps = _children_at_once(ids), children_in_steps(ids)
    assert set(at_once) == set(in_steps) == set(ids)
    assert {pk: json.dumps(at_once[pk]) for pk in ids} == {pk: json.dumps(in_steps[pk]) for pk in ids}
    documents = [d for _, _, found in in_steps.values() for d in found]
    assert documents
    assert any(p["_version"] for parties, _, _ in in_steps.values() for p in parties)
    assert any(extensions for _, extensions, _ in in_steps.values())
