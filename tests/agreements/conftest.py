"""Fixtures for the agreements tests (personas come from tests/conftest.py)."""

from __future__ import annotations

import pytest

from careportal.lib.dates import nz_today


@pytest.fixture
def today():
    return nz_today()


@pytest.fixture
def personas(request):
    """Look a persona fixture up by name (for role tables)."""

    def get(name: str):
        return request.getfixturevalue(name)

    return get


# An approved care partner as the agreements see one: approved under s396 and accredited at Level 1 (R-ALL-4;
# the partners tests set accreditation themselves, so the shared fixtures carry none).
@pytest.fixture
def partner_org(partner_org):
    from tests.partners.factories import AccreditationFactory

    AccreditationFactory(organisation=partner_org)
    return partner_org


@pytest.fixture
def other_partner_org(other_partner_org):
    from tests.partners.factories import AccreditationFactory

    AccreditationFactory(organisation=other_partner_org)
    return other_partner_org
