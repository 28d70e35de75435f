"""Services notify through one helper, once the change has committed (never for a change rolled back)."""

from __future__ import annotations

import pytest
from django.db import transaction

from careportal.notifications.kinds import NotificationKind
from careportal.notifications.models import Notification
from careportal.notifications.services import notify_all_on_commit, notify_on_commit

pytestmark = pytest.mark.django_db


def test_nothing_is_sent_before_the_commit_and_one_per_recipient_after(
    worker, supervisor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notify_on_commit(recipient=worker, kind=NotificationKind.AGREEMENT_APPROVED, message="CA-1 approved")
        notify_all_on_commit([worker, supervisor], kind=NotificationKind.QA_RESPONSE, message="x" * 400)
        notify_on_commit(recipient=None, kind=NotificationKind.AGREEMENT_RETURNED, message="nobody")
        assert not Notification.objects.exists()
    assert sorted(Notification.objects.values_list("recipient__username", "kind")) == sorted(
        [
            (worker.username, "agreement_approved"),
            (worker.username, "qa_response"),
            (supervisor.username, "qa_response"),
        ]
    )
    assert {
        len(m) for m in Notification.objects.filter(kind="qa_response").values_list("message", flat=True)
    } == {300}


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_change_sends_nothing(worker):
    with pytest.raises(RuntimeError), transaction.atomic():
        notify_on_commit(recipient=worker, kind=NotificationKind.AGREEMENT_APPROVED, message="CA-1 approved")
        raise RuntimeError
    assert not Notification.objects.exists()
    with transaction.atomic():
        notify_on_commit(recipient=worker, kind=NotificationKind.AGREEMENT_APPROVED, message="CA-1 approved")
    assert Notification.objects.filter(recipient=worker).count() == 1


def test_a_queryset_of_recipients_is_read_when_the_change_commits(
    worker, supervisor, django_capture_on_commit_callbacks
):
    from careportal.accounts.models import User

    with django_capture_on_commit_callbacks(execute=True):
        notify_all_on_commit(
            User.objects.filter(is_active=True, pk__in=[worker.pk, supervisor.pk]),
            kind=NotificationKind.QA_DRAFT_REPORT,
            message="Draft ready",
        )
        User.objects.filter(pk=supervisor.pk).update(is_active=False)  # left before the commit
    assert list(Notification.objects.values_list("recipient", flat=True)) == [worker.pk]
