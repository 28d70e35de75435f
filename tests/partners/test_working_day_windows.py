"""The R-396-4 submissions and notice windows count working days as the Legislation Act s13 does (R-DATE-6)."""

from datetime import date

import pytest
import time_machine

from tests.partners.factories import ApplicationFactory, S396ApprovalFactory

pytestmark = pytest.mark.django_db


def post(client, path, body):
    return client.post(path, body)


@time_machine.travel(date(2026, 12, 14), tick=False)  # a Monday
def test_r396_4_submissions_window_skips_christmas_to_2_january_and_the_monday_after(
    api_as, pfo, partner_org, settings
):
    settings.CAREPORTAL_SUBMISSIONS_WINDOW_WORKING_DAYS = 20
    application = ApplicationFactory(organisation=partner_org, state="readiness")
    response = post(
        api_as(pfo), f"/api/v1/applications/{application.pk}/propose_decline/", {"reason": "Gaps."}
    )
    # 15–18, 21–24 Dec (8); 25 Dec – 2 Jan do not count, nor Monday 4 Jan 2027 (2 January is a Saturday);
    # 5–8 Jan (12), 11–15 (17), 18–20 (20).
    assert response.json()["submissions_due_on"] == "2027-01-20"


@time_machine.travel(date(2027, 12, 20), tick=False)  # a Monday
def test_r396_4_notice_window_skips_a_weekend_new_year(api_as, pfo, partner_org, settings):
    settings.CAREPORTAL_SUBMISSIONS_WINDOW_WORKING_DAYS = 20
    approval = S396ApprovalFactory(organisation=partner_org)
    response = post(
        api_as(pfo), f"/api/v1/approvals/{approval.pk}/propose_suspension/", {"reason": "Concerns."}
    )
    # 21–24 Dec (4); 25 Dec – 2 Jan and Mon 3, Tue 4 Jan 2028 (1 and 2 January on the weekend) do not count;
    # 5–7 Jan (7), 10–14 (12), 17–21 (17), 24–26 (20).
    assert response.json()["response_due_on"] == "2028-01-26"
