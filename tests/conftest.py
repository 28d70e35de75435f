"""Personas shared by every test: one user per role, two care partners, two providers, an applicant.

`partner_admin`/`partner_staff` belong to `partner_org`; `outsider` is a partner admin of
`other_partner_org`, for proving that one organisation never sees another's records (R-PRIV-1).
"""

import os

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from rest_framework.test import APIClient

from careportal.accounts.choices import Role
from tests.azurite import azure_storage, azurite  # noqa: F401 - Azure Blob Storage's emulator
from tests.celery_processes import (  # noqa: F401 - a real Celery worker on a test's own queues
    celery_worker_process,
    email_backend,
    queue_prefix,
    worker_env,
    worker_loglevel,
    worker_queues,
)
from tests.factories import ApprovedPartnerFactory, OrganisationFactory, ProviderFactory, UserFactory
from tests.oidc_provider import live_oidc_provider, oidc_provider, provider_sign_in  # noqa: F401 - an OpenID provider
from tests.redis_server import redis_server  # noqa: F401 - a private redis-server for any test

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
PASSWORD = "correct-horse-battery"


@pytest.fixture(scope="session", autouse=True)
def _seal_key():
    """The seal key careportal.sealing signs with, one per process (the test settings give each its path)."""
    call_command("make_seal_key", "--if-missing")


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def partner_org(db):
    return ApprovedPartnerFactory(legal_name="Kāinga Care Trust")


@pytest.fixture
def other_partner_org(db):
    return ApprovedPartnerFactory(legal_name="Other Care Trust")


@pytest.fixture
def applicant_org(db):
    return OrganisationFactory(legal_name="Te Awa Whānau Services")


@pytest.fixture
def provider_org(db):
    return ProviderFactory(legal_name="Whānau Ora Connect")


@pytest.fixture
def provider2_org(db):
    return ProviderFactory(legal_name="Southside Family Support")


@pytest.fixture
def supervisor(db):
    return UserFactory(username="supervisor", role=Role.SUPERVISOR)


@pytest.fixture
def worker(db, supervisor):
    return UserFactory(username="worker", role=Role.SOCIAL_WORKER, supervisor=supervisor)


@pytest.fixture
def other_worker(db, supervisor):
    return UserFactory(username="worker2", role=Role.SOCIAL_WORKER, supervisor=supervisor)


@pytest.fixture
def senior(db, supervisor):
    return UserFactory(username="senior", role=Role.SENIOR_PRACTITIONER, supervisor=supervisor)


@pytest.fixture
def coordinator(db):
    return UserFactory(username="coordinator", role=Role.COORDINATOR)


@pytest.fixture
def drc(db, supervisor):
    return UserFactory(username="drc", role=Role.DRC, supervisor=supervisor)


@pytest.fixture
def pfo(db):
    return UserFactory(username="pfo", role=Role.PFO)


@pytest.fixture
def hub(db):
    return UserFactory(username="hub", role=Role.HUB_REVIEWER)


@pytest.fixture
def delegate(db):
    return UserFactory(username="delegate", role=Role.DELEGATE)


@pytest.fixture
def admin_user(db):
    return UserFactory(username="admin", role=Role.ADMIN, is_staff=True, is_superuser=True)


@pytest.fixture
def partner_admin(db, partner_org):
    return UserFactory(username="partner_admin", role=Role.PARTNER_ADMIN, organisation=partner_org, site="")


@pytest.fixture
def partner_staff(db, partner_org):
    return UserFactory(username="partner_staff", role=Role.PARTNER_STAFF, organisation=partner_org, site="")


@pytest.fixture
def outsider(db, other_partner_org):
    return UserFactory(username="outsider", role=Role.PARTNER_ADMIN, organisation=other_partner_org, site="")


@pytest.fixture
def applicant_admin(db, applicant_org):
    return UserFactory(
        username="applicant_admin", role=Role.PARTNER_ADMIN, organisation=applicant_org, site=""
    )


@pytest.fixture
def provider_user(db, provider_org):
    return UserFactory(username="provider", role=Role.PROVIDER_STAFF, organisation=provider_org, site="")


@pytest.fixture
def provider2_user(db, provider2_org):
    return UserFactory(username="provider2", role=Role.PROVIDER_STAFF, organisation=provider2_org, site="")


@pytest.fixture
def api():
    """An API client; `api.force_authenticate(user)` or `api_as(user)` to act as someone."""
    return APIClient()


@pytest.fixture
def api_as():
    def make(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    return make


@pytest.fixture
def portal_as():
    """A new browser-like Django test client signed in as `user`."""

    def make(user):
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return make
