"""benchmarks/run.py only: production settings with the benchmark's two switches turned on in code.

The benchmark client talks plain http over loopback, so cookies lack the Secure flag, and it compares
the agreements API with the `.values()` baseline route (careportal.benchmarking.views). Production
settings refuse both switches from the environment; this module refuses any host but loopback.
"""

from django.core.exceptions import ImproperlyConfigured

from .production import *  # noqa: F403

_LOOPBACK = {"127.0.0.1", "localhost", "::1", "testserver"}
if not ALLOWED_HOSTS or set(ALLOWED_HOSTS) - _LOOPBACK:  # noqa: F405
    raise ImproperlyConfigured(
        "Environment variable ALLOWED_HOSTS must name only loopback hosts with careportal.settings.benchmark."
    )

SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
BENCHMARK_BASELINE_ENDPOINT = True
