"""The demo referrals: one or more in every status, made through the services, idempotent."""

from io import StringIO

import pytest
from django.core.management import call_command

from careportal import demo
from careportal.lib.dates import nz_today
from partners import demo as partner_demo
from referrals import demo as referral_demo
from referrals.choices import ReferralStatus
from referrals.models import ProviderDecision, Referral, ReferralContact

pytestmark = pytest.mark.django_db


@pytest.fixture
def ctx():
    context = demo.DemoContext(today=nz_today(), password="demo-password")
    partner_demo.seed_organisations(context)
    demo.seed_users(context)
    return context


def test_demo_has_referrals_in_every_status_and_is_idempotent(ctx):
    referral_demo.seed(ctx)
    counts = (Referral.objects.count(), ReferralContact.objects.count(), ProviderDecision.objects.count())
    referral_demo.seed(ctx)
    assert (
        Referral.objects.count(),
        ReferralContact.objects.count(),
        ProviderDecision.objects.count(),
    ) == counts
    assert set(Referral.objects.values_list("status", flat=True)) == set(ReferralStatus.values)
    assert set(Referral.objects.values_list("managed_by__username", flat=True)) == {"drc"}
    providers = set(Referral.objects.exclude(provider=None).values_list("provider__legal_name", flat=True))
    assert providers == {ctx.organisations["provider"].legal_name, ctx.organisations["provider2"].legal_name}
    assert ReferralContact.objects.exists()


def test_demo_provider_users_see_only_their_own(ctx, api_as):
    referral_demo.seed(ctx)
    mine = api_as(ctx.users["provider"]).get("/api/v1/referrals/").json()
    theirs = api_as(ctx.users["provider2"]).get("/api/v1/referrals/").json()
    assert mine["count"] > 0 and theirs["count"] > 0
    assert not {r["id"] for r in mine["results"]} & {r["id"] for r in theirs["results"]}


def test_full_seed_demo_includes_the_referrals(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    assert Referral.objects.filter(status=ReferralStatus.ESCALATED).exists()
