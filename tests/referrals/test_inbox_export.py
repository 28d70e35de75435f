"""The provider's inbox as CSV: its own referrals only (R-PRIV-1), no whānau details (R-PRIV-2), dates as
New Zealand dates, day first (R-DATE-1), audited as an export; a constant number of queries."""

import csv
import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from careportal.audit.models import AuditEntry
from referrals.choices import ReferralStatus
from referrals.models import Referral

pytestmark = pytest.mark.django_db
S = ReferralStatus
URL = reverse("referrals:inbox") + "?format=csv"


def _rows(response):
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(body)))


def test_the_inbox_offers_a_csv_download(portal_as, provider_user):
    html = portal_as(provider_user).get(reverse("referrals:inbox")).content.decode()
    assert 'href="?format=csv"' in html and "Download CSV" in html


def test_the_csv_holds_the_providers_own_referrals_awaiting_first(
    portal_as, provider_user, make_referral, provider2_org
):
    working = make_referral(S.MONITORING)
    waiting = make_referral(S.REFERRED)
    elsewhere = make_referral(S.REFERRED, provider=provider2_org)
    withdrawn = make_referral(S.CLOSED)
    Referral.objects.filter(pk=withdrawn.pk).update(consent_withdrawn_on=date(2026, 3, 1))  # decision 0017
    rows = _rows(portal_as(provider_user).get(URL))
    assert [r["Reference"] for r in rows] == [waiting.reference, working.reference]
    assert elsewhere.reference not in str(rows)
    assert (rows[0]["Awaiting your answer"], rows[1]["Awaiting your answer"]) == ("yes", "no")
    assert rows[1]["Status"] == "Monitoring"


def test_the_csv_has_no_whanau_details(portal_as, provider_user, make_referral):
    referral = make_referral(S.REFERRED)
    Referral.objects.filter(pk=referral.pk).update(
        family_details="Aroha Tāwhiri and her tamariki", situation="Moving house", concerns="Rent arrears"
    )
    body = b"".join(portal_as(provider_user).get(URL).streaming_content).decode("utf-8-sig")
    for private in ("Aroha", "Tāwhiri", "Moving house", "Rent arrears"):
        assert private not in body


def test_dates_are_new_zealand_dates_day_first(portal_as, provider_user, make_referral):
    referral = make_referral(S.REFERRED)
    # 02:28 on 4 Dec in New Zealand is still 3 Dec in UTC: the NZ date is the one shown.
    changed = datetime(2026, 12, 4, 2, 28, tzinfo=ZoneInfo("Pacific/Auckland"))
    Referral.objects.filter(pk=referral.pk).update(
        referred_on=date(2026, 12, 1), response_due_on=date(2026, 12, 15), updated_at=changed
    )
    row = _rows(portal_as(provider_user).get(URL))[0]
    assert (row["Referred on"], row["Please answer by"], row["Last changed"]) == (
        "1 Dec 2026",
        "15 Dec 2026",
        "4 Dec 2026",
    )
    assert row["Last contact"] == ""


def test_the_export_is_audited(portal_as, provider_user, make_referral):
    make_referral(S.REFERRED)
    _rows(portal_as(provider_user).get(URL))
    entry = AuditEntry.objects.get(action="export:referral-inbox")
    assert entry.actor == provider_user and entry.kind == "export"


@pytest.mark.parametrize("persona", ["drc", "worker", "partner_admin", "hub"])
def test_only_providers_export_an_inbox(request, portal_as, persona):
    assert portal_as(request.getfixturevalue(persona)).get(URL).status_code == 403


def test_the_export_does_not_grow_queries_with_rows(portal_as, provider_user, make_referral):
    client = portal_as(provider_user)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            _rows(client.get(URL))
        return len(ctx)

    for _ in range(3):
        make_referral(S.MONITORING)
    few = count()
    for _ in range(12):
        make_referral(S.ACCEPTED)
    assert count() == few
