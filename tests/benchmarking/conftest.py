"""The load generator is the benchmark's app (benchmarks.loadgen), which only careportal.settings.benchmark
installs: these tests install it as that module does."""

import pytest
from django.test import modify_settings


@pytest.fixture(autouse=True)
def loadgen_installed():
    with modify_settings(INSTALLED_APPS={"append": "benchmarks.loadgen"}):
        yield
