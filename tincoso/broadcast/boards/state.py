"""The small state a board polls every few seconds (§9.9): the manifest version it
should hold, the officer's "refresh now" and "screenshot" counters, and the active
emergency for its area. Signed like the manifest and answered 304 while unchanged.

Polls are recorded (when the board last pulled its manifest, last asked for its
state, and *last seen* for the device list) at most every ``RECORD_EVERY``, so a
board polling every 5 s costs a write every half minute, not every poll.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.db.models import Q

from tincoso.broadcast.boards import emergency
from tincoso.broadcast.boards.manifest import manifest_for, state_of
from tincoso.broadcast.boards.models import BoardState
from tincoso.broadcast.devices import signing
from tincoso.broadcast.devices.models import Device

FORMAT = "tincoso-board-state/1"
RECORD_EVERY = dt.timedelta(seconds=20)


@dataclass(frozen=True)
class BoardStateAnswer:
    etag: str
    body: bytes
    signature: str
    key_id: str


def current(device: Device, now: dt.datetime) -> tuple[BoardStateAnswer, BoardState]:
    version = manifest_for(device, now).version
    row = state_of(device)
    body = signing.canonical({
        "format": FORMAT, "device_id": device.pk, "manifest_version": version,
        "refresh": row.refresh_seq, "screenshot": row.screenshot_seq,
        "emergency": emergency.active_for(device, now),
    })  # fmt: skip
    etag = f'"s{device.pk}-{hashlib.sha256(body).hexdigest()[:20]}"'
    return BoardStateAnswer(etag, body, signing.sign(body), signing.key_id()), row


def record(device: Device, field: str, now: dt.datetime, row: BoardState | None = None) -> None:
    """Note that the board pulled (``pulled_at``) or polled (``polled_at``), and was seen.
    With the board's ``row`` at hand, a recent note costs no statement at all."""
    since = now - RECORD_EVERY
    recent = row is not None and getattr(row, field) is not None and getattr(row, field) >= since
    if not recent:
        stale = Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__lt": since})
        BoardState.objects.filter(stale, device=device).update(**{field: now})
    if device.last_seen is None or device.last_seen < since:
        Device.objects.filter(Q(last_seen__isnull=True) | Q(last_seen__lt=since),
                              pk=device.pk).update(last_seen=now)
