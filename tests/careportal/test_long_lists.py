"""Long choice lists and long list counts (decision 0010): same markup and validation, fewer costs."""

from __future__ import annotations

from datetime import date
from unittest import mock

import pytest
from django import forms
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from agreements.filters import AgreementFilter
from agreements.models import Agreement
from careportal import pagination
from careportal.pagination import LargeCountPaginator, ValuesPage
from careportal.widgets import LongModelChoiceField, LongSelect
from partners.models import Organisation
from tests.agreements.factories import AgreementFactory
from tests.factories import ApprovedPartnerFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_long_select_draws_the_same_options_as_django():
    choices = [("", "Any"), ("a", "Kāinga <Care> & Trust"), ("b", 'Te "Whare"')]
    ours = LongSelect(choices=choices).render("org", "a", {"id": "id_org", "required": True})
    assert ours == (
        '<select id="id_org" name="org" required><option value="">Any</option>'
        '<option value="a" selected>Kāinga &lt;Care&gt; &amp; Trust</option>'
        '<option value="b">Te &quot;Whare&quot;</option></select>'
    )
    django = forms.Select(choices=choices).render("org", "a", {"id": "id_org"})
    for option in ('<option value="a" selected>', "Kāinga &lt;Care&gt; &amp; Trust"):
        assert option in django


def test_long_model_choice_field_lists_columns_and_validates_against_the_queryset():
    kept = ApprovedPartnerFactory(legal_name="Kāinga Care Trust")
    other = OrganisationFactory(legal_name="Not in the list", kind="community_provider")

    class Form(forms.Form):
        organisation = LongModelChoiceField(
            queryset=Organisation.objects.filter(kind="care_partner"), label_field="legal_name"
        )

    html = str(Form()["organisation"])
    assert f'<option value="{kept.pk}">Kāinga Care Trust</option>' in html and "Not in the list" not in html
    assert Form({"organisation": str(kept.pk)}).is_valid()
    refused = Form({"organisation": str(other.pk)})
    assert not refused.is_valid() and "Select a valid choice" in refused.errors["organisation"][0]


def test_the_agreement_filter_keeps_its_caregiver_choice(rf, worker):
    partner = ApprovedPartnerFactory()
    request = rf.get("/agreements/")
    request.user = worker
    data = {"caregiver_organisation": str(partner.pk)}
    form = AgreementFilter(data, queryset=Agreement.objects.all(), request=request).form
    assert f'<option value="{partner.pk}" selected>' in str(form["caregiver_organisation"])


@pytest.fixture
def clear_cache():
    cache.clear()
    yield
    cache.clear()  # no kept count may reach another test


@pytest.mark.usefixtures("clear_cache")
@override_settings(CAREPORTAL_COUNT_CACHE_THRESHOLD=2, CAREPORTAL_COUNT_CACHE_SECONDS=30)
def test_a_long_lists_count_is_kept_briefly_and_a_short_lists_never():
    for _ in range(3):
        OrganisationFactory(kind="care_partner")
    OrganisationFactory(kind="community_provider")
    long_list = Organisation.objects.filter(kind="care_partner").order_by("legal_name")
    short_list = Organisation.objects.filter(kind="community_provider").order_by("legal_name")
    assert LargeCountPaginator(long_list, 2).count == 3
    assert LargeCountPaginator(short_list, 2).count == 1
    OrganisationFactory(kind="care_partner")
    OrganisationFactory(kind="community_provider")
    assert LargeCountPaginator(long_list, 2).count == 3  # over the threshold: the kept figure
    assert LargeCountPaginator(short_list, 2).count == 2  # under it: counted afresh
    assert LargeCountPaginator(long_list.filter(legal_name__startswith="zz"), 2).count == 0
    assert LargeCountPaginator(Organisation.objects.none(), 2).count == 0
    with override_settings(CAREPORTAL_COUNT_CACHE_SECONDS=0):
        assert LargeCountPaginator(long_list, 2).count == 4


@override_settings(CAREPORTAL_COUNT_CACHE_THRESHOLD=2, CAREPORTAL_COUNT_CACHE_SECONDS=30)
def test_a_values_page_is_counted_without_the_joins_its_values_need_and_kept_like_the_queryset():
    AgreementFactory.create_batch(3)
    queryset = Agreement.objects.order_by("reference")
    rows = ValuesPage(queryset, ("reference", "child__case_reference", "drafted_by__username"))
    with CaptureQueriesContext(connection) as captured:
        paginator = LargeCountPaginator(rows, 2)
        assert paginator.count == 3
        page = list(paginator.page(2))
    assert page == list(queryset.values("reference", "child__case_reference", "drafted_by__username")[2:])
    assert "JOIN" not in captured.captured_queries[0]["sql"]  # the count
    AgreementFactory()
    assert LargeCountPaginator(rows, 2).count == 3  # kept, keyed by the counted queryset
    assert LargeCountPaginator(queryset, 2).count == 3  # the same key as the queryset's own count


def test_a_values_page_is_read_with_its_values_written_in_and_reads_as_the_queryset():
    """decision 0010: the page's statement carries no parameters (planned once per connection), and its
    rows are the queryset's, types and all, whatever the values it names (quotes and a date too)."""
    AgreementFactory.create_batch(3)
    AgreementFactory(return_reason='O\'Brien said \\\\ "no"; --')
    queryset = Agreement.objects.filter(start_date__gte=date(2000, 1, 1)).exclude(
        return_reason="x' OR '1'='1"
    )
    fields = ("id", "reference", "start_date", "created_at", "return_reason", "child__case_reference")
    rows = ValuesPage(queryset.order_by("-created_at"), fields)
    sent = []

    def execute(sql, params, many, context):
        sent.append((sql, params))
        return context["cursor"].execute(sql, params)

    with mock.patch.object(pagination, "_with_values_written_in", wraps=pagination._with_values_written_in):
        page = rows[1:4]
        [(_, args, _)] = pagination._with_values_written_in.mock_calls  # type: ignore[attr-defined]
    assert page == list(queryset.order_by("-created_at").values(*fields)[1:4])
    with connection.cursor() as cursor:
        pagination._with_values_written_in(
            execute, args[1], args[2], False, {"connection": connection, "cursor": cursor}
        )
        assert cursor.fetchall()
    [(sql, params)] = sent
    assert params is None and "'2000-01-01'" in sql and "x'' OR ''1''=''1" in sql
