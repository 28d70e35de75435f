"""An agreement in force exactly when the law says: start dates (R-DATE-5), awaiting start and lapsed
(R-ALL-10), every step judged on today's NZ date (R-ALL-10, R-ALL-1), one agreement at a time and the
repeat-s139 warning (R-ALL-9), and a new draft from a lapsed agreement. Exact dates throughout: the clock
is set with time_machine (API and portal) or passed as `today` (services, sweep)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements import services, sweep
from agreements.models import Agreement
from agreements.overlaps import overlap_violation, recent_s139
from agreements.starts import start_or_lapse
from agreements.validation import start_violation
from careportal.audit.models import AuditEntry
from careportal.notifications.kinds import NotificationKind
from careportal.notifications.models import Notification
from tests.agreements.factories import ChildFactory, agreement_in, sign_all
from tests.agreements.test_api_journeys import draft_body

pytestmark = pytest.mark.django_db
NZ = ZoneInfo("Pacific/Auckland")
D = date


def on(day: date):
    """The clock at 10:00 New Zealand time on `day` (R-DATE-1)."""
    return time_machine.travel(datetime(day.year, day.month, day.day, 10, tzinfo=NZ), tick=False)


def _url(agreement: Agreement, action: str = "") -> str:
    return f"/api/v1/agreements/{agreement.pk}/{action + '/' if action else ''}"


# --- R-DATE-5: a term starts no earlier than the day it is made --------------------------------


@pytest.mark.parametrize(
    ("start", "today", "refused"),
    [
        (D(2027, 3, 1), D(2027, 3, 1), False),  # today is allowed
        (D(2027, 3, 2), D(2027, 3, 1), False),
        (D(2027, 2, 28), D(2027, 3, 1), True),  # yesterday is not
        (D(2026, 12, 31), D(2027, 1, 1), True),  # across a year end
    ],
)
def test_start_dates_before_today_are_refused(start, today, refused):
    """R-DATE-5 on exact dates."""
    violation = start_violation(start, today)
    assert (violation is not None) == refused
    if refused:
        assert (violation.rule, violation.field) == ("R-DATE-5", "start_date")


def test_a_draft_starting_yesterday_is_a_400_on_start_date(api_as, worker):
    """R-DATE-5 at create and at update."""
    child = ChildFactory()
    with on(D(2027, 3, 1)):
        api = api_as(worker)
        response = api.post("/api/v1/agreements/", draft_body(child, D(2027, 2, 28)), format="json")
        assert response.status_code == 400
        assert "R-DATE-5" in " ".join(response.json()["start_date"])
        created = api.post("/api/v1/agreements/", draft_body(child, D(2027, 3, 1)), format="json")
        assert created.status_code == 201, created.json()
        draft = Agreement.objects.get(pk=created.json()["id"])
        response = api.patch(_url(draft), {"start_date": "2027-02-28"}, format="json")
        assert response.status_code == 400
        assert "R-DATE-5" in " ".join(response.json()["start_date"])


def test_the_portal_shows_the_start_date_rule_beside_the_field(portal_as, worker):
    from tests.agreements.test_portal import _form_data

    child = ChildFactory()
    with on(D(2027, 3, 1)):
        response = portal_as(worker).post(
            reverse("agreements:create"), _form_data(child, D(2027, 2, 27), action="save")
        )
    assert response.status_code == 400
    assert "before today" in response.content.decode() and "R-DATE-5" in response.content.decode()
    assert response.context["form"].errors["start_date"]
    assert not Agreement.objects.exists()


def test_a_draft_whose_start_date_passed_is_refused_at_submit_and_flagged_at_home(api_as, portal_as, worker):
    """R-DATE-5: existing drafts are left as they are, but not submitted until the dates change."""
    draft = agreement_in("draft", drafted_by=worker, start_date=D(2027, 2, 26))
    with on(D(2027, 3, 1)):
        response = api_as(worker).post(_url(draft, "submit"), {}, format="json")
        assert response.status_code == 409
        assert "R-DATE-5" in response.json()["detail"] and response.json()["status"] == "draft"
        home = portal_as(worker).get(reverse("home")).content.decode()
        assert draft.reference in home and "has passed: change the dates" in home
        fixed = api_as(worker).patch(
            _url(draft), {"start_date": "2027-03-01", "end_date": "2027-03-20"}, format="json"
        )
        assert fixed.status_code == 200, fixed.json()
        assert api_as(worker).post(_url(draft, "submit"), {}, format="json").status_code == 200


# --- R-ALL-10: awaiting its start, lapsed -------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "activated", "status", "reason"),
    [
        (D(2027, 3, 1), D(2027, 3, 1), "active", ""),
        (D(2027, 3, 8), D(2027, 3, 1), "awaiting_start", "Signed; in force from 8 March 2027."),
    ],
)
def test_activation_before_the_start_date_awaits_it(worker, start, activated, status, reason):
    """R-ALL-10: fully signed before its start date it is awaiting its start."""
    agreement = agreement_in("awaiting_signatures", drafted_by=worker, start_date=start)
    sign_all(agreement, on=activated)
    services.agreement_activate(agreement=agreement, by=worker, today=activated)
    agreement.refresh_from_db()
    assert (agreement.status, agreement.status_reason) == (status, reason)
    assert agreement.activated_on == (activated if status == "active" else None)
    entry = AuditEntry.objects.for_object(agreement).history().last()
    assert (entry.action, entry.to_status) == ("activate", status)


@pytest.mark.parametrize(
    ("status", "sweep_day", "after"),
    [
        ("awaiting_start", D(2027, 2, 28), "awaiting_start"),  # not yet
        ("awaiting_start", D(2027, 3, 1), "active"),  # on its start date
        ("awaiting_signatures", D(2027, 3, 1), "awaiting_signatures"),  # can still be signed today
        ("awaiting_signatures", D(2027, 3, 2), "lapsed"),  # not signed by its start date
        ("awaiting_supervisor", D(2027, 3, 2), "lapsed"),
        ("draft", D(2027, 3, 2), "draft"),  # a draft never lapses: its dates are changed (R-DATE-5)
    ],
)
def test_the_sweep_begins_and_lapses_on_the_start_date(
    worker, supervisor, status, sweep_day, after, django_capture_on_commit_callbacks
):
    """R-ALL-10, with the audit row, the reason and (for a lapse) the worker and supervisor told."""
    agreement = agreement_in(status, drafted_by=worker, start_date=D(2027, 3, 1), end_date=D(2027, 3, 21))
    with django_capture_on_commit_callbacks(execute=True):
        sweep.automatic_changes(sweep_day)
    agreement.refresh_from_db()
    assert agreement.status == after
    told = Notification.objects.filter(kind=NotificationKind.AGREEMENT_LAPSED)
    if after == "lapsed":
        assert agreement.status_reason == (
            "Lapsed: not fully signed by its start date, 1 March 2027; it was never in force."
        )
        assert set(told.values_list("recipient", flat=True)) == {worker.pk, supervisor.pk}
        assert all(agreement.reference in n.message and agreement.child.name not in n.message for n in told)
        entry = AuditEntry.objects.for_object(agreement).history().last()
        assert (entry.action, entry.from_status, entry.to_status, entry.actor) == (
            "lapse",
            status,
            "lapsed",
            None,
        )
    else:
        assert not told.exists()
    if after == "active" and status != after:
        assert (agreement.activated_on, agreement.status_reason) == (D(2027, 3, 1), "")
    assert start_or_lapse(sweep_day) == []  # idempotent


def test_the_start_and_lapse_step_runs_a_constant_number_of_queries(worker):
    def queries(n: int, start: date) -> int:
        for _ in range(n):
            agreement_in("awaiting_start", drafted_by=worker, start_date=start)
            agreement_in("awaiting_signatures", drafted_by=worker, start_date=start - timedelta(days=1))
        with CaptureQueriesContext(connection) as captured:
            assert len(start_or_lapse(start)) == 2 * n
        return len(captured)

    assert queries(3, D(2027, 3, 1)) == queries(30, D(2027, 4, 1))


@pytest.mark.parametrize(
    ("action", "body", "s140"),
    [
        (
            "give_notice",
            lambda a: {
                "party": str(a.parties.get(position=0).pk),
                "given_on": "2027-03-01",
                "form": "written",
            },
            True,
        ),
        ("withdraw_child_consent", lambda a: {"given_on": "2027-03-01"}, True),
        (
            "terminate",
            lambda a: {
                "kind": "guardian_reclaim",
                "party": str(a.parties.get(position=1).pk),
                "reason": "Tama asked.",
            },
            False,
        ),
    ],
)
def test_an_ending_while_awaiting_its_start_ends_it_at_once(api_as, worker, action, body, s140):
    """R-ALL-10: notice (even 7 days' written notice, R-140-6), consent withdrawal (R-140-7) or a guardian
    reclaim (R-ALL-7) before the start date ends it before it begins."""
    agreement = agreement_in("awaiting_start", s140=s140, drafted_by=worker, start_date=D(2027, 3, 8))
    with on(D(2027, 3, 1)):
        response = api_as(worker).post(_url(agreement, action), body(agreement), format="json")
    assert response.status_code == 200, response.json()
    data = response.json()
    assert data["status"] == "terminated"
    assert data["termination"]["effective_on"] == "2027-03-01"
    assert (
        data["status_reason"].startswith("Ended before it began:") and "1 March 2027" in data["status_reason"]
    )


# --- R-ALL-10: every step judged on today -------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "action", "body", "rule"),
    [
        (
            "active",
            "give_notice",
            lambda a: {
                "party": str(a.parties.get(position=0).pk),
                "given_on": "2027-03-22",
                "form": "verbal",
            },
            "R-ALL-1",
        ),
        ("notice_given", "withdraw_notice", lambda a: {}, "R-ALL-1"),
        (
            "awaiting_signatures",
            "record_signature",
            lambda a: {"party": str(a.parties.get(position=0).pk), "signed_on": "2027-03-22"},
            "R-ALL-10",
        ),
        ("awaiting_supervisor", "approve", lambda a: {}, "R-ALL-10"),
        ("awaiting_supervisor", "return_to_draft", lambda a: {"reason": "Dates."}, "R-ALL-10"),
    ],
)
def test_a_step_after_the_date_is_refused_before_the_sweep_has_run(
    api_as, personas, worker, supervisor, status, action, body, rule
):
    """R-ALL-10: the last day (21 March) or the start date (1 March) has passed; no sweep has run."""
    agreement = agreement_in(status, drafted_by=worker, start_date=D(2027, 3, 1), end_date=D(2027, 3, 21))
    actor = supervisor if action in ("approve", "return_to_draft") else worker
    with on(D(2027, 3, 22)):
        response = api_as(actor).post(_url(agreement, action), body(agreement), format="json")
    assert response.status_code == 409, response.json()
    assert rule in response.json()["detail"] and response.json()["status"] == status
    agreement.refresh_from_db()
    assert agreement.status == status


def test_an_agreement_past_its_date_can_still_be_cancelled(api_as, worker):
    agreement = agreement_in("awaiting_signatures", drafted_by=worker, start_date=D(2027, 3, 1))
    with on(D(2027, 3, 5)):
        response = api_as(worker).post(_url(agreement, "cancel"), {"reason": "Not signed."}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "cancelled"


def test_the_reason_is_shown_on_the_page_and_in_the_api(api_as, portal_as, worker):
    agreement = agreement_in("lapsed", drafted_by=worker)
    assert api_as(worker).get(_url(agreement)).json()["status_reason"] == agreement.status_reason
    listed = api_as(worker).get("/api/v1/agreements/").json()["results"]
    assert [row["status_reason"] for row in listed] == [agreement.status_reason]
    page = portal_as(worker).get(agreement.get_absolute_url()).content.decode()
    assert "Why it is lapsed" in page and "not fully signed by its start date" in page


# --- R-ALL-9: one agreement at a time -----------------------------------------------------------


@pytest.mark.parametrize(
    ("other_status", "start", "end", "refused"),
    [
        ("active", D(2027, 3, 22), D(2027, 4, 10), False),  # the day after the other's last day
        ("active", D(2027, 3, 21), D(2027, 4, 10), True),  # shares the other's last day
        ("active", D(2027, 2, 20), D(2027, 3, 1), True),  # shares its first day
        ("awaiting_signatures", D(2027, 3, 10), D(2027, 3, 12), True),  # inside it
        ("awaiting_start", D(2027, 3, 10), D(2027, 3, 12), True),
        ("awaiting_supervisor", D(2027, 3, 10), D(2027, 3, 12), True),
        ("awaiting_fgc", D(2027, 3, 10), D(2027, 3, 12), True),
        ("draft", D(2027, 3, 10), D(2027, 3, 12), False),  # a draft holds no days
        ("cancelled", D(2027, 3, 10), D(2027, 3, 12), False),
        ("lapsed", D(2027, 3, 10), D(2027, 3, 12), False),
    ],
)
def test_overlapping_terms_are_found(worker, other_status, start, end, refused):
    """R-ALL-9 on exact dates: the other's term is 1 to 21 March 2027."""
    other = agreement_in(other_status, drafted_by=worker, start_date=D(2027, 3, 1), end_date=D(2027, 3, 21))
    violation = overlap_violation(child=other.child, start_date=start, end_date=end)
    assert (violation is not None) == refused
    if refused:
        assert violation.rule == "R-ALL-9" and other.reference in violation.message


def test_a_notice_that_takes_effect_first_frees_the_days(worker):
    """R-ALL-9: under notice, the other holds its days only until the notice takes effect."""
    other = agreement_in("notice_given", drafted_by=worker, start_date=D(2027, 3, 1), end_date=D(2027, 3, 21))
    effective = other.termination.effective_on  # 9 March: written notice given on 1 March (R-DATE-4)
    assert overlap_violation(child=other.child, start_date=effective, end_date=D(2027, 3, 25)) is None
    assert overlap_violation(
        child=other.child, start_date=effective - timedelta(days=1), end_date=D(2027, 3, 25)
    )


def test_an_overlap_is_a_400_on_start_date_naming_the_other(api_as, worker):
    """R-ALL-9 at create and at update (api.md v1.1)."""
    with on(D(2027, 3, 1)):
        other = agreement_in("active", drafted_by=worker, start_date=D(2027, 3, 1), end_date=D(2027, 3, 21))
        api = api_as(worker)
        response = api.post("/api/v1/agreements/", draft_body(other.child, D(2027, 3, 15)), format="json")
        assert response.status_code == 400
        assert other.reference in " ".join(response.json()["start_date"])
        assert "R-ALL-9" in " ".join(response.json()["start_date"])
        later = draft_body(other.child, D(2027, 3, 22))
        created = api.post("/api/v1/agreements/", later, format="json")
        assert created.status_code == 201, created.json()
        moved = api.patch(
            _url(Agreement.objects.get(pk=created.json()["id"])), {"start_date": "2027-03-20"}, format="json"
        )
        assert moved.status_code == 400 and other.reference in " ".join(moved.json()["start_date"])


def test_approving_an_overlap_is_a_409_naming_the_other(api_as, worker, supervisor):
    """R-ALL-9 at approve: another agreement was approved for the overlapping days meanwhile."""
    with on(D(2027, 3, 1)):
        mine = agreement_in("awaiting_supervisor", drafted_by=worker, start_date=D(2027, 3, 5))
        other = agreement_in(
            "awaiting_signatures", child=mine.child, drafted_by=worker, start_date=D(2027, 3, 2)
        )
        response = api_as(supervisor).post(_url(mine, "approve"), {}, format="json")
    assert response.status_code == 409
    assert other.reference in response.json()["detail"] and "R-ALL-9" in response.json()["detail"]


# --- R-ALL-9: a new s139 soon after an earlier one ------------------------------------------------


@pytest.mark.parametrize(
    ("start", "warned"),
    [
        (D(2027, 3, 22), True),  # the day after the earlier one's last day
        (D(2027, 4, 18), True),  # 28 days after it
        (D(2027, 4, 19), False),  # 29 days after it
    ],
)
def test_a_new_s139_within_28_days_of_an_earlier_one_is_warned(worker, start, warned):
    """R-ALL-9 / R-139-2: the earlier s139's last day was 21 March 2027."""
    earlier = agreement_in("expired", drafted_by=worker, start_date=D(2027, 3, 1), end_date=D(2027, 3, 21))
    later = agreement_in("awaiting_supervisor", child=earlier.child, drafted_by=worker, start_date=start)
    warning = recent_s139(later)
    assert (warning is not None) == warned
    if warned:
        assert earlier.reference in warning and "21 March 2027" in warning


def test_an_s140_after_an_s139_is_not_warned(worker):
    earlier = agreement_in("expired", drafted_by=worker, start_date=D(2027, 3, 1), end_date=D(2027, 3, 21))
    later = agreement_in("awaiting_supervisor", s140=True, child=earlier.child, start_date=D(2027, 3, 25))
    assert recent_s139(later) is None


def test_the_supervisor_acknowledges_the_warning_and_the_audit_records_it(
    api_as, portal_as, worker, supervisor
):
    """R-ALL-9: refused without the acknowledgement, with the warning's text; recorded when given."""
    with on(D(2027, 4, 1)):
        earlier = agreement_in(
            "expired", drafted_by=worker, start_date=D(2027, 3, 1), end_date=D(2027, 3, 21)
        )
        later = agreement_in(
            "awaiting_supervisor", child=earlier.child, drafted_by=worker, start_date=D(2027, 4, 2)
        )
        page = portal_as(supervisor).get(later.get_absolute_url()).content.decode()
        assert earlier.reference in page and "approve-acknowledged_warnings" in page
        refused = api_as(supervisor).post(_url(later, "approve"), {}, format="json")
        assert refused.status_code == 409
        assert earlier.reference in refused.json()["detail"] and "R-ALL-9" in refused.json()["detail"]
        approved = api_as(supervisor).post(
            _url(later, "approve"), {"acknowledged_warnings": True}, format="json"
        )
    assert approved.status_code == 200, approved.json()
    entry = AuditEntry.objects.for_object(later).history().last()
    assert entry.action == "approve" and earlier.reference in entry.data["acknowledged_warnings"][0]


def test_without_a_warning_approval_needs_no_acknowledgement(api_as, portal_as, worker, supervisor):
    agreement = agreement_in("awaiting_supervisor", drafted_by=worker)
    assert (
        "acknowledged_warnings"
        not in portal_as(supervisor).get(agreement.get_absolute_url()).content.decode()
    )
    assert api_as(supervisor).post(_url(agreement, "approve"), {}, format="json").status_code == 200


# --- A new draft from a lapsed agreement (R-DATE-5) ---------------------------------------------


def test_a_new_draft_from_a_lapsed_agreement(api_as, worker):
    lapsed = agreement_in("lapsed", drafted_by=worker, start_date=D(2027, 3, 1), end_date=D(2027, 3, 21))
    with on(D(2027, 3, 4)):
        response = api_as(worker).post(
            _url(lapsed, "redraft"), {"start_date": "2027-03-05", "end_date": "2027-03-25"}, format="json"
        )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert (data["status"], data["start_date"], data["end_date"]) == ("draft", "2027-03-05", "2027-03-25")
    assert data["id"] != str(lapsed.pk) and data["reference"] != lapsed.reference
    draft = Agreement.objects.get(pk=data["id"])
    assert draft.child == lapsed.child and draft.educational_needs == lapsed.educational_needs
    assert [p.name for p in draft.parties.all()] == [p.name for p in lapsed.parties.all()]
    assert not any(p.signed_on for p in draft.parties.all())  # signatures again
    lapsed.refresh_from_db()
    assert lapsed.status == "lapsed"
    assert (
        AuditEntry.objects.for_object(lapsed).filter(action="redraft").get().data["reference"]
        == draft.reference
    )


@pytest.mark.parametrize(
    ("status", "start", "code", "where"),
    [
        ("lapsed", "2027-03-03", 400, "start_date"),  # R-DATE-5: before today
        ("active", "2027-03-05", 409, "detail"),  # only a lapsed agreement
    ],
)
def test_a_new_draft_is_refused(api_as, worker, status, start, code, where):
    agreement = agreement_in(status, drafted_by=worker)
    with on(D(2027, 3, 4)):
        response = api_as(worker).post(
            _url(agreement, "redraft"), {"start_date": start, "end_date": "2027-03-20"}, format="json"
        )
    assert response.status_code == code, response.json()
    assert "R-DATE-5" in str(response.json()[where])


def test_a_new_draft_from_the_lapsed_agreement_page(portal_as, api_as, worker, supervisor):
    lapsed = agreement_in("lapsed", drafted_by=worker, start_date=D(2027, 3, 1), end_date=D(2027, 3, 21))
    with on(D(2027, 3, 4)):
        client = portal_as(worker)
        assert "Start a new draft from this one" in client.get(lapsed.get_absolute_url()).content.decode()
        url = reverse("agreements:redraft", args=[lapsed.pk])
        refused = client.post(url, {"start_date": "2027-03-01", "end_date": "2027-03-20"})
        assert refused.status_code == 400 and "R-DATE-5" in refused.content.decode()
        response = client.post(url, {"start_date": "2027-03-04", "end_date": "2027-03-20"})
        draft = Agreement.objects.exclude(pk=lapsed.pk).get()
        assert response.status_code == 302 and response["Location"] == draft.get_absolute_url()
        assert (
            portal_as(supervisor)
            .post(url, {"start_date": "2027-03-04", "end_date": "2027-03-20"})
            .status_code
            == 403
        )
    assert (
        api_as(supervisor)
        .post(_url(lapsed, "redraft"), {"start_date": "2027-03-05", "end_date": "2027-03-20"}, format="json")
        .status_code
        == 403
    )


def test_the_automatic_changes_run_shortly_after_midnight_nz(worker):
    """R-ALL-10: the day's starts, lapses and endings at 00:05 NZ time, before the 06:00 reminders."""
    from django.conf import settings

    from agreements.tasks import automatic_changes

    entry = settings.CELERY_BEAT_SCHEDULE["agreements-automatic-changes"]
    assert entry["task"] == automatic_changes.name == "agreements.tasks.automatic_changes"
    assert (entry["schedule"].hour, entry["schedule"].minute) == ({0}, {5})
    assert settings.CELERY_TIMEZONE == "Pacific/Auckland"
    agreement = agreement_in("awaiting_start", drafted_by=worker, start_date=D(2027, 3, 1))
    with on(D(2027, 3, 1)):
        assert automatic_changes() == [f"agreements: {agreement.reference} is in force from 2027-03-01"]


def test_the_page_says_when_the_date_has_passed_before_the_sweep_runs(portal_as, worker):
    """R-ALL-10: the reason in plain words, before the status has changed."""
    agreement = agreement_in("awaiting_signatures", drafted_by=worker, start_date=D(2027, 3, 1))
    with on(D(2027, 3, 2)):
        page = portal_as(worker).get(agreement.get_absolute_url()).content.decode()
    assert "not fully signed by its start date (1 March 2027)" in page and "R-ALL-10" in page


def test_the_supervisor_acknowledges_the_warning_in_the_portal(portal_as, worker, supervisor):
    """R-ALL-9: the box beside the approval; without it the warning comes back, with it the approval."""
    with on(D(2027, 4, 1)):
        earlier = agreement_in(
            "expired", drafted_by=worker, start_date=D(2027, 3, 1), end_date=D(2027, 3, 21)
        )
        later = agreement_in(
            "awaiting_supervisor", child=earlier.child, drafted_by=worker, start_date=D(2027, 4, 2)
        )
        url = reverse("agreements:transition", args=[later.pk, "approve"])
        client = portal_as(supervisor)
        refused = client.post(url, {})
        later.refresh_from_db()
        assert later.status == "awaiting_supervisor" and earlier.reference in refused.content.decode()
        done = client.post(url, {"approve-acknowledged_warnings": "on"})
    later.refresh_from_db()
    assert done.status_code == 302 and later.status == "awaiting_signatures"
    assert AuditEntry.objects.for_object(later).filter(action="approve").get().data["acknowledged_warnings"]


def test_cancelling_an_agreement_awaiting_its_start_clears_its_reason(api_as, worker):
    agreement = agreement_in("awaiting_start", drafted_by=worker)
    response = api_as(worker).post(
        _url(agreement, "cancel"), {"reason": "Whānau arranged care."}, format="json"
    )
    assert (response.json()["status"], response.json()["status_reason"]) == ("cancelled", "")
