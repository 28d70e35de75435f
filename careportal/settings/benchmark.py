"""benchmarks/run.py only: production settings plus the benchmark's app, for loopback hosts only.

The only settings that install `benchmarks.loadgen` (`manage.py generate_load_data` and the `.values()`
baseline route the agreements API is compared with, in its own ROOT_URLCONF); base and production
settings know nothing of it. The benchmark client talks plain http over loopback, so cookies lack the
Secure flag here; this module refuses any host but loopback.
"""

from django.core.exceptions import ImproperlyConfigured

from .production import *  # noqa: F403

_LOOPBACK = {"127.0.0.1", "localhost", "::1", "testserver"}
if not ALLOWED_HOSTS or set(ALLOWED_HOSTS) - _LOOPBACK:  # noqa: F405
    raise ImproperlyConfigured(
        "Environment variable ALLOWED_HOSTS must name only loopback hosts with careportal.settings.benchmark."
    )

INSTALLED_APPS = [*INSTALLED_APPS, "benchmarks.loadgen"]  # noqa: F405
ROOT_URLCONF = "benchmarks.loadgen.urls"
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
