"""Protection of the public submission form without collecting identities.

Per-source rate limits are counters in the cache (django-ratelimit) keyed by a
keyed hash (HMAC) of the client's network address and the day: the address is
never written to the database or a log, the hash cannot be reversed without the
server's secret, and it changes every day, so nothing links one day's sender to
the next. A honeypot field that people never see catches form-filling robots,
and sizes are bounded before anything is read into memory.

Limits may be tuned from the environment: ``FEEDBACK_RATE`` (default ``5/10m``)
and ``FEEDBACK_DAILY_RATE`` (default ``30/d``); ``off`` disables them (benchmarks).
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django_ratelimit import ALL  # type: ignore[import-untyped]
from django_ratelimit.core import is_ratelimited  # type: ignore[import-untyped]

from tincoso.core import clock
from tincoso.core.clientip import client_address
from tincoso.core.env import env_str
from tincoso.core.errors import DomainError

HONEYPOT_FIELD = "website"
MAX_TEXT_CHARS = 5000
MIN_TEXT_CHARS = 10


class RateLimitedError(DomainError):
    status = 429
    code = "rate_limited"


class SpamError(DomainError):
    code = "rejected"


def _rates() -> list[tuple[str, str]]:
    short = env_str("FEEDBACK_RATE", "5/10m") or "5/10m"
    daily = env_str("FEEDBACK_DAILY_RATE", "30/d") or "30/d"
    return [(group, rate) for group, rate in (("feedback-short", short), ("feedback-day", daily))
            if rate != "off"]


def client_network(request: HttpRequest) -> str:
    """The sender's address (through trusted proxies: core.clientip), widened to its
    /64 for IPv6 (one household's block)."""
    try:
        address = ipaddress.ip_address(client_address(request) or "")
    except ValueError:
        return "invalid"
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False).network_address)
    return str(address)


def source_key(group: str, request: HttpRequest) -> str:
    """HMAC of the day and the network address: a counter key that identifies nobody."""
    secret = hashlib.sha256(f"feedback-rate|{settings.SECRET_KEY}".encode()).digest()
    message = f"{clock.today().isoformat()}|{client_network(request)}".encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()[:32]


def check_rate(request: HttpRequest, *, increment: bool = True) -> None:
    """Raise RateLimitedError (429) when this source has sent too much lately."""
    for group, rate in _rates():
        if is_ratelimited(request, group=group, key=source_key, rate=rate, method=ALL,
                          increment=increment):
            raise RateLimitedError(_("Bạn đã gửi quá nhiều ý kiến trong thời gian ngắn. "
                                     "Xin vui lòng thử lại sau."))


def check_honeypot(data: Any) -> None:
    if str(data.get(HONEYPOT_FIELD, "") or "").strip():
        raise SpamError(_("Không gửi được ý kiến. Xin vui lòng thử lại."))
