"""The one clock the platform reads, so tests can set the time.

Code asks ``clock.now()`` instead of ``timezone.now()``; a test freezes or moves
it with ``clock.set(...)`` / ``clock.advance(...)`` and ``clock.reset()``.
"""

from __future__ import annotations

import datetime as dt
import time

from django.utils import timezone

_frozen: dt.datetime | None = None


def now() -> dt.datetime:
    return _frozen if _frozen is not None else timezone.now()


def timestamp() -> float:
    """``now()`` as POSIX seconds, without building a datetime (for hot paths)."""
    return _frozen.timestamp() if _frozen is not None else time.time()


def today() -> dt.date:
    return timezone.localdate(now())


def set(moment: dt.datetime) -> None:
    global _frozen
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    _frozen = moment


def advance(delta: dt.timedelta) -> None:
    set(now() + delta)


def reset() -> None:
    global _frozen
    _frozen = None
