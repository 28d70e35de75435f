"""The provider sign-in's rules called with claims dicts (careportal.accounts.oidc.services.sign_in): never
matched by e-mail or username, the admin role's support access follows the claims."""

from __future__ import annotations

import pytest

from careportal.accounts.models import ProviderIdentity, User
from careportal.accounts.oidc.config import ProviderConfig
from careportal.accounts.oidc.services import NO_SUBJECT, Refusal, sign_in
from careportal.audit.models import AuditEntry

pytestmark = pytest.mark.django_db
CONFIG = ProviderConfig(
    enabled=True,
    issuer="https://login.example/tenant/v2.0",
    subject_claim="oid",
    role_map={"g-admins": "admin", "g-sup": "supervisor"},
)


def claims(**extra):
    return {
        "oid": "oid-1",
        "preferred_username": "worker",
        "email": "shared@ot.example",
        "groups": ["g-sup"],
        **extra,
    }


def test_never_matched_by_username_or_email(worker):
    worker.email = "shared@ot.example"
    worker.save()
    user = sign_in(claims=claims(), config=CONFIG)
    assert isinstance(user, User) and user.pk != worker.pk
    assert user.username.startswith("worker-") and len(user.username) == len("worker-") + 10
    worker.refresh_from_db()
    assert worker.has_usable_password() and not ProviderIdentity.objects.filter(user=worker).exists()


def test_the_same_subject_at_another_issuer_is_another_person():
    first = sign_in(claims=claims(), config=CONFIG)
    second = sign_in(
        claims=claims(), config=ProviderConfig(**{**CONFIG.__dict__, "issuer": "https://other.example"})
    )
    assert isinstance(first, User) and isinstance(second, User) and first.pk != second.pk


def test_the_admin_role_gives_the_support_admin_and_takes_it_back():
    user = sign_in(claims=claims(groups=["g-admins", "g-sup"]), config=CONFIG)
    assert isinstance(user, User) and (user.role, user.is_staff, user.is_superuser) == ("admin", True, True)
    user = sign_in(claims=claims(groups=["g-sup"]), config=CONFIG)
    assert isinstance(user, User) and (user.role, user.is_staff, user.is_superuser) == (
        "supervisor",
        False,
        False,
    )
    change = AuditEntry.objects.get(action="provider_role_changed")
    assert change.data["before"]["role"] == "admin" and change.data["after"]["role"] == "supervisor"


def test_no_subject_is_refused_and_audited():
    outcome = sign_in(
        claims={"sub": "only-sub", "groups": ["g-sup"], "preferred_username": "x"}, config=CONFIG
    )
    assert outcome is NO_SUBJECT and isinstance(outcome, Refusal)
    assert not User.objects.exists()
    assert AuditEntry.objects.get(action="sign_in_failed").data == {"username": "x", "reason": "no_subject"}
