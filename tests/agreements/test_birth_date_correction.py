"""R-AGE-4: a corrected date of birth re-evaluates every open agreement of that child at once (legal
maximum and age band, te tamaiti's consent and signature, the 18th-birthday cap); an unlawful one is
refused at its next step or, in force, ended by the sweep on the day the law requires; the social worker
and supervisor are told. The sweep never trusts a stored maximum over the child's date of birth."""

from __future__ import annotations

from datetime import timedelta

import pytest

from agreements import rules, sweep
from agreements.models import Agreement, Child
from agreements.services import child_update
from careportal.notifications.models import Notification
from tests.agreements.factories import agreement_in, sign_all, years_ago

pytestmark = pytest.mark.django_db

CORRECTED = "agreement_birth_date_corrected"


@pytest.fixture
def correct(django_capture_on_commit_callbacks):
    """The service as a request runs it: the notifications go once its transaction commits."""

    def run(child, worker, date_of_birth):
        with django_capture_on_commit_callbacks(execute=True):
            return child_update(child=child, by=worker, date_of_birth=date_of_birth)

    return run


def test_r_age_4_a_younger_child_shortens_the_maximum_and_the_next_step_is_refused(
    api_as, worker, today, correct
):
    """R-140-2 / R-AGE-2: 8 on the start date → 12 months; corrected to 6 → 6 months; a 10-month term stops."""
    agreement = agreement_in(
        "draft",
        s140=True,
        drafted_by=worker,
        child__date_of_birth=years_ago(8),
        end_date=rules.last_day_for_months(today, 10),
    )
    correct(agreement.child, worker, years_ago(6))
    agreement.refresh_from_db()
    assert agreement.legal_max_end_date == rules.last_day_for_months(today, 6)
    assert "R-140-2" in agreement.legal_basis
    response = api_as(worker).post(f"/api/v1/agreements/{agreement.pk}/submit/", {}, format="json")
    assert response.status_code == 409
    assert response.json()["rule"] == "R-AGE-4"
    (note,) = Notification.objects.filter(kind=CORRECTED, recipient=worker)
    assert agreement.reference in note.message and agreement.child.name not in note.message  # R-PRIV-2
    assert "change the dates before its next step" in note.message


def test_r_age_4_an_agreement_in_force_ends_on_the_day_before_the_corrected_18th_birthday(
    worker, today, correct
):
    agreement = agreement_in("active", drafted_by=worker, child__date_of_birth=years_ago(15))
    agreement.refresh_from_db()
    eighteenth = today + timedelta(days=5)
    correct(agreement.child, worker, eighteenth.replace(year=eighteenth.year - 18))
    agreement.refresh_from_db()
    assert agreement.legal_max_end_date == eighteenth - timedelta(days=1)
    recipients = set(Notification.objects.filter(kind=CORRECTED).values_list("recipient_id", flat=True))
    assert recipients == {worker.pk, agreement.approved_by_id}
    assert sweep.run(eighteenth - timedelta(days=1)) == []
    assert sweep.run(eighteenth)
    agreement.refresh_from_db()
    assert agreement.status == "expired"
    assert agreement.termination.effective_on == eighteenth


def test_the_sweep_never_trusts_a_stored_maximum_over_the_childs_date_of_birth(worker, today):
    """A date changed without the service (an import, the admin): the sweep reads the child's date itself."""
    agreement = agreement_in("active", drafted_by=worker)
    Child.objects.filter(pk=agreement.child_id).update(date_of_birth=years_ago(18))
    assert sweep.run(today)
    agreement.refresh_from_db()
    assert agreement.status == "expired"
    assert agreement.termination.effective_on == today


def test_r_age_4_with_r_140_4_te_tamaiti_now_12_must_sign_before_activation(api_as, worker, today, correct):
    agreement = agreement_in(
        "awaiting_signatures", s140=True, drafted_by=worker, child__date_of_birth=years_ago(10)
    )
    sign_all(agreement)
    assert not agreement.parties.filter(role="child").exists()
    correct(agreement.child, worker, years_ago(13))
    assert agreement.parties.filter(role="child").exists()
    response = api_as(worker).post(f"/api/v1/agreements/{agreement.pk}/activate/", {}, format="json")
    assert response.status_code == 409
    assert response.json()["rule"] == "R-140-4"
    assert "R-140-4" in Notification.objects.get(kind=CORRECTED, recipient=worker).message


def test_r_age_4_te_tamaiti_now_under_12_is_no_longer_a_signatory_of_a_draft(worker, correct):
    agreement = agreement_in("draft", s140=True, drafted_by=worker)  # 13 in the factory
    assert agreement.parties.filter(role="child").exists()
    correct(agreement.child, worker, years_ago(10))
    assert not agreement.parties.filter(role="child").exists()


def test_a_correction_that_changes_nothing_tells_no_one_and_an_ended_agreement_is_left_alone(worker, correct):
    agreement = agreement_in("draft", drafted_by=worker, child__date_of_birth=years_ago(9, days=30))
    ended = agreement_in("expired", drafted_by=worker, child=agreement.child)
    stored = Agreement.objects.get(pk=ended.pk).legal_max_end_date
    correct(agreement.child, worker, years_ago(9, days=31))
    assert not Notification.objects.filter(kind=CORRECTED).exists()
    assert Agreement.objects.get(pk=ended.pk).legal_max_end_date == stored


def test_the_api_correction_re_evaluates_too(api_as, worker):
    agreement = agreement_in("draft", s140=True, drafted_by=worker, child__date_of_birth=years_ago(8))
    response = api_as(worker).patch(
        f"/api/v1/children/{agreement.child_id}/", {"date_of_birth": years_ago(6).isoformat()}, format="json"
    )
    assert response.status_code == 200, response.json()
    agreement.refresh_from_db()
    assert "R-140-2" in agreement.legal_basis and "under 7" in agreement.legal_basis
