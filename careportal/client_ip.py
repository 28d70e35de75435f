"""The client's address, the one way every part of the portal reads it (the audit trail, django-axes'
lockout, the API throttle).

`X-Forwarded-For` is believed only when the request comes from a proxy named in TRUSTED_PROXIES: anyone
else can write whatever they like in it. Behind trusted proxies the header is read from the right (each
proxy appends the address it saw) and the first address that is not itself a trusted proxy is the client;
whatever the client wrote further left is ignored.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(p, strict=False) for p in proxies)


def _parse(value: str) -> Address | None:
    """An address as a proxy writes it: `203.0.113.9`, `2001:db8::1`, `[2001:db8::1]:443`, `203.0.113.9:443`."""
    value = value.strip()
    if value.startswith("[") and "]" in value:
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:
        value = value.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    mapped = getattr(address, "ipv4_mapped", None)  # ::ffff:203.0.113.9 is 203.0.113.9
    return mapped or address


def _trusted(address: Address, networks: tuple[Network, ...]) -> bool:
    return any(address.version == n.version and address in n for n in networks)


def client_ip(request: HttpRequest) -> str | None:
    """The client's address as a string (None if the peer's is unusable). Also AXES_CLIENT_IP_CALLABLE."""
    peer = _parse(request.META.get("REMOTE_ADDR") or "")
    networks = _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ())))
    if peer is None or not networks or not _trusted(peer, networks):
        return str(peer) if peer else None
    client = peer
    for hop in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        address = _parse(hop)
        if address is None:  # not written by a proxy of ours: stop at the last hop that was
            break
        client = address
        if not _trusted(address, networks):
            break
    return str(client)
