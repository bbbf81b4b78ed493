"""The address of the person behind a request, through the proxies we trust.

Behind nginx every request arrives from nginx's address, so anything keyed on
``REMOTE_ADDR`` (feedback rate limits, log-in lockout) would treat all citizens
as one. ``TRUSTED_PROXIES`` lists the proxies' addresses or networks (default:
loopback, nginx on the same host). Only when the connecting address is one of
them is ``X-Forwarded-For`` read, from the right: each trusted proxy appended
the address it saw, so the first address from the right that is not a trusted
proxy is the client. Anything left of it was written by the client and is never
believed. A client connecting directly cannot choose its address this way.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def parse_networks(values: list[str], name: str = "TRUSTED_PROXIES") -> list[Network]:
    """Addresses or networks (``10.0.0.5``, ``10.0.0.0/24``, ``::1``); a bad one fails loudly."""
    networks = []
    for value in values:
        try:
            networks.append(ipaddress.ip_network(value, strict=False))
        except ValueError:
            raise ImproperlyConfigured(
                f"{name} must list IP addresses or networks, got {value!r}"
            ) from None
    return networks


@lru_cache(maxsize=8)
def _trusted(values: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(parse_networks(list(values)))


def _is_trusted(address: Address, trusted: tuple[Network, ...]) -> bool:
    return any(address in network for network in trusted)


def client_address(request: HttpRequest) -> str | None:
    """The client's IP address as text (None if none can be read: django-axes then
    stores no address, as it does without this function)."""
    trusted = _trusted(tuple(getattr(settings, "TRUSTED_PROXIES", ())))
    try:
        address: Address = ipaddress.ip_address(request.META.get("REMOTE_ADDR") or "")
    except ValueError:
        return None
    if _is_trusted(address, trusted):
        hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        for hop in reversed([h.strip() for h in hops if h.strip()]):
            try:
                address = ipaddress.ip_address(hop)
            except ValueError:
                break  # garbage: keep the last address a trusted proxy vouched for
            if not _is_trusted(address, trusted):
                break
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return str(address.ipv4_mapped)  # ::ffff:1.2.3.4 from a dual-stack socket
    return str(address)
