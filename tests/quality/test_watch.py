"""R-396-5 accreditation watch: reviews due within 3 months (1-month warning), lapsed or overdue
accreditations, approved partners with none, and overdue improvement actions."""

from datetime import timedelta

import pytest
from django.urls import reverse

from careportal.lib.dates import add_months
from quality.selectors import accreditation_watch
from quality.services import nz_today
from tests.factories import ApprovedPartnerFactory, OrganisationFactory
from tests.quality.factories import AccreditationFactory

pytestmark = pytest.mark.django_db


def _names(rows):
    return sorted(a.organisation.legal_name for a in rows)


def test_r_396_5_watch_sorts_partners_by_accreditation_state(hub):
    today = nz_today()
    due_soon = AccreditationFactory(organisation__legal_name="Due Soon", review_due_on=add_months(today, 3))
    AccreditationFactory(
        organisation__legal_name="Due Later", review_due_on=add_months(today, 3) + timedelta(days=1)
    )
    AccreditationFactory(
        organisation__legal_name="Lapsed", status="lapsed", review_due_on=today + timedelta(days=90)
    )
    AccreditationFactory(organisation__legal_name="Overdue", review_due_on=today - timedelta(days=1))
    AccreditationFactory(organisation__legal_name="Suspended", status="suspended")
    AccreditationFactory(
        organisation=OrganisationFactory(legal_name="Applicant"), review_due_on=today
    )  # not approved
    renewed = ApprovedPartnerFactory(legal_name="Renewed")
    AccreditationFactory(
        organisation=renewed,
        granted_on=today - timedelta(days=900),
        review_due_on=today - timedelta(days=100),
    )
    AccreditationFactory(
        organisation=renewed, granted_on=today - timedelta(days=10), review_due_on=today + timedelta(days=700)
    )
    ApprovedPartnerFactory(legal_name="Never Accredited")
    watch = accreditation_watch(hub, today)
    assert _names(watch.due_soon) == ["Due Soon"]
    assert _names(watch.not_current) == [
        "Lapsed",
        "Overdue",
        "Suspended",
    ]  # only each partner's latest outcome
    assert [o.legal_name for o in watch.unaccredited] == ["Never Accredited"]
    assert watch.urgent_from == add_months(today, 1)
    assert due_soon.is_current_on(today)


def test_r_396_5_watch_page_flags_the_one_month_warning_and_overdue_actions(portal_as, hub, make_action):
    today = nz_today()
    AccreditationFactory(organisation__legal_name="Within A Month", review_due_on=today + timedelta(days=10))
    AccreditationFactory(organisation__legal_name="Within Three", review_due_on=today + timedelta(days=60))
    AccreditationFactory(organisation__legal_name="Gone Lapsed", status="lapsed")
    make_action("in_progress", title="Late transition plans", due_on=today - timedelta(days=3))
    html = portal_as(hub).get(reverse("quality:watch")).content.decode()
    assert "Within 1 month" in html and "Within 3 months" in html
    assert "Gone Lapsed" in html and "Lapsed" in html
    assert "Late transition plans" in html
    assert "never revokes an approval by itself" in html
