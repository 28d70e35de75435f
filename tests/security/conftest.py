"""Fixtures for the security tests (personas come from tests/conftest.py)."""


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: a long security check (the permission matrix, fuzzing)")
