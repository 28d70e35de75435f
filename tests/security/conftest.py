"""Fixtures for the security tests (personas come from tests/conftest.py)."""

import pytest


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: a long security check (the permission matrix, fuzzing)")


@pytest.fixture(autouse=True)
def _optional_features_on(settings):
    """Features a deployment switches on (off in the quick start) are checked as a deployment using them
    sees them: invitations (decision 0022)."""
    settings.INVITATIONS_ENABLED = True
