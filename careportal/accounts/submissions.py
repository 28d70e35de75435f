"""One-time submission keys for create forms (see SubmissionKey)."""

from __future__ import annotations

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from careportal.lib.actor import Actor

from .models import SubmissionKey

KEEP = timedelta(days=1)  # a form left open longer than this and sent twice may make two records


def claim_submission(user: Actor, key: str) -> bool:
    """Claim `key` for `user`; False if a POST already claimed it. Call it inside the transaction that
    creates the record: a second POST of the same key waits on the first's unique entry and, once that
    commits, is refused; if the first rolls back (a refused create), the key is free again. No key (a
    client that sends none) is always a first submission."""
    if not key:
        return True
    SubmissionKey.objects.filter(user=user, created_at__lt=timezone.now() - KEEP).delete()
    try:
        with transaction.atomic():
            SubmissionKey.objects.create(user=user, key=key[:64])
    except IntegrityError:
        return False
    return True
