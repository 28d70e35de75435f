"""generate_load_data (decision 0010): counts per scale, every state present, constraints held, counters moved
on so the app can carry on, and the portal and API lists render on the generated data."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from agreements.choices import AgreementStatus
from agreements.models import Agreement, Child, Extension, Party, ReferenceSequence
from careportal.audit.models import AuditEntry
from partners.choices import EVIDENCE_OPEN_PHASES
from partners.models import Organisation
from referrals.choices import ReferralStatus
from referrals.models import Referral, ReferralContact

pytestmark = pytest.mark.django_db

SCALE = 0.001


@pytest.fixture
def loaded():
    call_command("generate_load_data", scale=SCALE)


def test_counts_follow_the_scale_with_the_small_scale_minimums(loaded):
    assert Organisation.objects.filter(approval_status="approved").count() == 3
    assert Child.objects.count() == 50
    assert Agreement.objects.count() == 100
    assert Party.objects.count() == 200
    assert Referral.objects.count() == 200
    assert ReferralContact.objects.count() == 1000
    assert AuditEntry.objects.count() == 100 * 10 + 200 * 5


def test_every_agreement_and_referral_state_is_present(loaded):
    assert set(Agreement.objects.values_list("status", flat=True)) == set(AgreementStatus.values)
    assert set(Referral.objects.values_list("status", flat=True)) == set(ReferralStatus.values)


def test_r_age_3_r_139_1_the_legal_maximum_holds_for_every_agreement(loaded):
    for agreement in Agreement.objects.select_related("child"):
        assert agreement.start_date <= agreement.end_date <= agreement.legal_max_end_date
        eighteenth = agreement.child.date_of_birth.replace(year=agreement.child.date_of_birth.year + 18)
        assert agreement.legal_max_end_date < eighteenth
        if agreement.agreement_type == "s139":
            term_start = max([agreement.start_date, *(e.start_date for e in agreement.extensions.all())])
            assert (agreement.legal_max_end_date - term_start).days <= 27


def test_r_139_2_some_s139_agreements_are_extended_once_within_the_rules():
    call_command("generate_load_data", scale=0.005)  # the smallest scale with s139 agreements in force
    extensions = list(Extension.objects.select_related("agreement"))
    assert extensions
    for extension in extensions:
        agreement = extension.agreement
        assert agreement.agreement_type == "s139" and agreement.extensions.count() == 1
        assert extension.start_date == extension.previous_end_date + timedelta(days=1)
        assert (extension.end_date - extension.start_date).days <= 27
        assert extension.approved_on <= extension.previous_end_date  # recorded before it expired
        assert agreement.end_date == extension.end_date <= agreement.legal_max_end_date
        assert agreement.legal_max_end_date == extension.legal_max_end_date


@pytest.mark.parametrize("scale", [SCALE, 0.01, 0.1, 1.0])
def test_the_applicant_the_benchmark_signs_in_as_may_add_evidence_at_every_scale(scale):
    """bench_applicant uploads evidence in the write measurements: its application must be open for it
    at each scale the benchmark runs (the load data spreads the applicants' states by number)."""
    from benchmarks.loadgen.load.people import APPLICANT_STATUSES, applicant_in
    from benchmarks.loadgen.load.plan import Plan

    plan = Plan(scale=scale, today=timezone.localdate())
    offset = applicant_in(plan, "readiness")
    assert 0 <= offset < plan.applicants
    number = plan.partners + 1 + offset
    assert APPLICANT_STATUSES[number % len(APPLICANT_STATUSES)] == "readiness"


def test_the_write_measurements_users_exist_with_their_roles(loaded):
    users = get_user_model().objects.select_related("organisation")
    assert users.get(username="bench_drc").role == "drc"
    applicant = users.get(username="bench_applicant")
    assert applicant.role == "partner_admin" and applicant.organisation.approval_status == "none"
    assert applicant.organisation.kind == "care_partner"
    statuses = applicant.organisation.applications.values_list("status", flat=True)
    assert list(statuses) == ["readiness"] and "readiness" in EVIDENCE_OPEN_PHASES


def test_reference_counters_move_past_the_generated_numbers(loaded):
    year = timezone.localdate().year
    assert ReferenceSequence.objects.filter(year=year).exists()
    reference = ReferenceSequence.next_reference(year)
    assert not Agreement.objects.filter(reference=reference).exists()


def test_a_second_run_into_the_same_database_is_refused(loaded):
    with pytest.raises(CommandError, match="already holds load data"):
        call_command("generate_load_data", scale=SCALE)


@pytest.mark.parametrize(
    ("username", "paths"),
    [
        (
            "bench_supervisor",
            ["/", "/agreements/", "/agreements/tamariki/", "/referrals/", "/partners/", "/quality/",
             "/api/v1/agreements/", "/api/v1/referrals/"],
        ),
        ("bench_partner", ["/", "/agreements/", "/partners/mine/", "/api/v1/agreements/"]),
    ],
)  # fmt: skip
def test_list_pages_render_on_the_generated_data(loaded, username, paths):
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    for path in paths:
        assert client.get(path).status_code == 200, path


def test_every_page_the_benchmark_times_answers_200(loaded):
    """A timed 404 measures nothing: the probe's records are ones each user may open (R-PRIV-4)."""
    from benchmarks.endpoints import USERS, endpoints, ids

    id_map = ids()
    clients = {}
    for key, username in USERS.items():
        clients[key] = Client()
        clients[key].force_login(get_user_model().objects.get(username=username))
    answers = {(user, label): clients[user].get(path).status_code for user, label, path in endpoints(id_map)}
    assert {where: status for where, status in answers.items() if status != 200} == {}


def test_the_benchmark_s_searches_find_something(loaded):
    """The timed searches by name and by reference prefix find records (an empty answer times nothing)."""
    from benchmarks.endpoints import USERS, endpoints, ids

    clients = {}
    for key, username in USERS.items():
        clients[key] = Client()
        clients[key].force_login(get_user_model().objects.get(username=username))
    for user, label, path in endpoints(ids()):
        if path.startswith("/api/v1/search/"):
            assert clients[user].get(path).json()["results"], (user, label)
