"""The signed board manifest: the slides one board shows, in the device manifest's
scheme (docs/device-protocol.md §4 and §9.9): canonical JSON, Ed25519 signature of
the body in a header, a version that moves only when the slides move (or half the
validity has passed), so an unchanged manifest keeps its bytes, signature and ETag.

A computed manifest is kept in the cache while the portal's stamp (any change of
what the public may read), the weather's generation, the local day and the board
itself are unchanged, and at most ``MAX_REUSE``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.core.cache import caches
from django.utils import timezone

from tincoso.broadcast.boards.models import BoardState
from tincoso.broadcast.boards.slides import Media, slides_for
from tincoso.broadcast.devices import key_ring, signing
from tincoso.broadcast.devices.manifest import manifest_hours, settle_version, utc
from tincoso.broadcast.devices.models import Device
from tincoso.publishing import caching

FORMAT = "tincoso-board-manifest/1"
MAX_REUSE = dt.timedelta(seconds=60)
WEATHER_GENERATION = "broadcast-boards:weather"


@dataclass(frozen=True)
class BoardManifest:
    device_id: int
    version: int
    etag: str
    body: bytes
    signature: str
    key_id: str
    media: dict[str, Media]
    slides: list[dict[str, object]]
    fresh_until: dt.datetime


def state_of(device: Device) -> BoardState:
    state, _ = BoardState.objects.get_or_create(device=device)
    return state


def weather_generation() -> int:
    return int(caches["shared"].get(WEATHER_GENERATION) or 0)


def bump_weather() -> None:
    store = caches["shared"]
    try:
        store.incr(WEATHER_GENERATION)
    except ValueError:
        store.set(WEATHER_GENERATION, weather_generation() + 1, timeout=None)


def etag_for(device_id: int, version: int) -> str:
    return f'"b{device_id}-{version}"'


def _cache_key(device: Device, now: dt.datetime, key_id: str) -> str:
    return (f"boards:manifest:{device.pk}:{device.created_at.timestamp()}:{device.unit_id}:"
            f"{caching.stamp().timestamp()}:{weather_generation()}:"
            f"{timezone.localdate(now)}:{key_id}")


def manifest_for(device: Device, now: dt.datetime) -> BoardManifest:
    """The board's current manifest, signed; the same bytes while nothing changed."""
    key_id = signing.key_id()
    key = _cache_key(device, now, key_ring.ring_id(now))
    kept = caches["default"].get(key)
    if kept is not None and now < kept.fresh_until:
        state = BoardState.objects.filter(device=device).values_list(
            "manifest_version", flat=True).first()
        if state == kept.version:
            return kept
    made = _compute(device, now, key_id)
    caches["default"].set(key, made, timeout=int(MAX_REUSE.total_seconds()))
    return made


def _compute(device: Device, now: dt.datetime, key_id: str) -> BoardManifest:
    found = slides_for(device, now)
    content = {"device_id": device.pk, "unit_id": device.unit_id, "unit": device.unit.name,
               "timezone": "Asia/Ho_Chi_Minh", "slides": found.slides,
               # During a key rotation, the keys the board must trust (protocol §2.1).
               **({"keys": ring} if (ring := key_ring.announced(now)) else {})}
    state = state_of(device)
    settle_version(state, hashlib.sha256(signing.canonical(content)).hexdigest(), now)
    assert state.manifest_issued_at is not None and state.manifest_valid_until is not None
    body = signing.canonical({
        "format": FORMAT, **content, "version": state.manifest_version,
        "issued_at": utc(state.manifest_issued_at),
        "valid_until": utc(state.manifest_valid_until),
    })  # fmt: skip
    lifetime = dt.timedelta(hours=manifest_hours())
    fresh_until = min(now + MAX_REUSE, state.manifest_issued_at + lifetime / 2)
    return BoardManifest(device.pk, state.manifest_version,
                         etag_for(device.pk, state.manifest_version), body,
                         signing.sign(body), key_id, found.media, found.slides, fresh_until)
