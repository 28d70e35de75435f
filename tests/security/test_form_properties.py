"""Property tests for the portal's agreement form: whatever is typed, never a 500, and never an
agreement saved past its legal maximum (R-139-1, R-140-2). The statute functions themselves have
hypothesis tests in tests/agreements/test_rules.py."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agreements.models import Agreement
from careportal.lib.dates import nz_today
from tests.agreements.factories import ChildFactory, years_ago

pytestmark = pytest.mark.django_db
TODAY = nz_today()

dates = st.one_of(
    st.dates(min_value=TODAY - timedelta(days=400), max_value=TODAY + timedelta(days=900)).map(
        date.isoformat
    ),
    st.sampled_from(["", "2026-02-30", "not a date", "9999-12-31", "0001-01-01"]),
)
form_data = st.fixed_dictionaries(
    {
        "agreement_type": st.sampled_from(["s139", "s140", "", "s999"]),
        "s140_paragraph": st.sampled_from(["", "a", "b", "c", "d", "z"]),
        "start_date": dates,
        "end_date": dates,
        "end_plan": st.sampled_from(["return_home", "transition_to_independence", "", "x"]),
        "serious_concerns_ruled_out": st.sampled_from(["", "on"]),
        "contact_person": st.text(max_size=30),
        "educational_needs": st.text(max_size=30),
        "parties-TOTAL_FORMS": st.just("1"),
        "parties-INITIAL_FORMS": st.just("0"),
        "parties-0-name": st.sampled_from(["Mere Tipene", "", "\x00"]),
        "parties-0-role": st.sampled_from(["parent", "guardian", "x"]),
        "parties-0-has_custody_right": st.sampled_from(["", "on"]),
        "parties-0-signatory": st.sampled_from(["", "on"]),
    }
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=form_data, age=st.integers(min_value=0, max_value=19))
def test_the_agreement_form_never_500s_nor_saves_past_the_legal_maximum(portal_as, worker, data, age):
    child = ChildFactory(date_of_birth=years_ago(age, days=20))
    before = set(Agreement.objects.values_list("pk", flat=True))
    response = portal_as(worker).post("/agreements/new/", {**data, "child": str(child.pk)})
    assert response.status_code in (200, 302, 400)
    for agreement in Agreement.objects.exclude(pk__in=before):
        assert response.status_code == 302
        assert agreement.end_date <= agreement.legal_max_end_date
        assert agreement.start_date <= agreement.end_date
