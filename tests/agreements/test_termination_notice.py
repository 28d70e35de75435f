"""R-TERM-1: the agreement records how it can be terminated as a choice (the statutory default, verbal
notice, or N days' written notice), and notice takes effect by that choice, not by free text. Free-text
terms from before migrate to the statutory default with a warning to review them."""

from __future__ import annotations

import importlib
from datetime import date, timedelta

import pytest
from django.apps import apps

from agreements import rules
from agreements.documents import termination_text
from agreements.models import Agreement
from careportal.exceptions import RuleViolation
from tests.agreements.factories import ChildFactory, agreement_in
from tests.agreements.test_api_journeys import draft_body

pytestmark = pytest.mark.django_db

GIVEN = date(2027, 3, 1)


@pytest.mark.parametrize(
    ("agreement_type", "notice", "days", "form", "effective"),
    [
        ("s139", "statutory", None, "verbal", date(2027, 3, 1)),  # R-139-4: at once
        ("s140", "statutory", None, "written", date(2027, 3, 9)),  # R-140-6 / R-DATE-4: 7 clear days
        ("s140", "verbal", None, "verbal", date(2027, 3, 1)),  # stated verbal notice: the day it is given
        ("s140", "verbal", None, "written", date(2027, 3, 1)),  # written notice is notice too
        ("s139", "written", 3, "written", date(2027, 3, 5)),  # 3 clear days: 2, 3, 4 March; ended from 5th
        ("s140", "written", 14, "written", date(2027, 3, 16)),
        ("s140", "written", 28, "written", date(2027, 3, 30)),
    ],
)
def test_r_term_1_notice_takes_effect_by_the_stated_choice(agreement_type, notice, days, form, effective):
    assert (
        rules.notice_effective_on(
            agreement_type=agreement_type, form=form, given_on=GIVEN, notice=notice, notice_days=days
        )
        == effective
    )


@pytest.mark.parametrize(
    ("notice", "days", "rule"), [("written", 14, "R-TERM-1"), ("statutory", None, "R-140-6")]
)
def test_verbal_notice_does_not_end_an_agreement_that_needs_written_notice(notice, days, rule):
    with pytest.raises(RuleViolation) as error:
        rules.notice_effective_on(
            agreement_type="s140", form="verbal", given_on=GIVEN, notice=notice, notice_days=days
        )
    assert error.value.rule == rule and error.value.field == "form"


def test_the_api_takes_the_choice_and_days(api_as, worker, today):
    body = draft_body(ChildFactory(), today, termination_notice="written", termination_notice_days=14)
    response = api_as(worker).post("/api/v1/agreements/", body, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["termination_notice"] == "written"
    assert response.json()["termination_notice_days"] == 14
    default = api_as(worker).post("/api/v1/agreements/", draft_body(ChildFactory(), today), format="json")
    assert default.json()["termination_notice"] == "statutory"
    assert default.json()["termination_notice_days"] is None


@pytest.mark.parametrize(
    ("notice", "days"), [("written", None), ("written", 0), ("written", 91), ("verbal", 7), ("statutory", 7)]
)
def test_written_notice_needs_its_days_and_only_it_has_days(api_as, worker, today, notice, days):
    body = draft_body(ChildFactory(), today, termination_notice=notice, termination_notice_days=days)
    response = api_as(worker).post("/api/v1/agreements/", body, format="json")
    assert response.status_code == 400
    assert "termination_notice_days" in response.json()
    assert not Agreement.objects.exists()


def test_notice_given_under_a_stated_written_period_ends_it_after_those_days(api_as, worker, today):
    agreement = agreement_in("active", s140=True, drafted_by=worker, start_date=today - timedelta(days=2))
    Agreement.objects.filter(pk=agreement.pk).update(termination_notice="written", termination_notice_days=10)
    party = str(agreement.parties.get(position=0).pk)
    response = api_as(worker).post(
        f"/api/v1/agreements/{agreement.pk}/give_notice/",
        {"party": party, "given_on": today.isoformat(), "form": "written"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["termination"]["effective_on"] == (today + timedelta(days=11)).isoformat()


def test_verbal_notice_under_a_stated_verbal_clause_ends_an_s140_agreement_at_once(api_as, worker, today):
    agreement = agreement_in("active", s140=True, drafted_by=worker, start_date=today - timedelta(days=2))
    Agreement.objects.filter(pk=agreement.pk).update(termination_notice="verbal")
    party = str(agreement.parties.get(position=0).pk)
    response = api_as(worker).post(
        f"/api/v1/agreements/{agreement.pk}/give_notice/",
        {"party": party, "given_on": today.isoformat(), "form": "verbal"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "terminated"


def test_the_document_states_the_clause_in_plain_words(worker):
    agreement = agreement_in("draft", drafted_by=worker)
    agreement.termination_notice, agreement.termination_notice_days = "written", 14
    assert "14 days' written notice" in termination_text(agreement)
    agreement.termination_notice, agreement.termination_notice_days = "statutory", None
    assert "section 139" in termination_text(agreement)


def test_free_text_terms_migrate_to_the_default_with_a_warning_until_reviewed(api_as, worker):
    migration = importlib.import_module("agreements.migrations.0006_termination_notice")
    worded = agreement_in("draft", drafted_by=worker, termination_terms="Ends on 3 days' notice.")
    plain = agreement_in("draft", drafted_by=worker)
    migration.review_free_text_terms(apps, None)
    api = api_as(worker)
    codes = {w["code"] for w in api.get(f"/api/v1/agreements/{worded.pk}/").json()["warnings"]}
    assert "termination_terms_review" in codes
    assert "termination_terms_review" not in {
        w["code"] for w in api.get(f"/api/v1/agreements/{plain.pk}/").json()["warnings"]
    }
    listed = {row["id"]: row for row in api.get("/api/v1/agreements/").json()["results"]}
    assert "termination_terms_review" in {w["code"] for w in listed[str(worded.pk)]["warnings"]}
    response = api.patch(
        f"/api/v1/agreements/{worded.pk}/",
        {"termination_notice": "written", "termination_notice_days": 3},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert "termination_terms_review" not in {w["code"] for w in response.json()["warnings"]}


def test_the_portal_form_offers_the_choice(client, worker):
    client.force_login(worker)
    page = client.get("/agreements/new/").content.decode()
    assert "Written notice of a stated number of days" in page
    assert "Days of written notice" in page
