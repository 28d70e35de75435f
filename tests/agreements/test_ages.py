"""Ages that matter: te tamaiti's age (R-AGE-1) and the next birthday that changes the law, on every page
that shows them with an agreement (agreement page, agreements list, tamariki list, child page)."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from agreements import rules
from tests.agreements.factories import ChildFactory, agreement_in


@pytest.mark.parametrize(
    ("born", "on", "age", "next_age", "next_on", "rule"),
    [
        (date(2020, 3, 3), date(2026, 12, 4), 6, 7, date(2027, 3, 3), "R-140-2"),
        (date(2020, 3, 3), date(2027, 3, 3), 7, 12, date(2032, 3, 3), "R-140-4"),
        (date(2014, 12, 5), date(2026, 12, 4), 11, 12, date(2026, 12, 5), "R-140-4"),
        (date(2014, 12, 4), date(2026, 12, 4), 12, 15, date(2029, 12, 4), "R-140-3"),
        (date(2011, 1, 1), date(2026, 12, 4), 15, 18, date(2029, 1, 1), "R-AGE-3"),
        # R-AGE-1 decision: a 29 February birthday falls on 1 March in a common year.
        (date(2012, 2, 29), date(2026, 12, 4), 14, 15, date(2027, 3, 1), "R-140-3"),
        (date(2016, 2, 29), date(2023, 2, 28), 6, 7, date(2023, 3, 1), "R-140-2"),
        (date(2016, 2, 29), date(2023, 3, 1), 7, 12, date(2028, 2, 29), "R-140-4"),
    ],
)
def test_next_threshold(born, on, age, next_age, next_on, rule):
    threshold = rules.next_age_threshold(born, on)
    assert rules.age_on(born, on) == age
    assert threshold is not None
    assert (threshold.age, threshold.on, threshold.rule) == (next_age, next_on, rule)


def test_no_threshold_from_18():
    assert rules.next_age_threshold(date(2008, 12, 4), date(2026, 12, 4)) is None


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31)), st.integers(0, 8000))
def test_the_threshold_is_the_first_birthday_that_changes_the_age_band(born, days):
    on = date.fromordinal(born.toordinal() + days)
    threshold = rules.next_age_threshold(born, on)
    age = rules.age_on(born, on)
    if threshold is None:
        assert age >= rules.ADULT_AGE
        return
    assert threshold.on > on and age < threshold.age
    assert rules.age_on(born, threshold.on) == threshold.age
    assert all(t <= age or t >= threshold.age for t, _, _ in rules.AGE_THRESHOLDS)


@pytest.mark.django_db
@time_machine.travel(date(2026, 12, 4), tick=False)
def test_every_page_with_te_tamaiti_shows_the_age_and_next_threshold(portal_as, worker):
    child = ChildFactory(date_of_birth=date(2020, 3, 3))
    agreement = agreement_in("active", drafted_by=worker, child=child)
    client = portal_as(worker)
    full = 'aged 6</span><span class="age-next">; turns 7 on 3 March 2027'
    short = 'aged 6</span><span class="age-next">, turns 7 on 3 Mar 2027'
    detail = client.get(reverse("agreements:detail", args=[agreement.pk])).content.decode()
    assert full in detail and "R-140-2" in detail
    assert full in client.get(reverse("agreements:child_detail", args=[child.pk])).content.decode()
    assert short in client.get(reverse("agreements:list")).content.decode()
    assert short in client.get(reverse("agreements:children")).content.decode()
