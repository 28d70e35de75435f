"""Referral fixtures: `make_referral(status)` managed by the `drc` persona and, once sent, with `provider_org`."""

import pytest

from tests.referrals.factories import FACTORIES, WITH_PROVIDER


@pytest.fixture
def make_referral(drc, provider_org):
    def make(status, **fields):
        fields.setdefault("managed_by", drc)
        if status in WITH_PROVIDER:
            fields.setdefault("provider", provider_org)
        return FACTORIES[status](**fields)

    return make
