"""Slow down guesses at one account from anywhere, without locking its owner out.

django-axes locks an account *and address* pair after a few failures, so a
stranger elsewhere cannot lock a person out; but guesses spread over many
addresses would then never stop. So each account also has a ceiling: after
``LOGIN_ACCOUNT_CEILING`` failures within ``LOGIN_CEILING_WINDOW_SECONDS`` (from
any address), every further try for it must wait 2, 4, 8 … seconds, at most
``LOGIN_SLOWDOWN_MAX_SECONDS``, after the last failure. Its owner can still log
in after that short wait; guesses are held to about one a minute.

The counters live in the "shared" cache (database or Redis), so every worker
and app server sees the same figures. Account names are hashed in the keys.
"""

from __future__ import annotations

import hashlib
import math
from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.core.cache import caches
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver
from django.http import HttpRequest

from tincoso.core import clock


def _key(kind: str, username: str) -> str:
    digest = hashlib.sha256(username.strip().casefold().encode()).hexdigest()[:32]
    return f"login-{kind}:{digest}"


def wait_seconds(username: str) -> int:
    """How long tries for ``username`` must still wait (0: a try may go ahead now)."""
    if not username:
        return 0
    until = caches["shared"].get(_key("until", username))
    if until is None:
        return 0
    return max(0, math.ceil(float(until) - clock.now().timestamp()))


def record_failure(username: str) -> None:
    if not username:
        return
    cache = caches["shared"]
    key = _key("failures", username)
    cache.add(key, 0, timeout=settings.LOGIN_CEILING_WINDOW_SECONDS)
    try:
        failures = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=settings.LOGIN_CEILING_WINDOW_SECONDS)
        failures = 1
    over = failures - settings.LOGIN_ACCOUNT_CEILING
    if over >= 0:
        delay = min(2 ** (over + 1), settings.LOGIN_SLOWDOWN_MAX_SECONDS)
        until = clock.now().timestamp() + delay
        cache.set(_key("until", username), until, timeout=delay + 1)


@receiver(user_login_failed)
def _count_failure(sender: Any, credentials: dict[str, Any], **kwargs: Any) -> None:
    record_failure(str(credentials.get("username") or ""))


class SlowDownBackend:
    """Before the password-checking backend: refuses, unchecked, a try for an account
    that must still wait, whatever the way in (log-in form, API token, admin). It has
    no ``get_user``: it never logs anyone in, so sessions never name it."""

    def authenticate(self, request: HttpRequest | None, username: str | None = None,
                     **kwargs: Any) -> None:  # fmt: skip
        if username and wait_seconds(username):
            raise PermissionDenied("account is slowed down")
        return None
