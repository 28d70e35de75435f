"""How an agreement ends: notice (R-139-4, R-140-6, R-DATE-4), withdrawal of consent (R-140-7), guardian
reclaim (R-ALL-7), an FGC decision (R-140-6); a safety check after every ending (R-ALL-8)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from agreements import sweep
from agreements.models import Agreement, Signature, Termination
from careportal.notifications.models import FollowUpTask, Notification
from tests.agreements.factories import agreement_in, sign_all, years_ago

pytestmark = pytest.mark.django_db


def post(api, agreement, name, body):
    return api.post(f"/api/v1/agreements/{agreement.pk}/{name}/", body, format="json")


def party(agreement, position):
    return str(agreement.parties.get(position=position).pk)


def safety_tasks(agreement):
    return FollowUpTask.objects.filter(kind="agreement_safety_check", subject_id=str(agreement.pk))


def test_s139_verbal_notice_ends_it_the_day_it_is_given(api_as, worker, today):
    """R-139-4: from the day notice is given the agreement has no effect; R-ALL-8 safety check follows."""
    agreement = agreement_in("active", drafted_by=worker, start_date=today - timedelta(days=3))
    response = post(
        api_as(worker),
        agreement,
        "give_notice",
        {"party": party(agreement, 0), "given_on": today.isoformat(), "form": "verbal"},
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "terminated"
    assert response.json()["termination"] == {
        "kind": "notice",
        "given_on": today.isoformat(),
        "effective_on": today.isoformat(),
        "party": party(agreement, 0),
        "form": "verbal",
        "reason": "",
    }
    task = safety_tasks(agreement).get()
    assert task.assignee == worker
    assert agreement.reference in task.title and agreement.child.name not in task.title  # R-PRIV-2


def test_s140_written_notice_takes_seven_clear_days(api_as, worker, today):
    """R-140-6 / R-DATE-4: notice on G → last day in force G + 7, ended from G + 8."""
    agreement = agreement_in("active", s140=True, drafted_by=worker)
    response = post(
        api_as(worker),
        agreement,
        "give_notice",
        {"party": party(agreement, 0), "given_on": today.isoformat(), "form": "written"},
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "notice_given"
    assert response.json()["termination"]["effective_on"] == (today + timedelta(days=8)).isoformat()
    assert not safety_tasks(agreement).exists()
    assert sweep.run(today + timedelta(days=7)) == []
    assert sweep.run(today + timedelta(days=8))
    agreement.refresh_from_db()
    assert agreement.status == "terminated"
    assert safety_tasks(agreement).count() == 1


def test_s140_verbal_notice_is_refused(api_as, worker, today):
    """R-140-6: extended care is ended by written notice."""
    agreement = agreement_in("active", s140=True, drafted_by=worker)
    response = post(
        api_as(worker),
        agreement,
        "give_notice",
        {"party": party(agreement, 0), "given_on": today.isoformat(), "form": "verbal"},
    )
    assert response.status_code == 400
    assert "R-140-6" in response.json()["form"][0]


def test_notice_from_someone_who_did_not_sign_is_refused(api_as, worker, today):
    """R-ALL-6 binds only signatories; an unsigned custody parent reclaims instead (R-ALL-7)."""
    agreement = agreement_in("active", drafted_by=worker)
    response = post(
        api_as(worker),
        agreement,
        "give_notice",
        {"party": party(agreement, 1), "given_on": today.isoformat(), "form": "verbal"},
    )
    assert response.status_code == 400
    assert "R-ALL-7" in response.json()["party"][0]


def test_notice_in_the_future_or_from_another_agreement_is_refused(api_as, worker, today):
    agreement = agreement_in("active", drafted_by=worker)
    other = agreement_in("active", drafted_by=worker)
    api = api_as(worker)
    response = post(
        api,
        agreement,
        "give_notice",
        {"party": party(agreement, 0), "given_on": (today + timedelta(days=1)).isoformat(), "form": "verbal"},
    )
    assert response.status_code == 400 and "given_on" in response.json()
    response = post(
        api,
        agreement,
        "give_notice",
        {"party": party(other, 0), "given_on": today.isoformat(), "form": "verbal"},
    )
    assert response.status_code == 400 and "party" in response.json()
    agreement.refresh_from_db()
    assert agreement.status == "active"


def test_notice_can_be_withdrawn_before_it_takes_effect(api_as, worker):
    agreement = agreement_in("notice_given", drafted_by=worker)
    response = post(api_as(worker), agreement, "withdraw_notice", {})
    assert response.status_code == 200
    assert response.json()["status"] == "active" and response.json()["termination"] is None


def test_notice_is_withdrawn_by_the_party_who_gave_it_and_the_audit_names_them(api_as, worker):
    """Lifecycle: notice can be withdrawn by the party who gave it; the history records who."""
    from careportal.audit.models import AuditEntry

    agreement = agreement_in("notice_given", drafted_by=worker)
    giver = party(agreement, 0)
    response = post(api_as(worker), agreement, "withdraw_notice", {"party": giver})
    assert response.status_code == 200, response.json()
    entry = AuditEntry.objects.filter(object_id=str(agreement.pk), action="withdraw_notice").get()
    assert entry.data["withdrawn_by_party"] == giver == entry.data["party"]


def test_a_withdrawal_of_notice_for_anyone_but_the_giver_is_refused(api_as, worker):
    agreement = agreement_in("notice_given", drafted_by=worker)
    response = post(api_as(worker), agreement, "withdraw_notice", {"party": party(agreement, 1)})
    assert response.status_code == 400
    assert "only they can withdraw it" in response.json()["party"][0]
    agreement.refresh_from_db()
    assert agreement.status == "notice_given" and agreement.current_termination is not None


def test_the_portal_asks_who_withdraws_the_notice_and_refuses_another_party(client, worker):
    agreement = agreement_in("notice_given", drafted_by=worker)
    client.force_login(worker)
    url = f"/agreements/{agreement.pk}/withdraw_notice/"
    page = client.get(f"/agreements/{agreement.pk}/")
    assert page.status_code == 200
    assert f'value="{party(agreement, 0)}" selected' in page.content.decode()
    refused = client.post(url, {"withdraw_notice-party": party(agreement, 1)})
    assert refused.status_code in (200, 400)
    assert "only they can withdraw it" in refused.content.decode()
    done = client.post(url, {"withdraw_notice-party": party(agreement, 0)})
    assert done.status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == "active"


def test_notice_cannot_be_withdrawn_once_it_has_taken_effect(api_as, worker, today):
    """R-DATE-4: on the effective date the agreement has already ended (even before the sweep runs)."""
    agreement = agreement_in("notice_given", drafted_by=worker, start_date=today - timedelta(days=10))
    Termination.objects.filter(agreement=agreement).update(effective_on=today)
    response = post(api_as(worker), agreement, "withdraw_notice", {})
    assert response.status_code == 409
    assert response.json()["rule"] == "R-DATE-4"


def test_child_withdrawing_consent_is_notice_with_follow_up_tasks(api_as, worker, coordinator, today):
    """R-140-7: notice of termination (7 days' written) plus a kōrero task and an FGC task."""
    agreement = agreement_in("active", s140=True, drafted_by=worker)
    response = post(api_as(worker), agreement, "withdraw_child_consent", {"given_on": today.isoformat()})
    assert response.status_code == 200, response.json()
    termination = response.json()["termination"]
    assert termination["kind"] == "child_withdrew_consent"
    assert termination["effective_on"] == (today + timedelta(days=8)).isoformat()
    assert termination["party"] == str(agreement.parties.get(role="child").pk)
    tasks = FollowUpTask.objects.filter(subject_id=str(agreement.pk))
    assert set(tasks.values_list("kind", flat=True)) == {
        "agreement_explore_consent_withdrawal",
        "agreement_consider_reconvening_fgc",
    }
    assert all(agreement.child.name not in t.title for t in tasks)


@pytest.mark.parametrize(("s140", "age"), [(False, 14), (True, 11)], ids=["s139", "under-12"])
def test_child_consent_withdrawal_needs_s140_and_a_child_of_12_or_over(api_as, worker, today, s140, age):
    """R-140-7 with R-140-4: only an s140 agreement rests on the consent of a child 12 or over."""
    agreement = agreement_in(
        "active", s140=s140, drafted_by=worker, child__date_of_birth=years_ago(age, days=5)
    )
    response = post(api_as(worker), agreement, "withdraw_child_consent", {"given_on": today.isoformat()})
    assert response.status_code == 409
    assert response.json()["rule"] == "R-140-7"


def test_guardian_reclaim_ends_it_immediately(api_as, worker, today):
    """R-ALL-7: a custody parent who did not sign asks to care for te tamaiti: no notice period."""
    agreement = agreement_in("notice_given", s140=True, drafted_by=worker)
    response = post(
        api_as(worker),
        agreement,
        "terminate",
        {"kind": "guardian_reclaim", "party": party(agreement, 1), "reason": "Tama is home again."},
    )
    assert response.status_code == 200, response.json()
    data = response.json()
    assert data["status"] == "terminated"
    assert data["termination"]["kind"] == "guardian_reclaim"
    assert data["termination"]["effective_on"] == today.isoformat()
    assert safety_tasks(agreement).count() == 1


@pytest.mark.parametrize("position", [0, 999], ids=["signed-parent", "te-tamaiti"])
def test_guardian_reclaim_only_by_an_unsigned_parent_or_guardian_with_custody(api_as, worker, position):
    agreement = agreement_in("active", s140=True, drafted_by=worker)
    response = post(
        api_as(worker),
        agreement,
        "terminate",
        {"kind": "guardian_reclaim", "party": party(agreement, position), "reason": "Asked."},
    )
    assert response.status_code == 400
    assert "R-ALL-7" in response.json()["party"][0]


def test_an_fgc_decision_ends_it_on_the_date_the_fgc_sets(api_as, coordinator, worker, today):
    """R-140-6: whatever the agreement says; a future date waits for the sweep, which ends it then."""
    agreement = agreement_in("active", s140=True, drafted_by=worker)
    ends = today + timedelta(days=3)
    response = post(
        api_as(coordinator),
        agreement,
        "terminate",
        {"kind": "fgc_decision", "effective_on": ends.isoformat(), "reason": "FGC reconvened."},
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "notice_given"
    response = post(api_as(worker), agreement, "withdraw_notice", {})
    assert response.status_code == 409 and response.json()["rule"] == "R-140-6"
    sweep.run(ends)
    agreement.refresh_from_db()
    assert agreement.status == "terminated"
    assert agreement.termination.kind == "fgc_decision"
    assert safety_tasks(agreement).count() == 1


def test_an_fgc_decision_dated_today_ends_it_now(api_as, coordinator, worker, today):
    agreement = agreement_in("active", s140=True, drafted_by=worker, start_date=today - timedelta(days=30))
    response = post(
        api_as(coordinator),
        agreement,
        "terminate",
        {"kind": "fgc_decision", "effective_on": today.isoformat(), "reason": "FGC decision."},
    )
    assert response.json()["status"] == "terminated"
    assert safety_tasks(agreement).count() == 1


def test_an_fgc_decision_does_not_end_an_s139_agreement(api_as, coordinator, worker, today):
    agreement = agreement_in("active", drafted_by=worker)
    response = post(
        api_as(coordinator),
        agreement,
        "terminate",
        {"kind": "fgc_decision", "effective_on": today.isoformat(), "reason": "x"},
    )
    assert response.status_code == 400
    assert "R-140-6" in response.json()["kind"][0]


def test_return_to_draft_keeps_the_reason_clears_signatures_and_tells_the_worker(
    api_as, worker, supervisor, django_capture_on_commit_callbacks
):
    agreement = agreement_in("awaiting_signatures", drafted_by=worker)
    sign_all(agreement)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = post(
            api_as(supervisor), agreement, "return_to_draft", {"reason": "Check the access dates."}
        )
    assert response.json()["return_reason"] == "Check the access dates."
    assert not Notification.objects.filter(kind="agreement_returned").exists()  # only once it commits
    for callback in callbacks:
        callback()
    note = Notification.objects.get(recipient=worker, kind="agreement_returned")
    assert agreement.child.name not in note.message and agreement.reference in note.message
    # R-ALL-6: the signatures stay on the version they were made on; none counts on the next one.
    assert Signature.objects.filter(party__agreement=agreement).exists()
    returned = Agreement.objects.get(pk=agreement.pk)
    assert returned.signing_version is None
    assert all(p.signed_on is None for p in returned.parties.all())


def test_return_to_draft_needs_a_reason(api_as, worker, supervisor):
    agreement = agreement_in("awaiting_supervisor", drafted_by=worker)
    response = post(api_as(supervisor), agreement, "return_to_draft", {"reason": ""})
    assert response.status_code == 400
    assert Agreement.objects.get(pk=agreement.pk).status == "awaiting_supervisor"


@pytest.mark.parametrize(("age", "offered"), [(11, False), (12, True), (15, True)])
def test_the_portal_offers_consent_withdrawal_only_for_te_tamaiti_of_12_or_over(client, worker, age, offered):
    """R-140-7 with R-140-4: the button only for a child of 12 or over today."""
    agreement = agreement_in("active", s140=True, drafted_by=worker, child__date_of_birth=years_ago(age))
    client.force_login(worker)
    page = client.get(f"/agreements/{agreement.pk}/").content.decode()
    assert ("Record withdrawal of consent" in page) is offered


def test_the_portal_refuses_a_younger_childs_withdrawal_with_the_reason(client, worker, today):
    agreement = agreement_in("active", s140=True, drafted_by=worker, child__date_of_birth=years_ago(11))
    client.force_login(worker)
    response = client.post(
        f"/agreements/{agreement.pk}/withdraw_child_consent/",
        {"withdraw_child_consent-given_on": today.isoformat(), "confirmed": "yes"},
    )
    assert response.status_code in (400, 409)
    assert "Te tamaiti was under 12 on that day" in response.content.decode()
    agreement.refresh_from_db()
    assert agreement.status == "active"
