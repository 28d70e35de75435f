"""The cache is an optimisation, never a dependency: a Redis cache that answers "not there" when Redis is
unreachable, instead of failing the request.

Every reader already has a way without it (a list counts its rows afresh, the token throttle lets the
request through while django-axes keeps locking accounts in the database). Sessions, axes and the
double-submit guard live in PostgreSQL, so nothing that must be right depends on the cache.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

log = logging.getLogger(__name__)
T = TypeVar("T")
_FAILURES = (RedisError, OSError)


class FailOpenRedisCache(RedisCache):
    """Django's RedisCache, where a call that cannot reach Redis answers as if the key were absent (get →
    the default, add/set → not stored, delete → nothing deleted) and logs one warning. After a failure the
    process leaves Redis alone for RETRY_AFTER_SECONDS (an OPTIONS key), so an outage costs each page no
    waiting at all; the first call after that tries Redis again."""

    _down_until: dict[str, float] = {}  # per server, shared by the process's threads

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        options = dict(params.get("OPTIONS") or {})
        self.retry_after = float(options.pop("RETRY_AFTER_SECONDS", 5))
        super().__init__(server, {**params, "OPTIONS": options})
        self._server_key = str(server)

    def _call(self, fallback: T, method: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        if time.monotonic() < self._down_until.get(self._server_key, 0.0):
            return fallback
        try:
            return method(*args, **kwargs)
        except _FAILURES as exc:
            self._down_until[self._server_key] = time.monotonic() + self.retry_after
            log.warning(
                "Cache unreachable (%s: %s); carrying on without it for %g s: list counts are live and "
                "the token throttle is open (django-axes still locks accounts).",
                type(exc).__name__,
                exc,
                self.retry_after,
            )
            return fallback

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(False, super().add, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call(default, super().get, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(None, super().set, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._call(False, super().delete, key, version)

    def get_many(self, keys, version=None):
        return self._call({}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._call(False, super().has_key, key, version)

    def incr(self, key, delta=1, version=None):
        # Django's incr of a missing key raises ValueError; with Redis away every key is missing.
        missing = object()
        result = self._call(missing, super().incr, key, delta, version)
        if result is missing:
            raise ValueError(f"Key {key!r} not found (the cache is unreachable).")
        return result

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(list(data), super().set_many, data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call(None, super().delete_many, keys, version)

    def clear(self):
        # django-stubs types clear() as returning None; Django's Redis client returns flushdb()'s bool.
        return self._call(False, super().clear)  # type: ignore[arg-type]
