"""Every referral transition: allowed from each source state, 409 from every other, 403 for roles that may
not, 404 for users who cannot see the referral (R-PR-4, R-PRIV-1). Through the API, as api.md names them."""

from datetime import timedelta

import pytest

from careportal.audit.models import AuditEntry
from referrals.choices import CONSENT_WITHDRAWABLE_STATUSES, OPEN_STATUSES, ReferralStatus
from tests.referrals.factories import TODAY, WITH_PROVIDER

pytestmark = pytest.mark.django_db
S = ReferralStatus
ALL = list(S.values)


def body_for(name, provider_org):
    return {
        "seek_consent": {},
        "record_consent": {"consented": True, "given_on": TODAY.isoformat(), "given_by": "Mum"},
        "refer": {"provider": str(provider_org.pk)},
        "accept": {},
        "decline": {"reason": "No capacity this term."},
        "start_monitoring": {},
        "escalate": {
            "reason": "Concerns growing.",
            "pathways_meeting_on": (TODAY + timedelta(days=7)).isoformat(),
        },
        "withdraw_consent": {"withdrawn_on": TODAY.isoformat(), "reason": "The whānau no longer agree."},
        "close": {"outcome": "Goals met."},
    }[name]


# name → (source states, target, who does it)
TRANSITIONS = {
    "seek_consent": ([S.DRAFT], S.CONSENT_PENDING, "drc"),
    "record_consent": ([S.CONSENT_PENDING], S.CONSENTED, "drc"),
    "refer": ([S.CONSENTED, S.PROVIDER_DECLINED], S.REFERRED, "drc"),
    "accept": ([S.REFERRED], S.ACCEPTED, "provider_user"),
    "decline": ([S.REFERRED], S.PROVIDER_DECLINED, "provider_user"),
    "start_monitoring": ([S.ACCEPTED], S.MONITORING, "drc"),
    "escalate": (list(OPEN_STATUSES), S.ESCALATED, "drc"),
    "withdraw_consent": (list(CONSENT_WITHDRAWABLE_STATUSES), S.CLOSED, "drc"),
    "close": ([*OPEN_STATUSES, S.ESCALATED], S.CLOSED, "drc"),
}
ALLOWED = [(name, source) for name, (sources, _, _) in TRANSITIONS.items() for source in sources]
REFUSED = [
    (name, state) for name, (sources, _, _) in TRANSITIONS.items() for state in ALL if state not in sources
]

# Roles that see the referral but may not take the transition → 403.
FORBIDDEN = {
    "seek_consent": ["worker", "supervisor", "admin_user"],
    "record_consent": ["worker", "supervisor", "admin_user"],
    "refer": ["worker", "supervisor", "admin_user"],
    "accept": ["drc", "senior", "supervisor", "worker", "admin_user"],
    "decline": ["drc", "senior", "supervisor", "worker", "admin_user"],
    "start_monitoring": ["worker", "supervisor", "admin_user", "provider_user"],
    "escalate": ["worker", "admin_user", "provider_user"],
    "withdraw_consent": ["worker", "supervisor", "admin_user", "provider_user"],
    "close": ["worker", "admin_user", "provider_user"],
}
# Users who cannot see a referral at all → 404 (R-PRIV-1), whatever the transition.
NOT_VISIBLE = ["provider2_user", "partner_admin", "partner_staff", "pfo", "hub", "delegate", "coordinator"]


def url(referral, name):
    return f"/api/v1/referrals/{referral.pk}/{name}/"


@pytest.mark.parametrize(("name", "source"), ALLOWED)
def test_transition_is_allowed_from_each_source_state(
    request, api_as, make_referral, provider2_org, name, source
):
    provider_org = request.getfixturevalue("provider_org")
    referral = make_referral(source)
    actor = request.getfixturevalue(TRANSITIONS[name][2])
    # A re-referral goes to a provider that has not declined it: provider_org never declined in the factory.
    response = api_as(actor).post(url(referral, name), body_for(name, provider_org), format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == TRANSITIONS[name][1]
    referral.refresh_from_db()
    assert referral.status == TRANSITIONS[name][1]
    entry = AuditEntry.objects.for_object(referral).history().last()
    assert (entry.action, entry.from_status, entry.to_status, entry.actor) == (
        name,
        source,
        referral.status,
        actor,
    )


@pytest.mark.parametrize(("name", "state"), REFUSED)
def test_transition_is_refused_with_409_from_every_other_state(request, api_as, make_referral, name, state):
    provider_org = request.getfixturevalue("provider_org")
    referral = make_referral(state)
    actor_name = TRANSITIONS[name][2]
    # The provider cannot see a referral not sent to it: that is a 404, not a 409 (R-PRIV-1).
    expected = 404 if actor_name == "provider_user" and state not in WITH_PROVIDER else 409
    response = api_as(request.getfixturevalue(actor_name)).post(
        url(referral, name), body_for(name, provider_org), format="json"
    )
    assert response.status_code == expected, response.json()
    if expected == 409:
        assert response.json()["status"] == state
        assert name in response.json()["detail"]
    referral.refresh_from_db()
    assert referral.status == state


@pytest.mark.parametrize(
    ("name", "persona"), [(name, persona) for name, personas in FORBIDDEN.items() for persona in personas]
)
def test_transition_is_refused_with_403_for_roles_that_may_not(request, api_as, make_referral, name, persona):
    provider_org = request.getfixturevalue("provider_org")
    source = TRANSITIONS[name][0][0]
    if name in ("escalate", "close") and persona == "provider_user":
        source = S.ACCEPTED  # a state in which the provider sees the referral
    referral = make_referral(source)
    response = api_as(request.getfixturevalue(persona)).post(
        url(referral, name), body_for(name, provider_org), format="json"
    )
    assert response.status_code == 403, response.json()
    referral.refresh_from_db()
    assert referral.status == source


@pytest.mark.parametrize("persona", NOT_VISIBLE)
@pytest.mark.parametrize("name", list(TRANSITIONS))
def test_transition_on_a_referral_the_user_cannot_see_is_404(request, api_as, make_referral, name, persona):
    provider_org = request.getfixturevalue("provider_org")
    source = TRANSITIONS[name][0][0]
    referral = make_referral(source)
    response = api_as(request.getfixturevalue(persona)).post(
        url(referral, name), body_for(name, provider_org), format="json"
    )
    assert response.status_code == 404
    referral.refresh_from_db()
    assert referral.status == source


def test_senior_practitioner_manages_referrals_like_a_coordinator_r_pr_4(
    api_as, senior, make_referral, provider_org
):
    referral = make_referral(S.CONSENTED)
    response = api_as(senior).post(url(referral, "refer"), {"provider": str(provider_org.pk)}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == S.REFERRED


def test_supervisor_may_escalate_and_close(api_as, supervisor, make_referral):
    referral = make_referral(S.MONITORING)
    body = {"reason": "Worse.", "pathways_meeting_on": (TODAY + timedelta(days=1)).isoformat()}
    assert api_as(supervisor).post(url(referral, "escalate"), body, format="json").status_code == 200
    assert (
        api_as(supervisor).post(url(referral, "close"), {"outcome": "Done."}, format="json").status_code
        == 200
    )


def test_record_consent_declined_goes_to_consent_declined(api_as, drc, make_referral):
    referral = make_referral(S.CONSENT_PENDING)
    body = {"consented": False, "given_on": TODAY.isoformat(), "given_by": "Dad"}
    response = api_as(drc).post(url(referral, "record_consent"), body, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == S.CONSENT_DECLINED
    assert response.json()["consent"] == {
        "consented": False,
        "given_on": TODAY.isoformat(),
        "given_by": "Dad",
        "recorded_by": "drc",
        "withdrawn_on": None,
        "withdrawal_reason": "",
    }


@pytest.mark.parametrize("status", ALL)
def test_allowed_transitions_lists_what_the_user_may_do_now(
    api_as, drc, provider_user, make_referral, status
):
    referral = make_referral(status)
    staff = api_as(drc).get(f"/api/v1/referrals/{referral.pk}/").json()["allowed_transitions"]
    expected = sorted(
        name for name, (sources, _, who) in TRANSITIONS.items() if status in sources and who == "drc"
    )
    assert staff == expected
    if status in WITH_PROVIDER:
        mine = api_as(provider_user).get(f"/api/v1/referrals/{referral.pk}/").json()["allowed_transitions"]
        assert mine == (["accept", "decline"] if status == S.REFERRED else [])


def test_history_lists_every_transition_oldest_first(api_as, drc, provider_user, provider_org):
    client = api_as(drc)
    created = client.post("/api/v1/referrals/", {"site": "Manukau"}, format="json").json()
    rid = created["id"]
    assert client.post(f"/api/v1/referrals/{rid}/seek_consent/", {}, format="json").status_code == 200
    history = client.get(f"/api/v1/referrals/{rid}/history/").json()
    assert [(h["transition"], h["from_status"], h["to_status"], h["actor"]) for h in history] == [
        ("create", "", "draft", "drc"),
        ("seek_consent", "draft", "consent_pending", "drc"),
    ]
