"""The API's throttles: the client is the address careportal.client_ip names, and a cache outage opens
the throttle instead of failing the request."""

from __future__ import annotations

import logging

from rest_framework.throttling import ScopedRateThrottle

from careportal.client_ip import client_ip

log = logging.getLogger(__name__)


class FailOpenScopedRateThrottle(ScopedRateThrottle):
    """DRF's scoped throttle (`throttle_scope` on the view), with two changes:

    - the client is `client_ip(request)`: DRF's own ident takes X-Forwarded-For from anyone when
      NUM_PROXIES is unset, so a new made-up address per request slipped past the limit;
    - if the cache that holds the request history cannot be reached, the request goes through and a
      warning is logged. The throttle is a brake, not the lock: django-axes (in the database) still
      locks an account after repeated failed sign-ins, token requests included."""

    def get_ident(self, request) -> str:
        return client_ip(request) or ""

    def allow_request(self, request, view) -> bool:
        try:
            return super().allow_request(request, view)
        except Exception as exc:  # noqa: BLE001 - any cache failure; the cache is an optimisation
            log.warning("Throttle %r not applied: the cache is unreachable (%s).", self.scope, exc)
            return True
