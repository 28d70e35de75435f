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
