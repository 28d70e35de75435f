"""Invitations by e-mail (decision 0022): who may invite whom, the single-use expiring link, accepting with
a password and a second step, resend, revoke, limits, the audit trail, and never a 500."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from knox.crypto import hash_token

from careportal.accounts.choices import Role
from careportal.accounts.forms import PortalAuthenticationForm
from careportal.audit.models import AuditEntry, AuditKind
from careportal.celery import app
from careportal.exceptions import NotPermitted, RuleViolation
from partners.choices import InvitationStatus
from partners.models import Invitation
from partners.services import invitations as services
from tests.factories import UserFactory
from tests.security.test_faults import _point_broker_at

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-and-unusual-passphrase"
ACCEPT = reverse("partners:invitation_accept")
SECOND = reverse("partners:invitation_second_step")


@pytest.fixture(autouse=True)
def _on(settings):
    settings.INVITATIONS_ENABLED = True
    settings.INVITATION_RESEND_MINUTES = 5
    settings.INVITATION_EXPIRY_DAYS = 7
    settings.PORTAL_BASE_URL = "https://portal.example.govt.nz"


def _url(org) -> str:
    return reverse("partners:invitations", args=[org.pk])


def _token(mail) -> str:
    return re.search(r"\?token=([0-9a-f]+)", mail.body).group(1)


@pytest.fixture
def invite(portal_as, mailoutbox, django_capture_on_commit_callbacks):
    """POST the invitation form as `by`; answer the response (the e-mail sent on commit)."""

    def make(by, org, email="aroha@example.org.nz", role=Role.PARTNER_STAFF):
        with django_capture_on_commit_callbacks(execute=True):
            return portal_as(by).post(_url(org), {"email": email, "role": role})

    return make


def _invited(
    invite, by, org, email="aroha@example.org.nz", role=Role.PARTNER_STAFF
) -> tuple[Invitation, str]:
    from django.core import mail

    response = invite(by, org, email, role)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Invitation.objects.get(organisation=org, email=email, status="pending"), _token(mail.outbox[-1])


def _code(key_hex: str) -> str:
    totp = TOTP(bytes.fromhex(key_hex))
    return f"{totp.token():06d}"


def _accept(client: Client, token: str, username: str = "aroha", password: str = PASSWORD):
    """Walk the two pages; answer the last response."""
    response = client.get(f"{ACCEPT}?token={token}")
    if response.status_code != 302:
        return response
    client.get(ACCEPT)
    response = client.post(
        ACCEPT,
        {
            "first_name": "Aroha",
            "last_name": "Ngata",
            "username": username,
            "password1": password,
            "password2": password,
        },
    )
    if response.status_code != 302:
        return response
    page = client.get(SECOND)
    key = re.search(r'<code id="totp-key">([0-9a-f]+)</code>', page.content.decode()).group(1)
    return client.post(SECOND, {"token": _code(key)})


# --- Inviting --------------------------------------------------------------------------------------


def test_partner_admin_invites_into_own_organisation_by_email(invite, partner_admin, partner_org, mailoutbox):
    invitation, token = _invited(invite, partner_admin, partner_org)
    (mail,) = mailoutbox
    assert mail.to == ["aroha@example.org.nz"] and "Kāinga Care Trust" in mail.subject
    assert f"https://portal.example.govt.nz{ACCEPT}?token={token}" in mail.body
    assert mail.alternatives and token in mail.alternatives[0][0]
    # Only the hash is kept: the token is in no column of the row.
    assert invitation.token_hash == hash_token(token)
    assert token not in str(list(Invitation.objects.values_list()))
    assert (invitation.role, invitation.invited_by, invitation.sends) == (
        Role.PARTNER_STAFF,
        partner_admin,
        1,
    )
    assert invitation.expires_at - timezone.now() > timedelta(days=6, hours=23)
    actions = set(AuditEntry.objects.filter(object_id=str(invitation.pk)).values_list("action", flat=True))
    assert actions == {"invitation_invite", "invitation_email"}


def test_the_invitation_email_task_goes_to_the_email_queue():
    app.loader.import_default_modules()
    assert "partners.tasks.send_invitation_email" in app.tasks
    assert app.amqp.router.route({}, "partners.tasks.send_invitation_email")["queue"].name == "email"


def test_a_partner_admin_cannot_invite_into_another_organisation(invite, outsider, partner_org, mailoutbox):
    assert invite(outsider, partner_org).status_code == 404
    assert not Invitation.objects.exists() and not mailoutbox


@pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.ADMIN, Role.PFO, Role.PROVIDER_STAFF, "superuser"])
def test_a_partner_admin_cannot_give_a_staff_role_or_another_kinds_role(
    invite, partner_admin, partner_org, role
):
    response = invite(partner_admin, partner_org, role=role)
    assert response.status_code == 400
    assert 'id="id_role_error"' in response.content.decode()
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("role", [Role.ADMIN, Role.SUPERVISOR, Role.PROVIDER_STAFF])
def test_the_service_refuses_a_role_the_form_would_not_offer(partner_admin, partner_org, role):
    with pytest.raises(NotPermitted):
        services.invitation_create(
            organisation=partner_org, email="x@example.org.nz", role=role, by=partner_admin
        )
    assert not Invitation.objects.exists()


def test_the_service_refuses_another_organisation(outsider, partner_org):
    with pytest.raises(NotPermitted):
        services.invitation_create(
            organisation=partner_org, email="x@example.org.nz", role=Role.PARTNER_STAFF, by=outsider
        )


@pytest.mark.parametrize("persona", ["partner_staff", "worker", "supervisor", "hub", "delegate"])
def test_who_may_not_invite_is_refused(request, invite, persona, partner_org):
    assert invite(request.getfixturevalue(persona), partner_org).status_code == 403
    assert (
        request.getfixturevalue("portal_as")(request.getfixturevalue(persona))
        .get(_url(partner_org))
        .status_code
        == 403
    )
    assert not Invitation.objects.exists()


def test_a_provider_user_sees_no_care_partner_and_may_not_invite_to_their_own(
    invite, provider_user, partner_org, provider_org
):
    assert invite(provider_user, partner_org).status_code == 404
    assert invite(provider_user, provider_org, role=Role.PROVIDER_STAFF).status_code == 403


def test_pfo_invites_provider_staff_and_only_provider_staff(invite, pfo, provider_org):
    assert invite(pfo, provider_org, role=Role.PARTNER_ADMIN).status_code == 400
    invitation, _ = _invited(invite, pfo, provider_org, role=Role.PROVIDER_STAFF)
    assert invitation.role == Role.PROVIDER_STAFF


def test_pfo_invites_the_first_admin_of_a_care_partner(invite, pfo, applicant_org):
    invitation, _ = _invited(invite, pfo, applicant_org, role=Role.PARTNER_ADMIN)
    assert invitation.role == Role.PARTNER_ADMIN


def test_the_same_address_twice_is_refused(invite, partner_admin, partner_org):
    _invited(invite, partner_admin, partner_org)
    response = invite(partner_admin, partner_org, email="AROHA@example.org.nz")
    assert response.status_code == 400 and "resend it" in response.content.decode()
    assert Invitation.objects.count() == 1


def test_an_address_with_an_account_in_the_organisation_is_refused(
    invite, partner_admin, partner_staff, partner_org
):
    response = invite(partner_admin, partner_org, email=partner_staff.email.upper())
    assert response.status_code == 400 and not Invitation.objects.exists()


def test_at_most_the_configured_number_are_pending(settings, invite, partner_admin, partner_org):
    settings.INVITATION_MAX_PENDING = 2
    _invited(invite, partner_admin, partner_org, "a@example.org.nz")
    _invited(invite, partner_admin, partner_org, "b@example.org.nz")
    response = invite(partner_admin, partner_org, email="c@example.org.nz")
    assert response.status_code == 400 and "2 invitations waiting" in response.content.decode()
    assert Invitation.objects.count() == 2


def test_feature_off_every_page_is_404(settings, portal_as, partner_admin, partner_org):
    settings.INVITATIONS_ENABLED = False
    assert portal_as(partner_admin).get(_url(partner_org)).status_code == 404
    assert Client().get(f"{ACCEPT}?token=abc").status_code == 404
    assert Client().get(SECOND).status_code == 404
    assert "Invite people" not in portal_as(partner_admin).get(reverse("partners:mine")).content.decode()


def test_the_admin_finds_the_page_from_their_organisation(portal_as, partner_admin, pfo, partner_org):
    assert _url(partner_org) in portal_as(partner_admin).get(reverse("partners:mine")).content.decode()
    organisation_page = reverse("partners:organisation", args=[partner_org.pk])
    assert _url(partner_org) in portal_as(pfo).get(organisation_page).content.decode()


# --- Accepting -------------------------------------------------------------------------------------


def test_the_invitee_chooses_a_password_sets_up_totp_and_lands_home(invite, partner_admin, partner_org):
    invitation, token = _invited(invite, partner_admin, partner_org)
    client = Client()
    response = _accept(client, token)
    assert response.status_code == 302 and response["Location"] == reverse("home")
    user = get_user_model().objects.get(username="aroha")
    assert (user.role, user.organisation, user.email) == (Role.PARTNER_STAFF, partner_org, invitation.email)
    assert user.check_password(PASSWORD)
    assert TOTPDevice.objects.get(user=user).confirmed
    invitation.refresh_from_db()
    assert (invitation.status, invitation.accepted_user) == ("accepted", user)
    home = client.get(reverse("home"))
    assert home.status_code == 200 and "Nau mai, haere mai" in home.content.decode()
    security = set(
        AuditEntry.objects.filter(kind=AuditKind.SECURITY, object_id=str(user.pk)).values_list(
            "action", flat=True
        )
    )
    assert {"account_created", "second_step_on", "sign_in"} <= security
    assert AuditEntry.objects.filter(action="invitation_accept", actor=user).exists()


def test_the_token_leaves_the_address_bar_after_the_first_page(invite, partner_admin, partner_org):
    _, token = _invited(invite, partner_admin, partner_org)
    client = Client()
    response = client.get(f"{ACCEPT}?token={token}")
    assert response.status_code == 302 and response["Location"] == ACCEPT
    page = client.get(ACCEPT)
    assert page.status_code == 200 and token not in page.content.decode()
    assert token not in str(dict(client.session))


def test_no_account_exists_until_the_second_step_is_set_up(invite, partner_admin, partner_org):
    _, token = _invited(invite, partner_admin, partner_org)
    client = Client()
    client.get(f"{ACCEPT}?token={token}")
    data = {
        "first_name": "A",
        "last_name": "N",
        "username": "aroha",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    assert client.post(ACCEPT, data).status_code == 302
    assert not get_user_model().objects.filter(username="aroha").exists()
    assert client.get(reverse("home")).status_code == 302  # not signed in: the sign-in page
    wrong = client.post(SECOND, {"token": "000000"})
    assert wrong.status_code == 400 and 'id="id_token_error"' in wrong.content.decode()
    assert not get_user_model().objects.filter(username="aroha").exists()


def test_the_invited_account_needs_its_code_at_the_next_sign_in(invite, partner_admin, partner_org, rf):
    _, token = _invited(invite, partner_admin, partner_org)
    _accept(Client(), token)
    form = PortalAuthenticationForm(rf.post("/"), data={"username": "aroha", "password": PASSWORD})
    assert not form.is_valid()


def test_a_used_link_is_refused_with_a_clear_page(invite, partner_admin, partner_org):
    _, token = _invited(invite, partner_admin, partner_org)
    _accept(Client(), token)
    again = Client().get(f"{ACCEPT}?token={token}")
    assert again.status_code == 410 and "has been used" in again.content.decode()
    assert (
        get_user_model().objects.filter(organisation=partner_org, username__startswith="aroha").count() == 1
    )


def test_accepting_twice_with_the_same_session_makes_one_account(invite, partner_admin, partner_org):
    invitation, token = _invited(invite, partner_admin, partner_org)
    account = services.NewAccount("aroha", "A", "N", "!", "00" * 20)
    assert not isinstance(
        services.invitation_accept(token_hash=invitation.token_hash, account=account), services.LinkProblem
    )
    second = services.invitation_accept(token_hash=invitation.token_hash, account=account)
    assert isinstance(second, services.LinkProblem)
    assert get_user_model().objects.filter(username="aroha").count() == 1


def test_an_expired_link_is_refused(invite, partner_admin, partner_org):
    _, token = _invited(invite, partner_admin, partner_org)
    with time_machine.travel(timezone.now() + timedelta(days=7, minutes=1)):
        response = Client().get(f"{ACCEPT}?token={token}")
    assert response.status_code == 410 and "has expired" in response.content.decode()


def test_the_link_still_works_just_before_it_expires(invite, partner_admin, partner_org):
    _, token = _invited(invite, partner_admin, partner_org)
    with time_machine.travel(timezone.now() + timedelta(days=6, hours=23)):
        assert _accept(Client(), token).status_code == 302
    assert get_user_model().objects.filter(username="aroha").exists()


def test_a_link_expiring_between_the_two_steps_makes_no_account(invite, partner_admin, partner_org):
    _, token = _invited(invite, partner_admin, partner_org)
    client = Client()
    start = timezone.now()
    data = {
        "first_name": "A",
        "last_name": "N",
        "username": "aroha",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    with time_machine.travel(start + timedelta(days=7, minutes=-5)):
        client.get(f"{ACCEPT}?token={token}")
        assert client.post(ACCEPT, data).status_code == 302
    with time_machine.travel(start + timedelta(days=7, minutes=5)):
        response = client.post(SECOND, {"token": "123456"})
    assert response.status_code == 410 and not get_user_model().objects.filter(username="aroha").exists()


@pytest.mark.parametrize("token", ["", "abc", "0" * 64, "z" * 5000, "%00", "ä" * 20, "'; drop table x; --"])
def test_a_made_up_link_is_a_clear_404_never_a_500(token):
    response = Client().get(ACCEPT, {"token": token})
    assert response.status_code == 404 and "does not work" in response.content.decode()


def test_the_pages_without_a_link_opened_say_so(client):
    assert client.get(ACCEPT).status_code == 404
    assert client.get(SECOND).status_code == 404
    assert client.post(SECOND, {"token": "123456"}).status_code == 404


def test_a_signed_in_user_opening_a_link_is_told_to_sign_out(
    invite, partner_admin, partner_org, portal_as, worker
):
    _, token = _invited(invite, partner_admin, partner_org)
    response = portal_as(worker).get(f"{ACCEPT}?token={token}")
    assert response.status_code == 409 and "Sign out" in response.content.decode()


def test_passwords_follow_the_validators_with_errors_beside_the_field(invite, partner_admin, partner_org):
    _, token = _invited(invite, partner_admin, partner_org)
    client = Client()
    client.get(f"{ACCEPT}?token={token}")
    for password in ("short", "123456789012345", "password1234"):
        data = {
            "first_name": "A",
            "last_name": "N",
            "username": "aroha",
            "password1": password,
            "password2": password,
        }
        response = client.post(ACCEPT, data)
        html = response.content.decode()
        assert response.status_code == 400
        assert 'id="id_password1_error"' in html
        field = re.search(r'<input[^>]*name="password1"[^>]*>', html).group(0)
        assert "id_password1_error" in field  # the error is linked to the field (aria-describedby)
    mismatch = client.post(
        ACCEPT,
        {
            "first_name": "A",
            "last_name": "N",
            "username": "aroha",
            "password1": PASSWORD,
            "password2": PASSWORD + "x",
        },
    )
    assert mismatch.status_code == 400 and "not the same" in mismatch.content.decode()


def test_a_taken_username_is_refused(invite, partner_admin, partner_org):
    _, token = _invited(invite, partner_admin, partner_org)
    response = _accept(Client(), token, username=partner_admin.username.upper())
    assert response.status_code == 400 and "taken" in response.content.decode()


# --- Resend and revoke -----------------------------------------------------------------------------


def _post(portal_as, by, org, what, invitation, capture):
    with capture(execute=True):
        return portal_as(by).post(
            reverse(f"partners:invitation_{what}", args=[org.pk]),
            {"invitation": str(invitation.pk)},
            follow=True,
        )


def test_a_resend_makes_a_new_link_and_the_old_one_stops_working(
    invite, portal_as, partner_admin, partner_org, mailoutbox, django_capture_on_commit_callbacks
):
    invitation, old = _invited(invite, partner_admin, partner_org)
    with time_machine.travel(timezone.now() + timedelta(days=6)):
        response = _post(
            portal_as, partner_admin, partner_org, "resend", invitation, django_capture_on_commit_callbacks
        )
        assert "A new invitation was sent" in response.content.decode()
        new = _token(mailoutbox[-1])
        assert new != old and len(mailoutbox) == 2
        assert Client().get(ACCEPT, {"token": old}).status_code == 404
        invitation.refresh_from_db()
        assert invitation.expires_at > timezone.now() + timedelta(days=6)  # a new expiry from the resend
        assert _accept(Client(), new).status_code == 302
    assert AuditEntry.objects.filter(action="invitation_resend", actor=partner_admin).exists()


def test_resending_again_at_once_is_throttled(
    invite, portal_as, partner_admin, partner_org, mailoutbox, django_capture_on_commit_callbacks
):
    invitation, _ = _invited(invite, partner_admin, partner_org)
    response = _post(
        portal_as, partner_admin, partner_org, "resend", invitation, django_capture_on_commit_callbacks
    )
    assert "less than 5 minutes ago" in response.content.decode()
    assert len(mailoutbox) == 1


def test_an_expired_invitation_can_be_resent(
    invite, portal_as, partner_admin, partner_org, mailoutbox, django_capture_on_commit_callbacks
):
    invitation, _ = _invited(invite, partner_admin, partner_org)
    with time_machine.travel(timezone.now() + timedelta(days=10)):
        page = portal_as(partner_admin).get(_url(partner_org)).content.decode()
        assert "Expired" in page
        _post(portal_as, partner_admin, partner_org, "resend", invitation, django_capture_on_commit_callbacks)
        assert _accept(Client(), _token(mailoutbox[-1])).status_code == 302


def test_a_revoked_link_is_refused_and_cannot_be_resent(
    invite, portal_as, partner_admin, partner_org, mailoutbox, django_capture_on_commit_callbacks
):
    invitation, token = _invited(invite, partner_admin, partner_org)
    response = _post(
        portal_as, partner_admin, partner_org, "revoke", invitation, django_capture_on_commit_callbacks
    )
    assert "was revoked" in response.content.decode()
    refused = Client().get(ACCEPT, {"token": token})
    assert refused.status_code == 410 and "withdrawn" in refused.content.decode()
    with time_machine.travel(timezone.now() + timedelta(hours=1)):
        again = _post(
            portal_as, partner_admin, partner_org, "resend", invitation, django_capture_on_commit_callbacks
        )
    assert "cannot be resent" in again.content.decode() and len(mailoutbox) == 1
    entry = AuditEntry.objects.get(action="invitation_revoke")
    assert (entry.actor, entry.to_status) == (partner_admin, InvitationStatus.REVOKED)


def test_revoking_while_the_invitee_is_between_the_steps_makes_no_account(
    invite, portal_as, partner_admin, partner_org, django_capture_on_commit_callbacks
):
    invitation, token = _invited(invite, partner_admin, partner_org)
    client = Client()
    client.get(ACCEPT, {"token": token})
    data = {
        "first_name": "A",
        "last_name": "N",
        "username": "aroha",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    client.post(ACCEPT, data)
    _post(portal_as, partner_admin, partner_org, "revoke", invitation, django_capture_on_commit_callbacks)
    assert client.post(SECOND, {"token": "123456"}).status_code == 410
    assert not get_user_model().objects.filter(username="aroha").exists()


def test_another_organisations_admin_cannot_resend_or_revoke(
    invite,
    portal_as,
    partner_admin,
    outsider,
    partner_org,
    other_partner_org,
    django_capture_on_commit_callbacks,
):
    invitation, token = _invited(invite, partner_admin, partner_org)
    for what in ("resend", "revoke"):
        # A's invitation through A's URL: 404 (B sees no A); through B's own URL: not found there.
        with django_capture_on_commit_callbacks(execute=True):
            url = reverse(f"partners:invitation_{what}", args=[partner_org.pk])
            assert portal_as(outsider).post(url, {"invitation": str(invitation.pk)}).status_code == 404
        response = _post(
            portal_as, outsider, other_partner_org, what, invitation, django_capture_on_commit_callbacks
        )
        assert "was not found" in response.content.decode()
    invitation.refresh_from_db()
    assert (invitation.status, invitation.token_hash) == ("pending", hash_token(token))


@pytest.mark.parametrize("value", ["", "not-a-uuid", "00000000-0000-4000-8000-000000000000", "x" * 5000])
def test_a_bad_invitation_id_is_a_message_not_a_500(portal_as, partner_admin, partner_org, value):
    url = reverse("partners:invitation_revoke", args=[partner_org.pk])
    response = portal_as(partner_admin).post(url, {"invitation": value}, follow=True)
    assert response.status_code == 200 and "was not found" in response.content.decode()


def test_the_service_refuses_a_resend_by_another_organisation(invite, partner_admin, outsider, partner_org):
    invitation, _ = _invited(invite, partner_admin, partner_org)
    with pytest.raises(NotPermitted):
        services.invitation_revoke(invitation=invitation, by=outsider)
    with pytest.raises(RuleViolation):
        services.invitation_resend(invitation=invitation, by=partner_admin)  # throttled, but permitted


def test_the_list_page_runs_the_same_queries_for_3_and_30_invitations(portal_as, partner_admin, partner_org):
    client = portal_as(partner_admin)

    def make(n: int) -> None:
        for i in range(n):
            Invitation.objects.create(
                organisation=partner_org,
                email=f"p{Invitation.objects.count()}-{i}@example.org.nz",
                role=Role.PARTNER_STAFF,
                invited_by=UserFactory(role=Role.PARTNER_ADMIN, organisation=partner_org),
                expires_at=timezone.now() + timedelta(days=7),
            )

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(_url(partner_org)).status_code == 200
        return len(queries)

    make(3)
    client.get(_url(partner_org))
    three = count()
    make(27)
    assert count() == three


@pytest.fixture
def queue_down(settings):
    """Celery pointed at a port where nothing listens (eager off); call the answer to bring it back."""
    app.conf.task_always_eager = False
    _point_broker_at("redis://127.0.0.1:1/0")

    def back_up() -> None:
        app.conf.task_always_eager = True
        _point_broker_at(settings.CELERY_BROKER_URL)

    yield back_up
    back_up()


# --- The queue down --------------------------------------------------------------------------------


def test_with_the_queue_down_the_invitation_is_kept_and_the_sweep_sends_it_later(
    queue_down, invite, partner_admin, partner_org, portal_as, mailoutbox
):
    response = invite(partner_admin, partner_org)  # the e-mail cannot be queued: no 500
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.email_due, invitation.token_hash, mailoutbox) == (True, "", [])
    assert "E-mail being sent" in portal_as(partner_admin).get(_url(partner_org)).content.decode()
    assert services.invitation_emails_requeue() == []  # owed only a few seconds: not yet asked again
    queue_down()
    with time_machine.travel(timezone.now() + timedelta(minutes=15)):
        assert services.invitation_emails_requeue() == ["1 invitation e-mails queued again"]
    invitation.refresh_from_db()
    assert (invitation.email_due, invitation.sends, len(mailoutbox)) == (False, 1, 1)
    assert invitation.token_hash == hash_token(_token(mailoutbox[0]))


def test_support_sees_invitations_read_only_without_the_hash(invite, partner_admin, partner_org, portal_as):
    invitation, _ = _invited(invite, partner_admin, partner_org)
    superuser = UserFactory(username="support", role=Role.ADMIN, is_staff=True, is_superuser=True)
    client = portal_as(superuser)
    assert client.get("/support/partners/invitation/").status_code == 200
    page = client.get(f"/support/partners/invitation/{invitation.pk}/change/")
    assert page.status_code == 200 and invitation.token_hash not in page.content.decode()
    assert client.get("/support/partners/invitation/add/").status_code == 403


def test_provider_staff_invited_by_pfo_join_their_provider_and_see_the_referral_inbox(
    invite, pfo, provider_org
):
    _, token = _invited(invite, pfo, provider_org, role=Role.PROVIDER_STAFF)
    client = Client()
    assert _accept(client, token, username="moana").status_code == 302
    user = get_user_model().objects.get(username="moana")
    assert (user.role, user.organisation) == (Role.PROVIDER_STAFF, provider_org)
    assert reverse("referrals:inbox") in client.get(reverse("home")).content.decode()
