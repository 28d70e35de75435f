"""The invitation e-mail is sent by a real Celery worker taking only the e-mail queue; the token it makes
is in the e-mail and its hash in the database, never in the task's message (decision 0022)."""

from __future__ import annotations

import re
import time

import pytest
from knox.crypto import hash_token

from careportal.accounts.choices import Role
from partners import tasks
from partners.models import Invitation
from partners.services import invitations as services

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.worker
@pytest.mark.parametrize("worker_queues", [("email",)])
def test_an_email_worker_sends_the_invitation_with_a_token_only_it_made(
    celery_worker_process, partner_admin, partner_org, monkeypatch
):
    mail_dir, process = celery_worker_process
    sent = []
    # What goes to the broker: the invitation's id alone.
    original = tasks.send_invitation_email.delay
    monkeypatch.setattr(tasks.send_invitation_email, "delay", lambda *a: sent.append(a) or original(*a))
    invitation = services.invitation_create(
        organisation=partner_org, email="aroha@example.org.nz", role=Role.PARTNER_STAFF, by=partner_admin
    )
    assert sent == [(str(invitation.pk),)]
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not Invitation.objects.filter(pk=invitation.pk, sends=1).exists():
        assert process.poll() is None, "worker died"
        time.sleep(0.3)
    invitation.refresh_from_db()
    assert (invitation.sends, invitation.email_due) == (1, False)
    (message,) = [p.read_text() for p in mail_dir.iterdir()]
    assert "To: aroha@example.org.nz" in message
    token = re.search(r"\?token=([0-9a-f]{64})", message).group(1)
    assert invitation.token_hash == hash_token(token)
