"""Every environment value the project reads, through typed helpers that fail loudly.

A bad value stops start-up with `ImproperlyConfigured` naming the variable and what was expected, so
a typo in a deployment never silently falls back to a default.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Callable
from typing import Any, TypeVar

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

T = TypeVar("T")
_MISSING = object()
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def _read(name: str, default: object, parse: Callable[[str], T], expected: str) -> T:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        if default is _MISSING:
            raise ImproperlyConfigured(f"Environment variable {name} is required ({expected}).")
        return default  # type: ignore[return-value]
    try:
        return parse(raw)
    except (ValueError, TypeError) as exc:
        raise ImproperlyConfigured(
            f"Environment variable {name}={raw!r} is not valid: expected {expected}."
        ) from exc


def env_str(name: str, default: object = _MISSING) -> str:
    return _read(name, default, str, "a string")


def env_bool(name: str, default: object = _MISSING) -> bool:
    def parse(raw: str) -> bool:
        value = raw.strip().lower()
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
        raise ValueError(raw)

    return _read(name, default, parse, "one of true/false/1/0/yes/no/on/off")


def env_int(name: str, default: object = _MISSING, *, minimum: int | None = None) -> int:
    def parse(raw: str) -> int:
        value = int(raw.strip())
        if minimum is not None and value < minimum:
            raise ValueError(raw)
        return value

    bound = f" of at least {minimum}" if minimum is not None else ""
    return _read(name, default, parse, f"a whole number{bound}")


def env_list(name: str, default: object = _MISSING) -> list[str]:
    return _read(name, default, lambda raw: [p.strip() for p in raw.split(",") if p.strip()], "a comma list")


def env_networks(name: str, default: object = _MISSING) -> list[str]:
    """A comma list of IP addresses or CIDR networks (`10.0.0.0/8, 2001:db8::/32`), each checked."""

    def parse(raw: str) -> list[str]:
        return [str(ipaddress.ip_network(p.strip(), strict=False)) for p in raw.split(",") if p.strip()]

    return _read(name, default, parse, "a comma list of IP addresses or networks such as 10.0.0.0/8")


def env_database(name: str, default: object = _MISSING, *, conn_max_age: int = 0) -> dict:
    """The database `name` names; connections are kept DATABASE_CONN_MAX_AGE seconds (`conn_max_age` by
    default). 0 closes each at the end of its request: a thread-per-request server (the development
    server) would otherwise leave one open per finished thread until PostgreSQL refuses new ones."""
    max_age = env_int("DATABASE_CONN_MAX_AGE", conn_max_age, minimum=0)

    def parse(raw: str) -> dict:
        if "://" not in raw:
            raise ValueError(raw)
        config: dict[str, Any] = dict(
            dj_database_url.parse(raw, conn_max_age=max_age, conn_health_checks=max_age > 0)
        )
        if config["ENGINE"].endswith("postgresql"):
            # SSD storage: a realistic random_page_cost lets the planner use the (status, newest) index
            # for a filtered first page instead of walking the newest-first index past every other
            # status (decision 0010: 52 ms -> 0.1 ms for the monitoring referrals at scale 1). A prepared
            # statement with parameters is still planned for its values (force_custom_plan): a generic
            # plan made a referral search 4x slower.
            options = "-c random_page_cost=1.1 -c plan_cache_mode=force_custom_plan"
            config.setdefault("OPTIONS", {})["options"] = options
            if env_bool("DATABASE_PREPARED_STATEMENTS", True):
                # A statement run 5 times on a connection is prepared (psycopg): parsed once, and planned
                # once if it has no parameters; planning the agreements list's five-table join took 1 ms of
                # its 1.3 ms (decision 0010). Turn off behind a pooler in transaction mode (pgbouncer).
                config["OPTIONS"].update(server_side_binding=True, prepare_threshold=5)
        return config

    return _read(name, default, parse, "a database URL such as postgres://user@host:5432/name")


def env_url(name: str, default: object = _MISSING, *, schemes: tuple[str, ...]) -> str:
    def parse(raw: str) -> str:
        if raw.split("://", 1)[0] not in schemes or "://" not in raw:
            raise ValueError(raw)
        return raw

    return _read(name, default, parse, f"a URL starting with {' or '.join(s + '://' for s in schemes)}")
